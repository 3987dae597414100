// pvesim::Simulator: the public face of the simulator, backed by the seeded cluster model.
#include "pvesim/simulator.h"

#include <stdexcept>

#include "api_types.h"
#include "cluster_model.h"
#include "sim_server.h"

namespace pvesim {

namespace {
constexpr const char* kAdminToken = "root@pam!mcpserver";
constexpr const char* kAuditorToken = "auditor@pve!ro";
constexpr const char* kOperatorToken = "operator@pve!ops";

std::unique_ptr<ClusterModel> seeded_model(const Options& options) {
  return make_sim_cluster_model(options.seed, options.task_ms,
                                options.clock ? Clock(options.clock) : system_clock());
}
}  // namespace

struct Simulator::Impl {
  explicit Impl(const Options& options) : server(seeded_model(options), options) {}
  SimServer server;
};

Simulator::Simulator(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
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
std::string Simulator::operator_token_secret() const {
  return impl_->server.dispatcher().token_secret(kOperatorToken);
}
std::string Simulator::token_secret(const std::string& token_id) const {
  return impl_->server.dispatcher().token_secret(token_id);
}
std::string Simulator::user_password(const std::string& userid) const {
  return impl_->server.user_password(userid);
}
void Simulator::set_fault(const std::string& spec) {
  impl_->server.add_fault(spec);
}
void Simulator::clear_faults() {
  impl_->server.clear_faults();
}
std::vector<std::string> Simulator::faults() const {
  return impl_->server.fault_specs();
}
void Simulator::reset() {
  if (!impl_->server.reset()) throw std::logic_error("the seeded model cannot be reset");
}
std::string Simulator::dump_state() const {
  return impl_->server.dump_state().dump();
}

}  // namespace pvesim
