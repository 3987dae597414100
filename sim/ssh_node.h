// pve-sim's SSH nodes (--ssh): one SSH server per online node, where `pct exec` runs a few
// simulated programs in that node's containers, for testing container commands end to end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pvesim/simulator.h"

namespace pvesim {

struct SshNodeAddress {
  std::string node;
  std::string address;           // 127.0.0.1:PORT
  std::string known_hosts_line;  // "[127.0.0.1]:PORT ssh-ed25519 AAAA…"
};

class SshNodes {
 public:
  // Listens on `bind` for each online node, accepting only the public key in
  // `authorized_key_file` and, with `client_key_out`, a key made now whose private half is
  // written there (mode 0600); each node has a host key of its own, made now. Throws
  // std::runtime_error.
  SshNodes(const Simulator& simulator, const std::string& bind,
           const std::string& authorized_key_file, const std::string& client_key_out);
  ~SshNodes();
  SshNodes(const SshNodes&) = delete;
  SshNodes& operator=(const SshNodes&) = delete;

  [[nodiscard]] const std::vector<SshNodeAddress>& addresses() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pvesim
