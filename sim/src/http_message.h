// Plain HTTP request/response values exchanged between the TLS server and the API dispatcher.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pvesim {

struct HttpRequest {
  std::string method;  // as sent, e.g. GET
  std::string target;  // request target, e.g. /api2/json/nodes?x=1 (still percent-encoded)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  size_t content_length = 0;  // as announced (the body is not read when it is too large)

  [[nodiscard]] std::string header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return v;
    }
    return "";
  }
};

struct HttpResponse {
  int status = 200;
  std::string reason;  // the status line's reason phrase; PVE puts its error message here
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close_connection = false;
  // Injected "reset" fault: close the connection abortively (RST) without sending anything.
  bool drop_connection = false;
};

}  // namespace pvesim
