// A scripted HTTPS/1.1 server on loopback for the client tests: records every request exactly
// as it arrived and answers with any status line, delay, or broken connection a test asks for.
// Written on raw OpenSSL because PVE's custom reason phrases ("401 Authentication failed!")
// cannot be produced by cpp-httplib.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <openssl/ssl.h>

#include "test_cert.h"

namespace pve_test {

struct RecordedRequest {
  std::string method;
  std::string target;                          // "/api2/json/nodes?x=1", as on the request line
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  int connection = 0;  // 1-based number of the TCP connection that carried it

  [[nodiscard]] bool has_header(const std::string& lower_name) const {
    return headers.count(lower_name) > 0;
  }
  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct ScriptedResponse {
  // kRaw: `body` is the whole answer, head included, written as it is; the connection closes.
  enum class Action { kRespond, kCloseWithoutReply, kTruncateBody, kRaw };
  int status = 200;
  std::string reason = "OK";
  std::string body = R"({"data":null})";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  Action action = Action::kRespond;

  static ScriptedResponse json(const std::string& body) {
    ScriptedResponse r;
    r.body = body;
    return r;
  }
  // The connection closed after the request was read, with no answer at all.
  static ScriptedResponse dropped() {
    ScriptedResponse r;
    r.action = Action::kCloseWithoutReply;
    return r;
  }
  static ScriptedResponse raw(std::string bytes) {
    ScriptedResponse r;
    r.body = std::move(bytes);
    r.action = Action::kRaw;
    return r;
  }
  static ScriptedResponse error(int status, std::string reason, std::string body = "") {
    ScriptedResponse r;
    r.status = status;
    r.reason = std::move(reason);
    r.body = std::move(body);
    return r;
  }
};

class TlsTestServer {
 public:
  using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

  // Listens on `bind_address` (127.0.0.1 or ::1) at `port`, or a free one when 0 (another
  // loopback address, 127.0.0.2, at another server's port: two nodes of one cluster). Throws
  // when it cannot bind.
  TlsTestServer(const TestCert& cert, Handler handler,
                const std::string& bind_address = "127.0.0.1", int port = 0);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  [[nodiscard]] int connections() const { return connections_.load(); }

 private:
  void accept_loop();
  void serve(int fd, int connection);
  bool sleep_unless_stopping(std::chrono::milliseconds duration) const;

  Handler handler_;
  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::vector<int> open_fds_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// A loopback port nobody listens on: bound, then closed again (connection refused).
int closed_port();

}  // namespace pve_test
