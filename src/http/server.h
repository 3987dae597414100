// An HTTP/1.1 server, over TLS or plain TCP: one thread per connection, keep-alive, limits on
// connections, body size and slow clients, and a stop that lets answers in progress finish.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/exchange.h"
#include "http/message.h"
#include "http/tls_context.h"

namespace http {

struct ServerOptions {
  ExchangeLimits limits;
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{30'000};
  // How long a write may wait for a client that reads nothing (and a TLS handshake may take).
  std::chrono::milliseconds io_timeout{30'000};
  // Past this many open connections, new ones are closed at once rather than given a thread.
  size_t max_connections = 256;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds (port 0 = a free port) and starts accepting in a background thread; returns the port.
  // Throws std::runtime_error when the address is invalid or cannot be bound.
  int start(const std::string& bind_address, int port);
  // Stops accepting, closes idle connections, gives requests in progress up to `drain` to
  // finish, then closes what is left and returns.
  void stop(std::chrono::milliseconds drain = std::chrono::milliseconds(0));
  // Serves TLS with `context` to connections accepted from now on; null serves plain HTTP.
  void set_tls(TlsContext context);

 private:
  struct Connection;
  void accept_loop();
  void serve(Connection& conn);
  void reap_finished();
  [[nodiscard]] TlsContext current_tls() const;

  ServerOptions options_;
  Handler handler_;
  mutable std::mutex tls_mutex_;
  TlsContext tls_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex connections_mutex_;
  std::condition_variable connection_done_;
  std::list<std::unique_ptr<Connection>> connections_;
};

}  // namespace http
