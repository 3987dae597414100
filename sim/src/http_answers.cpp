#include "http_answers.h"

#include <ctime>
#include <utility>

namespace pvesim {

namespace {

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

// PVE::APIServer::AnyEvent's response(): an answer without a modification time (every API
// answer) expires at once, and an error (code >= 400) ends keep-alive, so the connection closes
// after it ("Connection: close").
void add_common_headers(HttpResponse& r) {
  const std::string date = http_date();
  r.headers.emplace_back("Server", "pve-api-daemon/3.0");
  r.headers.emplace_back("Date", date);
  r.headers.emplace_back("Expires", date);
  r.headers.emplace_back("Cache-Control", "max-age=0");
  r.headers.emplace_back("Pragma", "no-cache");
  if (r.status >= 400) r.close_connection = true;
}

std::string first_line(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

}  // namespace

HttpResponse bare(int status, const std::string& reason) {
  HttpResponse r;
  r.status = status;
  r.reason = reason;
  add_common_headers(r);
  return r;
}

HttpResponse json_response(const ApiResponse& api) {
  HttpResponse r;
  r.status = api.status;
  Json body = Json::object();
  if (api.status == 200) {
    r.reason = "OK";
    body["data"] = api.data;
    if (api.total) body["total"] = *api.total;
  } else {
    std::string message = api.message;
    if (message.empty() && !api.errors.empty()) message = "Parameter verification failed.\n";
    r.reason = first_line(message);
    body["data"] = nullptr;
    body["message"] = message;
    if (!api.errors.empty()) body["errors"] = api.errors;
  }
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  if (api.not_simulated) r.headers.emplace_back("X-Pve-Sim", "not-simulated");
  add_common_headers(r);
  return r;
}

HttpResponse raw_ok(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.reason = "OK";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  add_common_headers(r);
  return r;
}

HttpResponse verification_failed(const std::map<std::string, std::string>& errors) {
  ApiResponse api = ApiResponse::error(400, "Parameter verification failed.\n");
  api.errors = errors;
  return json_response(api);
}

}  // namespace pvesim
