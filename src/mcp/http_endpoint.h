// MCP's Streamable HTTP transport at one endpoint, for both protocol eras: the HTTP checks
// (Host, Origin, bearer token, media types, the 2026-07-28 headers), legacy sessions, and each
// POST answered with one JSON body or an SSE stream of what belongs to its request.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "http/message.h"
#include "mcp/bearer_tokens.h"
#include "mcp/exchange_outbox.h"
#include "mcp/http_sessions.h"
#include "mcp/server_core.h"
#include "mcp/session.h"

namespace mcp {

struct HttpEndpointOptions {
  std::string path = "/mcp";
  // Host names and address literals (IPv6 in brackets) a request's Host, and Origin when sent,
  // may name; compared without the port, case-blind. Anything else is answered 403.
  std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "[::1]"};
  std::size_t max_sessions = 1024;
  // One token's share: its oldest idle session gives way to its next one past this.
  std::size_t max_sessions_per_token = 64;
  std::chrono::seconds session_idle{3600};
  // An SSE stream with nothing to say sends a comment this often, so proxies keep it open.
  std::chrono::milliseconds keepalive{15'000};
  // How often a waiting request checks whether its client has gone.
  std::chrono::milliseconds poll{200};
};

class HttpEndpoint {
 public:
  // With no `tokens`, every request is `anonymous`; otherwise a request's bearer token names
  // its principal. `core` outlives the endpoint.
  HttpEndpoint(ServerCore& core, BearerTokens tokens, Principal anonymous,
               HttpEndpointOptions options = {});
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  http::Response handle(const http::Request& request, const http::Peer& peer);
  // Shutting down: new requests get 503; every request in flight stops waiting on Proxmox and
  // is answered, and open streams end. Returns when the sessions' calls have finished.
  void close();

 private:
  http::Response serve_post(const http::Request& request, const http::Peer& peer,
                            const Principal& principal);
  http::Response serve_modern(const http::Request& request, const http::Peer& peer,
                              const Principal& principal, jsonrpc::Incoming in);
  http::Response serve_legacy(const http::Request& request, const http::Peer& peer,
                              const Principal& principal, jsonrpc::Incoming in);
  http::Response end_session(const http::Request& request, const Principal& principal);
  // Waits for what `session` answers into `out` and shapes it into the POST's answer.
  // `ephemeral`: a 2026-07-28 request's own session, closed once the answer is complete.
  http::Response answer(const std::shared_ptr<Session>& session,
                        const std::shared_ptr<ExchangeOutbox>& out, const http::Peer& peer,
                        http::Headers headers, bool ephemeral);
  void finish(const std::shared_ptr<Session>& session, bool ephemeral);
  [[nodiscard]] bool host_allowed(const std::string& host) const;

  ServerCore& core_;
  const BearerTokens tokens_;
  const Principal anonymous_;
  const HttpEndpointOptions options_;
  HttpSessions sessions_;
  std::mutex live_mutex_;
  std::set<std::shared_ptr<Session>> ephemeral_;  // 2026-07-28 requests being answered
  bool closing_ = false;
};

}  // namespace mcp
