// Wiring of the simulator's parts and fault injection at start.
#include "sim_server.h"

#include <stdexcept>

namespace pvesim {

SimServer::SimServer(std::unique_ptr<ClusterModel> model, const Options& options)
    : options_(options),
      model_(std::move(model)),
      identity_(TlsIdentity::generate()),
      dispatcher_(ApiSchema::embedded(), *model_,
                  DispatcherOptions{options.auth_failure_delay_ms, !options.quiet}),
      server_(
          identity_, [this](const HttpRequest& r) { return dispatcher_.handle(r); },
          ApiDispatcher::kMaxBody, ApiDispatcher::too_large()) {}

SimServer::~SimServer() {
  stop();
}

void SimServer::start() {
  for (const auto& fault : options_.faults) {
    static const std::string kOffline = "offline:";
    if (fault.starts_with(kOffline) && fault.size() > kOffline.size()) {
      dispatcher_.set_node_offline(fault.substr(kOffline.size()), true);
    } else {
      throw std::runtime_error("unknown fault '" + fault + "' (supported: offline:NODE)");
    }
  }
  port_ = server_.start(options_.bind, options_.port);
}

void SimServer::stop() {
  server_.stop();
}

}  // namespace pvesim
