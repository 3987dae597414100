// The legacy-era sessions of the HTTP transport: each minted by an initialize, named by a random
// Mcp-Session-Id, bound to the token that made it, and dropped after an idle hour. One token
// holds at most a share of the table: its oldest idle session makes room for its next one.
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

  HttpSessions(std::size_t max_sessions, std::size_t max_per_principal,
               std::chrono::seconds idle_limit);

  // Keeps `session` for principal `owner` (Principal::id) and returns its new id; "" when the
  // table, or the owner's share of it, is full of sessions in use.
  std::string add(std::shared_ptr<Session> session, std::size_t owner);
  // The session `id` names, if it exists and belongs to `owner`; marks it used.
  std::shared_ptr<Session> find(const std::string& id, std::size_t owner);
  // Ends the session (DELETE); false when there is no such session for `owner`.
  bool remove(const std::string& id, std::size_t owner);
  // Every session, for closing at shutdown; the table is left empty.
  std::vector<std::shared_ptr<Session>> take_all();

 private:
  struct Entry {
    std::shared_ptr<Session> session;
    std::size_t owner = 0;
    Clock::time_point last_used;
  };
  // Takes out the sessions idle past the limit; the caller closes them outside the lock.
  std::vector<std::shared_ptr<Session>> expire_locked(Clock::time_point now);
  // Takes out `owner`'s least recently used session that no request is using, if any.
  std::shared_ptr<Session> evict_oldest_locked(std::size_t owner);

  const std::size_t max_sessions_;
  const std::size_t max_per_principal_;
  const std::chrono::seconds idle_limit_;
  std::mutex mutex_;
  std::map<std::string, Entry> sessions_;
};

}  // namespace mcp
