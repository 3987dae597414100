// Wiring of the simulator's parts, fault injection and the /__sim/ control endpoint.
#include "sim_server.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace pvesim {

namespace {

bool loose_types_wanted(const Options& options) {
  const char* env = std::getenv("PVESIM_LOOSE_TYPES");
  return options.loose_types || (env != nullptr && std::strcmp(env, "1") == 0);
}

ApiResponse control_error(int status, const std::string& message) {
  return ApiResponse::error(status, message + "\n");
}

std::vector<std::string> param_list(const Json& params, const std::string& key) {
  std::vector<std::string> out;
  const auto it = params.find(key);
  if (it == params.end()) return out;
  if (it->is_array()) {
    for (const auto& v : *it) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  } else {
    out.push_back(it->is_string() ? it->get<std::string>() : it->dump());
  }
  return out;
}

http::ServerOptions server_options() {
  http::ServerOptions options;
  options.limits.max_body = ApiDispatcher::kMaxBody;
  options.limits.too_large = ApiDispatcher::too_large();
  return options;
}

http::TlsContext tls_context(const TlsIdentity& identity) {
  return http::make_tls_context(identity.certificate(), identity.key());
}

}  // namespace

SimServer::SimServer(std::unique_ptr<ClusterModel> model, const Options& options)
    : options_(options),
      model_(std::move(model)),
      identity_(TlsIdentity::generate()),
      served_(std::shared_ptr<const TlsIdentity>(&identity_, [](const TlsIdentity*) {})),
      dispatcher_(apischema::ApiSchema::embedded(), *model_,
                  DispatcherOptions{options.auth_failure_delay_ms, !options.quiet, options.clock,
                                    loose_types_wanted(options)}),
      server_(server_options(),
              [this](const HttpRequest& r, const http::Peer&) { return dispatcher_.handle(r); }) {
  server_.set_tls(tls_context(identity_));
  for (const auto& userid : model_->user_ids()) {
    dispatcher_.tickets().set_password(userid, TicketAuthority::random_password());
  }
  dispatcher_.set_control_handler(
      [this](const std::string& method, const std::string& path, const Json& params) {
        return control(method, path, params);
      });
}

SimServer::~SimServer() {
  stop();
}

void SimServer::start() {
  try {
    for (const auto& fault : options_.faults) add_fault(fault);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  port_ = server_.start(options_.bind, options_.port);
}

void SimServer::stop() {
  server_.stop();
}

std::string SimServer::fingerprint() const {
  std::lock_guard lock(identity_mutex_);
  return served_->fingerprint_sha256();
}

std::string SimServer::ca_pem() const {
  std::lock_guard lock(identity_mutex_);
  return served_->certificate_pem();
}

void SimServer::add_fault(const std::string& spec) {
  const Fault fault = parse_fault(spec);
  std::lock_guard faults_lock(faults_mutex_);
  if (fault.kind == FaultKind::kOffline) {
    if (dispatcher_.with_model([&](ClusterModel& m) { return m.node_state(fault.scope); }) ==
        NodeState::kUnknown) {
      throw std::invalid_argument("bad fault '" + spec + "': no node '" + fault.scope + "'");
    }
    dispatcher_.set_node_offline(fault.scope, true);
    offlined_.push_back(fault.scope);
  }
  if (fault.kind == FaultKind::kCert) {
    auto replacement = std::make_shared<const TlsIdentity>(TlsIdentity::generate());
    server_.set_tls(tls_context(*replacement));
    std::lock_guard lock(identity_mutex_);
    served_ = std::move(replacement);
  }
  dispatcher_.faults().add(fault);
}

void SimServer::clear_faults() {
  std::lock_guard faults_lock(faults_mutex_);
  dispatcher_.faults().clear();
  for (const auto& node : offlined_) dispatcher_.set_node_offline(node, false);
  offlined_.clear();
  server_.set_tls(tls_context(identity_));
  std::lock_guard lock(identity_mutex_);
  served_ = std::shared_ptr<const TlsIdentity>(&identity_, [](const TlsIdentity*) {});
}

std::vector<std::string> SimServer::fault_specs() {
  std::vector<std::string> out;
  for (const auto& fault : dispatcher_.faults().list()) out.push_back(fault.spec());
  return out;
}

void SimServer::apply_offline_faults() {
  std::lock_guard faults_lock(faults_mutex_);
  for (const auto& node : offlined_) dispatcher_.set_node_offline(node, true);
}

bool SimServer::reset() {
  const bool done = dispatcher_.with_model([](ClusterModel& m) { return m.reset(); });
  if (done) apply_offline_faults();
  return done;
}

Json SimServer::dump_state() {
  return dispatcher_.with_model([](ClusterModel& m) { return m.dump_state(); });
}

ApiResponse SimServer::control(const std::string& method, const std::string& path,
                               const Json& params) {
  if (path == "/__sim/state" && method == "GET") {
    Json state = dump_state();
    if (state.is_null()) return control_error(501, "this model cannot dump its state");
    state["faults"] = fault_specs();
    return ApiResponse::ok(std::move(state));
  }
  if (path == "/__sim/reset" && method == "POST") {
    if (!reset()) return control_error(501, "this model cannot be reset");
    return ApiResponse::ok(nullptr);
  }
  if (path == "/__sim/faults") {
    if (method == "GET") return ApiResponse::ok(fault_specs());
    if (method == "DELETE") {
      clear_faults();
      return ApiResponse::ok(nullptr);
    }
    if (method == "POST") {
      const auto specs = param_list(params, "fault");
      if (specs.empty()) {
        ApiResponse r = ApiResponse::error(400, "Parameter verification failed.\n");
        r.errors["fault"] = "property is missing and it is not optional";
        return r;
      }
      // Validate all first, so a bad spec leaves nothing half-applied.
      for (const auto& spec : specs) {
        try {
          parse_fault(spec);
        } catch (const std::invalid_argument& e) {
          ApiResponse r = ApiResponse::error(400, "Parameter verification failed.\n");
          r.errors["fault"] = e.what();
          return r;
        }
      }
      try {
        for (const auto& spec : specs) add_fault(spec);
      } catch (const std::invalid_argument& e) {
        return control_error(400, e.what());
      }
      return ApiResponse::ok(fault_specs());
    }
  }
  return control_error(501, "Method '" + method + " " + path + "' not implemented");
}

}  // namespace pvesim
