#include "mcp/http_service.h"

#include <algorithm>
#include <future>

namespace mcp {
namespace {

// 413 in the JSON-RPC shape clients parse.
http::Response too_large(std::size_t limit) {
  http::Response r;
  r.status = 413;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Payload Too Large: )"
           R"(the request body exceeds )" +
           std::to_string(limit / 1024) + R"( KiB"}})";
  r.close_connection = true;
  return r;
}

}  // namespace

HttpService::HttpService(ServerCore& core, BearerTokens tokens, Principal anonymous,
                         HttpServiceOptions options)
    : options_(std::move(options)),
      endpoint_(core, std::move(tokens), std::move(anonymous), options_.endpoint),
      server_(
          [this] {
            http::ServerOptions server = options_.server;
            server.limits.too_large = too_large(server.limits.max_body);
            return server;
          }(),
          [this](const http::Request& request, const http::Peer& peer) {
            return endpoint_.handle(request, peer);
          }) {
  server_.set_tls(options_.tls);
}

HttpService::~HttpService() {
  if (!stopped_) {
    stopped_ = true;
    endpoint_.close();
    server_.stop();
  }
  if (closer_.joinable()) closer_.join();  // after a stop() that ran out of time
}

int HttpService::start() {
  return server_.start(options_.address, options_.port);
}

bool HttpService::stop(std::chrono::milliseconds drain) {
  if (stopped_) return true;
  stopped_ = true;
  const auto deadline = std::chrono::steady_clock::now() + drain;
  // Closing the endpoint waits for tool calls, which may be inside a Proxmox request: it runs
  // beside the clock, and what has not finished by the deadline is left to the process exit.
  auto closed = std::make_shared<std::promise<void>>();
  std::future<void> done = closed->get_future();
  closer_ = std::thread([this, closed] {
    endpoint_.close();
    closed->set_value();
  });
  if (done.wait_until(deadline) != std::future_status::ready) {
    // Connection threads may be waiting for those same calls: stopping the server would wait
    // with them. The caller ends the process instead.
    return false;
  }
  closer_.join();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  server_.stop(std::max(left, std::chrono::milliseconds(0)));
  return true;
}

}  // namespace mcp
