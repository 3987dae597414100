// How the server reaches Proxmox: a real host from the config, or the embedded demo simulator.
#pragma once

#include <memory>

#include "config/config.h"
#include "pve/client.h"

namespace pvesim {
class Simulator;
}

namespace app {

// The client options for the host the config names.
pve::ClientOptions client_options(const config::Config& config);

// A running simulated cluster for --demo, and options that reach it over TLS pinned to its
// certificate with its seeded full-access token. Timeouts come from the config.
class Demo {
 public:
  explicit Demo(const config::Config& config);  // starts the simulator; throws on failure
  ~Demo();
  Demo(const Demo&) = delete;
  Demo& operator=(const Demo&) = delete;

  [[nodiscard]] const pve::ClientOptions& client_options() const { return options_; }

 private:
  std::unique_ptr<pvesim::Simulator> simulator_;
  pve::ClientOptions options_;
};

}  // namespace app
