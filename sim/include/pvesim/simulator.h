// pve-sim: an HTTPS Proxmox VE simulator, usable in-process (tests, --demo) or as build/pve-sim.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pvesim {

struct Options {
  std::string bind = "127.0.0.1";
  int port = 0;                     // 0 = pick a free port
  std::string seed = "small";       // small | standalone | empty | large
  int task_ms = 0;                  // how long a simulated task runs before it stops
  std::vector<std::string> faults;  // "KIND:SCOPE[:ARG]", e.g. "offline:pve3" (sim/README.md)
  bool quiet = true;                // no request log on stderr
  // Added by the HTTP layer: real PVE delays every 401 to about 3 s; the simulator does not,
  // unless asked to (milliseconds).
  int auth_failure_delay_ms = 0;
  // Added for tickets and faults: the time source in milliseconds since the epoch, for the
  // model's tasks and the 2-hour ticket lifetime; empty = the system clock.
  std::function<std::int64_t()> clock;
  // Serve the values real PVE sends in two JSON forms in the form pve-sim otherwise does not use
  // ("100" for 100, true for 1; sim/README.md "Loose types"). PVESIM_LOOSE_TYPES=1 in the
  // environment sets it for every simulator of the process, so whole test suites run under it.
  bool loose_types = false;
};

// One request as the simulator received it, after auth and validation passed or failed.
struct RecordedRequest {
  std::string method;  // GET POST PUT DELETE
  std::string path;    // decoded, after /api2/json, e.g. /nodes/pve1/qemu/100/status/current
  std::vector<std::pair<std::string, std::string>> params;  // query + body, in arrival order
  int status = 0;                                           // HTTP status answered
};

class Simulator {
 public:
  explicit Simulator(const Options& options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  void start();  // listens in background threads; throws std::runtime_error on failure
  void stop();

  [[nodiscard]] int port() const;
  // The certificate served to new connections (a "cert" fault replaces it until cleared).
  [[nodiscard]] std::string fingerprint() const;  // SHA-256 of the certificate, "AB:CD:..."
  [[nodiscard]] std::string ca_pem() const;       // the self-signed certificate, PEM

  // Credentials of the seeded full-access token (root@pam!mcpserver, privilege separation off).
  [[nodiscard]] std::string token_user() const;  // "root@pam"
  [[nodiscard]] std::string token_name() const;  // "mcpserver"
  [[nodiscard]] std::string token_secret() const;
  // A seeded read-only token (PVEAuditor on /) for 403 tests: user "auditor@pve", name "ro".
  [[nodiscard]] std::string auditor_token_secret() const;

  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  void clear_requests();
  void set_node_offline(const std::string& node, bool offline);

  // Added with tickets, faults and the control endpoint (sim/README.md describes them).
  // The operator token operator@pve!ops: PVEVMAdmin on /vms/100 and PVEDatastoreUser on
  // /storage/local only, so other guests answer a real 403.
  [[nodiscard]] std::string operator_token_secret() const;
  // The secret of any seeded token by its id ("support@pve!power"), "" if there is none.
  [[nodiscard]] std::string token_secret(const std::string& token_id) const;
  // The password of a seeded user for POST /access/ticket ("" if unknown): root@pam (a real
  // root ticket), auditor@pve, operator@pve. Never equal to a token secret.
  [[nodiscard]] std::string user_password(const std::string& userid) const;
  // Adds a fault, "KIND:SCOPE[:ARG]"; throws std::invalid_argument on a bad spec.
  void set_fault(const std::string& spec);
  void clear_faults();  // every fault, including --fault ones and offline nodes they caused
  [[nodiscard]] std::vector<std::string> faults() const;
  void reset();                                  // back to the seed; credentials and faults stay
  [[nodiscard]] std::string dump_state() const;  // the whole state as JSON text

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pvesim
