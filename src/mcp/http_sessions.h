// The legacy-era sessions of the HTTP transport: each minted by an initialize, named by a random
// Mcp-Session-Id, bound to the principal that made it, and dropped after an idle hour.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mcp/session.h"

namespace mcp {

class HttpSessions {
 public:
  using Clock = std::chrono::steady_clock;

  HttpSessions(std::size_t max_sessions, std::chrono::seconds idle_limit);

  // Keeps `session` for `principal` and returns its new id; "" when the table is full of
  // sessions in use.
  std::string add(std::shared_ptr<Session> session, const std::string& principal);
  // The session `id` names, if it exists and belongs to `principal`; marks it used.
  std::shared_ptr<Session> find(const std::string& id, const std::string& principal);
  // Ends the session (DELETE); false when there is no such session for `principal`.
  bool remove(const std::string& id, const std::string& principal);
  // Every session, for closing at shutdown; the table is left empty.
  std::vector<std::shared_ptr<Session>> take_all();

 private:
  struct Entry {
    std::shared_ptr<Session> session;
    std::string principal;
    Clock::time_point last_used;
  };
  // Takes out the sessions idle past the limit; the caller closes them outside the lock.
  std::vector<std::shared_ptr<Session>> expire_locked(Clock::time_point now);

  const std::size_t max_sessions_;
  const std::chrono::seconds idle_limit_;
  std::mutex mutex_;
  std::map<std::string, Entry> sessions_;
};

}  // namespace mcp
