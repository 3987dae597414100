// A running simulator around any ClusterModel: TLS identity, dispatcher and HTTPS server.
// pvesim::Simulator wraps it with the seeded model; tests use it with a fake model.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api_dispatcher.h"
#include "https_server.h"
#include "pvesim/simulator.h"
#include "tls_identity.h"

namespace pvesim {

class SimServer {
 public:
  SimServer(std::unique_ptr<ClusterModel> model, const Options& options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Applies the faults ("offline:NODE"), then listens; throws std::runtime_error on failure.
  void start();
  void stop();

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string fingerprint() const { return identity_.fingerprint_sha256(); }
  [[nodiscard]] std::string ca_pem() const { return identity_.certificate_pem(); }
  [[nodiscard]] ApiDispatcher& dispatcher() { return dispatcher_; }
  [[nodiscard]] const ApiDispatcher& dispatcher() const { return dispatcher_; }

 private:
  Options options_;
  std::unique_ptr<ClusterModel> model_;
  TlsIdentity identity_;
  ApiDispatcher dispatcher_;
  HttpsServer server_;
  int port_ = 0;
};

}  // namespace pvesim
