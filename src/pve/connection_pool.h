// The idle keep-alive connections to one Proxmox endpoint, so that concurrent requests each get
// their own connection and the next request skips the TCP and TLS handshakes.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "pve/https_connection.h"

namespace pve {

class ConnectionPool {
 public:
  explicit ConnectionPool(std::size_t max_idle) : max_idle_(max_idle) {}

  // The most recently used idle connection that is still open, idle for at most `max_idle_for`;
  // null when there is none (the caller opens one).
  std::unique_ptr<HttpsConnection> take(std::chrono::milliseconds max_idle_for);
  // Keeps `connection` for a later request when it can carry one and there is room.
  void give_back(std::unique_ptr<HttpsConnection> connection);

 private:
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<HttpsConnection>> idle_;  // oldest first
};

}  // namespace pve
