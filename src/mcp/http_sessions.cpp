#include "mcp/http_sessions.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace mcp {
namespace {

// 128 random bits as hex: the id is the session's only secret besides the bearer token.
std::string random_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

void close_all(const std::vector<std::shared_ptr<Session>>& sessions) {
  for (const auto& s : sessions) s->close();
}

}  // namespace

HttpSessions::HttpSessions(std::size_t max_sessions, std::chrono::seconds idle_limit)
    : max_sessions_(max_sessions), idle_limit_(idle_limit) {}

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

std::string HttpSessions::add(std::shared_ptr<Session> session, const std::string& principal) {
  std::vector<std::shared_ptr<Session>> expired;
  std::string id;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    expired = expire_locked(now);
    if (sessions_.size() < max_sessions_) {
      id = random_id();
      sessions_[id] = Entry{std::move(session), principal, now};
    }
  }
  close_all(expired);
  return id;
}

std::shared_ptr<Session> HttpSessions::find(const std::string& id, const std::string& principal) {
  std::vector<std::shared_ptr<Session>> expired;
  std::shared_ptr<Session> found;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    expired = expire_locked(now);
    const auto it = sessions_.find(id);
    if (it != sessions_.end() && it->second.principal == principal) {
      it->second.last_used = now;
      found = it->second.session;
    }
  }
  close_all(expired);
  return found;
}

bool HttpSessions::remove(const std::string& id, const std::string& principal) {
  std::shared_ptr<Session> removed;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end() || it->second.principal != principal) return false;
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
