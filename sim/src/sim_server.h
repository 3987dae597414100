// A running simulator around any ClusterModel: TLS identity, dispatcher and HTTPS server,
// plus the fault controls and the /__sim/ control endpoint.
// pvesim::Simulator wraps it with the seeded model; tests use it with a fake model.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api_dispatcher.h"
#include "http/server.h"
#include "pvesim/simulator.h"
#include "tls_identity.h"

namespace pvesim {

class SimServer {
 public:
  // Gives every user of the model (ClusterModel::user_ids) a random password.
  SimServer(std::unique_ptr<ClusterModel> model, const Options& options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Applies options.faults, then listens; throws std::runtime_error on failure (a bad fault
  // spec included).
  void start();
  void stop();

  [[nodiscard]] int port() const { return port_; }
  // The certificate served to new connections (it changes with the "cert" fault).
  [[nodiscard]] std::string fingerprint() const;
  [[nodiscard]] std::string ca_pem() const;
  [[nodiscard]] ApiDispatcher& dispatcher() { return dispatcher_; }
  [[nodiscard]] const ApiDispatcher& dispatcher() const { return dispatcher_; }
  [[nodiscard]] std::string user_password(const std::string& userid) {
    return dispatcher_.tickets().password(userid);
  }

  // Faults as "KIND:SCOPE[:ARG]" (fault_injection.h); add_fault throws std::invalid_argument.
  void add_fault(const std::string& spec);
  void clear_faults();  // also brings fault-offlined nodes back and restores the certificate
  [[nodiscard]] std::vector<std::string> fault_specs();
  // Back to the seed (faults stay in force); false when the model cannot.
  bool reset();
  [[nodiscard]] Json dump_state();

 private:
  ApiResponse control(const std::string& method, const std::string& path, const Json& params);
  void apply_offline_faults();

  Options options_;
  std::unique_ptr<ClusterModel> model_;
  const TlsIdentity identity_;
  mutable std::mutex identity_mutex_;
  std::shared_ptr<const TlsIdentity> served_;  // identity_ or a "cert" fault's replacement
  ApiDispatcher dispatcher_;
  http::Server server_;
  std::mutex faults_mutex_;            // serializes fault changes (control and API callers)
  std::vector<std::string> offlined_;  // nodes taken offline by faults
  int port_ = 0;
};

}  // namespace pvesim
