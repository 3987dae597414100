// pvesim::Simulator: the public face of the simulator, backed by the seeded cluster model.
#include "pvesim/simulator.h"

#include "api_types.h"
#include "sim_server.h"

namespace pvesim {

namespace {
constexpr const char* kAdminToken = "root@pam!mcpserver";
constexpr const char* kAuditorToken = "auditor@pve!ro";
}  // namespace

struct Simulator::Impl {
  explicit Impl(const Options& options)
      : server(make_cluster_model(options.seed, options.task_ms), options) {}
  SimServer server;
};

Simulator::Simulator(Options options) : impl_(std::make_unique<Impl>(options)) {}
Simulator::~Simulator() = default;

void Simulator::start() {
  impl_->server.start();
}
void Simulator::stop() {
  impl_->server.stop();
}
int Simulator::port() const {
  return impl_->server.port();
}
std::string Simulator::fingerprint() const {
  return impl_->server.fingerprint();
}
std::string Simulator::ca_pem() const {
  return impl_->server.ca_pem();
}
std::string Simulator::token_user() const {
  return "root@pam";
}
std::string Simulator::token_name() const {
  return "mcpserver";
}
std::string Simulator::token_secret() const {
  return impl_->server.dispatcher().token_secret(kAdminToken);
}
std::string Simulator::auditor_token_secret() const {
  return impl_->server.dispatcher().token_secret(kAuditorToken);
}
std::vector<RecordedRequest> Simulator::requests() const {
  return impl_->server.dispatcher().requests();
}
void Simulator::clear_requests() {
  impl_->server.dispatcher().clear_requests();
}
void Simulator::set_node_offline(const std::string& node, bool offline) {
  impl_->server.dispatcher().set_node_offline(node, offline);
}

}  // namespace pvesim
