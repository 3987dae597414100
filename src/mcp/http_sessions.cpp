#include "mcp/http_sessions.h"

#include "bytes/random.h"
#include "mcp/bearer_tokens.h"

namespace mcp {
namespace {

void close_all(const std::vector<std::shared_ptr<Session>>& sessions) {
  for (const auto& s : sessions) s->close();
}

}  // namespace

HttpSessions::HttpSessions(std::size_t max_sessions, std::size_t max_per_principal,
                           std::chrono::seconds idle_limit)
    : max_sessions_(max_sessions), max_per_principal_(max_per_principal), idle_limit_(idle_limit) {}

std::shared_ptr<Session> HttpSessions::evict_oldest_locked(std::size_t owner) {
  auto oldest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second.owner != owner || it->second.session.use_count() != 1) continue;
    if (oldest == sessions_.end() || it->second.last_used < oldest->second.last_used) oldest = it;
  }
  if (oldest == sessions_.end()) return nullptr;
  std::shared_ptr<Session> evicted = std::move(oldest->second.session);
  sessions_.erase(oldest);
  return evicted;
}

std::vector<std::shared_ptr<Session>> HttpSessions::expire_locked(Clock::time_point now) {
  std::vector<std::shared_ptr<Session>> expired;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    // A session whose request is still being served (held elsewhere) is not idle.
    if (now - it->second.last_used > idle_limit_ && it->second.session.use_count() == 1) {
      expired.push_back(std::move(it->second.session));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

std::string HttpSessions::add(std::shared_ptr<Session> session, std::size_t owner) {
  std::vector<std::shared_ptr<Session>> expired;
  std::string id;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    expired = expire_locked(now);
    std::size_t owned = 0;
    for (const auto& [key, entry] : sessions_) owned += entry.owner == owner ? 1 : 0;
    if (owned >= max_per_principal_ || sessions_.size() >= max_sessions_) {
      if (auto evicted = evict_oldest_locked(owner)) {
        expired.push_back(std::move(evicted));
        --owned;
      }
    }
    if (owned < max_per_principal_ && sessions_.size() < max_sessions_) {
      id = bytes::random_hex(16);  // the id is the session's only secret besides the bearer token
      sessions_[id] = Entry{std::move(session), owner, now};
    }
  }
  close_all(expired);
  return id;
}

std::shared_ptr<Session> HttpSessions::find(const std::string& id, std::size_t owner) {
  std::vector<std::shared_ptr<Session>> expired;
  std::shared_ptr<Session> found;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    expired = expire_locked(now);
    const auto it = sessions_.find(id);
    if (it != sessions_.end() && it->second.owner == owner) {
      it->second.last_used = now;
      found = it->second.session;
    }
  }
  close_all(expired);
  return found;
}

bool HttpSessions::remove(const std::string& id, std::size_t owner) {
  std::shared_ptr<Session> removed;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end() || it->second.owner != owner) return false;
    removed = std::move(it->second.session);
    sessions_.erase(it);
  }
  removed->close();
  return true;
}

std::vector<std::shared_ptr<Session>> HttpSessions::take_all() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Session>> all;
  for (auto& [id, entry] : sessions_) all.push_back(std::move(entry.session));
  sessions_.clear();
  return all;
}

}  // namespace mcp
