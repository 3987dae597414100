// Who is calling: API tokens, tickets with their CSRF tokens, and the ticket endpoint that
// issues them (PVE::HTTPServer and PVE::API2::AccessControl's create_ticket).
#include <cctype>
#include <chrono>
#include <optional>
#include <regex>
#include <thread>

#include "api_dispatcher.h"
#include "http_answers.h"
#include "url_codec.h"

namespace pvesim {

namespace {

// PVE::HTTPServer's extract_auth_value: "KEY=value" or "KEY value", URI-unescaped. The first
// KEY at the start or after white space, as /(?:^|\s)KEY(?:=| )([^;]*)/ finds it; written out
// because a regex built for each request was a quarter of what a simulated call cost.
std::optional<std::string> auth_value(const std::string& header, const std::string& key) {
  for (std::size_t at = header.find(key); at != std::string::npos; at = header.find(key, at + 1)) {
    const bool starts = at == 0 || std::isspace(static_cast<unsigned char>(header[at - 1])) != 0;
    const std::size_t after = at + key.size();
    if (!starts || after >= header.size() || (header[after] != '=' && header[after] != ' ')) {
      continue;
    }
    const std::size_t end = header.find(';', after + 1);
    return percent_decode(
        header.substr(after + 1, end == std::string::npos ? end : end - after - 1), false);
  }
  return std::nullopt;
}

}  // namespace

HttpResponse ApiDispatcher::auth_failure(std::unique_lock<std::mutex>& model_lock,
                                         HttpResponse answer) const {
  model_lock.unlock();  // the delay must not hold up other clients
  if (options_.auth_failure_delay_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.auth_failure_delay_ms));
  }
  return answer;
}

std::variant<ApiDispatcher::Caller, HttpResponse> ApiDispatcher::authenticate(
    const HttpRequest& request, std::unique_lock<std::mutex>& model_lock) {
  static const std::regex token_id_re(
      "[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+![A-Za-z][A-Za-z0-9.\\-_]+");
  const std::string authorization = request.header("authorization");
  if (auto value = auth_value(authorization, "PVEAPIToken")) {
    const size_t eq = value->rfind('=');
    const std::string token_id = eq == std::string::npos ? *value : value->substr(0, eq);
    const std::string secret = eq == std::string::npos ? "" : value->substr(eq + 1);
    if (eq == std::string::npos || !std::regex_match(token_id, token_id_re) ||
        !model_.token_valid(token_id, secret)) {
      return auth_failure(model_lock, bare(401, "Authentication failed!"));
    }
    return Caller{token_id, true};
  }
  auto ticket = auth_value(request.header("cookie"), "PVEAuthCookie");
  if (!ticket) ticket = auth_value(authorization, "PVEAuthCookie");
  if (!ticket) return auth_failure(model_lock, bare(401, "No ticket"));
  const auto userid = tickets_.verify_ticket(*ticket);
  if (!userid) return auth_failure(model_lock, bare(401, "Authentication failed!"));
  // Tickets live in a browser's cookie jar, so every write must prove it came from our page.
  if (request.method != "GET" &&
      !tickets_.verify_csrf(*userid, request.header("csrfpreventiontoken"))) {
    return auth_failure(model_lock, bare(401, "Permission denied - invalid csrf token"));
  }
  return Caller{*userid, false};
}

HttpResponse ApiDispatcher::issue_ticket(const Json& params,
                                         std::unique_lock<std::mutex>& model_lock) {
  const std::string realm = params.value("realm", "");
  std::string username = params.value("username", "");
  if (username.find('@') == std::string::npos && !realm.empty()) username += "@" + realm;
  if (!tickets_.credentials_valid(username, params.value("password", ""))) {
    return auth_failure(model_lock,
                        json_response(ApiResponse::error(401, "authentication failure\n")));
  }
  Json data = {{"username", username},
               {"ticket", tickets_.issue_ticket(username)},
               {"CSRFPreventionToken", tickets_.csrf_token(username)},
               {"cap", ticket_capabilities(username)}};
  // clustername: only in a cluster, and only for callers that may audit it.
  if (username == "root@pam" || model_.has_privilege(username, "/", "Sys.Audit")) {
    ApiRequest status{"GET", "/cluster/status", "/cluster/status", Json::object(), "root@pam"};
    const ApiResponse answer = model_.handle(status);
    if (answer.status == 200 && answer.data.is_array()) {
      for (const auto& entry : answer.data) {
        if (entry.value("type", "") == "cluster") data["clustername"] = entry.value("name", "");
      }
    }
  }
  return json_response(ApiResponse::ok(std::move(data)));
}

// PVE::RPCEnvironment::compute_api_permission: per GUI area, every privilege the user holds
// somewhere below the area's ACL root (or on "/"), as {"VM.Audit": 1, …}.
Json ApiDispatcher::ticket_capabilities(const std::string& userid) {
  struct Area {
    const char* name;
    std::vector<const char*> roots;
    std::regex privileges;
  };
  static const std::vector<Area> areas = {
      {"vms", {"/vms", "/pool"}, std::regex("VM\\..*|Permissions\\.Modify")},
      {"access", {"/access"}, std::regex("(User|Group)\\..*|Permissions\\.Modify")},
      {"storage", {"/storage", "/pool"}, std::regex("Datastore\\..*|Permissions\\.Modify")},
      {"nodes", {"/nodes"}, std::regex("Sys\\..*|Permissions\\.Modify")},
      {"sdn", {"/sdn"}, std::regex("SDN\\..*|Permissions\\.Modify")},
      {"dc", {"/sdn"}, std::regex("Sys\\.Audit|Sys\\.Modify|SDN\\..*")},
      {"mapping", {"/mapping"}, std::regex("Mapping\\..*|Permissions\\.Modify")},
  };
  ApiRequest request{"GET", "/access/permissions", "/access/permissions", Json::object(), userid};
  const ApiResponse permissions = model_.handle(request);
  Json cap = Json::object();
  for (const auto& area : areas) {
    Json privileges = Json::object();
    if (permissions.status == 200 && permissions.data.is_object()) {
      for (const auto& [path, privs] : permissions.data.items()) {
        bool below = path == "/";
        for (const char* root : area.roots) {
          const std::string r = root;
          below = below || path == r || path.starts_with(r + "/");
        }
        if (!below || !privs.is_object()) continue;
        for (const auto& [privilege, propagate] : privs.items()) {
          if (std::regex_match(privilege, area.privileges)) privileges[privilege] = 1;
        }
      }
    }
    cap[area.name] = std::move(privileges);
  }
  return cap;
}

}  // namespace pvesim
