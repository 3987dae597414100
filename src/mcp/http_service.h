// The HTTP transport running: an HTTP server on one address whose requests the MCP endpoint
// answers, and its orderly stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

#include "http/server.h"
#include "http/tls_context.h"
#include "mcp/bearer_tokens.h"
#include "mcp/http_endpoint.h"
#include "mcp/server_core.h"

namespace mcp {

struct HttpServiceOptions {
  std::string address = "127.0.0.1";
  int port = 0;                // 0: any free port (start() says which)
  http::TlsContext tls;        // null: plain HTTP
  http::ServerOptions server;  // body limit, timeouts, connection limit
  HttpEndpointOptions endpoint;
};

class HttpService {
 public:
  // `core` outlives the service.
  HttpService(ServerCore& core, BearerTokens tokens, Principal anonymous,
              HttpServiceOptions options);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  // Listens and serves in the background; returns the port. Throws std::runtime_error.
  int start();
  // Stops taking requests, lets those in flight finish (their waits on Proxmox end now), then
  // closes every connection. False, with the server still running, when the requests were not
  // finished by `drain`: the process should then exit without destroying this (the destructor
  // would wait for them).
  bool stop(std::chrono::milliseconds drain);

 private:
  HttpServiceOptions options_;
  HttpEndpoint endpoint_;
  http::Server server_;
  bool stopped_ = false;
  std::thread closer_;  // closes the endpoint while stop() keeps time
};

}  // namespace mcp
