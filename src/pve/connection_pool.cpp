#include "pve/connection_pool.h"

namespace pve {

std::unique_ptr<HttpsConnection> ConnectionPool::take(std::chrono::milliseconds max_idle_for) {
  std::vector<std::unique_ptr<HttpsConnection>> closed;  // freed outside the lock
  const std::lock_guard lock(mutex_);
  while (!idle_.empty()) {
    if (!idle_.back()->reusable()) {
      closed.push_back(std::move(idle_.back()));
      idle_.pop_back();
      continue;
    }
    // The most recent is too old for this request, so are all others: they stay for one that
    // may be sent again if they turn out stale.
    if (HttpsConnection::Clock::now() - idle_.back()->idle_since() > max_idle_for) break;
    std::unique_ptr<HttpsConnection> found = std::move(idle_.back());
    idle_.pop_back();
    return found;
  }
  return nullptr;
}

void ConnectionPool::give_back(std::unique_ptr<HttpsConnection> connection) {
  if (!connection || !connection->reusable()) return;
  const std::lock_guard lock(mutex_);
  if (idle_.size() >= max_idle_) idle_.erase(idle_.begin());  // the oldest is the likeliest stale
  idle_.push_back(std::move(connection));
}

}  // namespace pve
