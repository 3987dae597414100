// A small HTTP/1.1-over-TLS server. It exists because PVE puts error messages into the status
// line's reason phrase, and cpp-httplib's server always writes the standard phrase.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http_message.h"
#include "tls_identity.h"

namespace pvesim {

class HttpsServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // `too_large` answers requests whose body exceeds max_body without reading that body.
  HttpsServer(const TlsIdentity& identity, Handler handler, size_t max_body,
              HttpResponse too_large);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // Binds (port 0 = a free port) and starts accepting in a background thread; returns the port.
  int start(const std::string& bind_address, int port);
  void stop();
  // Serves `identity` to connections accepted from now on (the "cert" fault and its undo).
  void set_identity(const TlsIdentity& identity);

 private:
  struct Connection;
  void accept_loop();
  void serve(Connection& conn);
  void reap_finished();

  std::shared_ptr<void> current_ctx() const;

  mutable std::mutex ctx_mutex_;
  std::shared_ptr<void> ssl_ctx_;  // SSL_CTX, freed by its deleter; replaced by set_identity
  Handler handler_;
  size_t max_body_;
  HttpResponse too_large_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex connections_mutex_;
  std::list<std::unique_ptr<Connection>> connections_;
};

}  // namespace pvesim
