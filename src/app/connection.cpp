#include "app/connection.h"

#include "pvesim/simulator.h"

namespace app {
namespace {

// A simulated task runs long enough to watch it with proxmox_get_task_status.
constexpr int kDemoTaskMs = 1500;

}  // namespace

pve::ClientOptions client_options(const config::Config& config) {
  pve::ClientOptions options;
  options.host = config.host;
  options.more_hosts = config.more_hosts;
  options.port = config.port;
  options.user = config.user;
  options.token_name = config.token_name;
  options.token_secret = config.token_secret;
  options.ca_file = config.ca_file;
  options.fingerprint = config.fingerprint;
  options.insecure = config.insecure_tls;
  options.connect_timeout_ms = config.connect_timeout_ms;
  options.timeout_ms = config.timeout_ms;
  return options;
}

Demo::Demo(const config::Config& config) {
  pvesim::Options sim;
  sim.bind = "127.0.0.1";
  sim.port = 0;
  sim.seed = "small";
  sim.task_ms = kDemoTaskMs;
  simulator_ = std::make_unique<pvesim::Simulator>(sim);
  simulator_->start();

  options_.host = sim.bind;
  options_.port = simulator_->port();
  options_.user = simulator_->token_user();
  options_.token_name = simulator_->token_name();
  options_.token_secret = simulator_->token_secret();
  options_.fingerprint = simulator_->fingerprint();
  options_.connect_timeout_ms = config.connect_timeout_ms;
  options_.timeout_ms = config.timeout_ms;
}

Demo::~Demo() {
  if (simulator_) simulator_->stop();
}

}  // namespace app
