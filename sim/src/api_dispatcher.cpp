// Each step answers exactly as pveproxy/pvedaemon would; see pve-api.md §2.3-§2.5 for the texts.
#include "api_dispatcher.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <iostream>
#include <optional>
#include <regex>
#include <thread>
#include <variant>

#include "param_validator.h"
#include "permission_check.h"
#include "url_codec.h"

namespace pvesim {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

void add_common_headers(HttpResponse& r) {
  r.headers.emplace_back("Server", "pve-api-daemon/3.0");
  r.headers.emplace_back("Date", http_date());
  r.headers.emplace_back("Cache-Control", "max-age=0");
  r.headers.emplace_back("Pragma", "no-cache");
}

// Transport-level answers: the message lives only in the status line, the body is empty.
HttpResponse bare(int status, const std::string& reason) {
  HttpResponse r;
  r.status = status;
  r.reason = reason;
  add_common_headers(r);
  return r;
}

std::string first_line(const std::string& message) {
  return message.substr(0, message.find('\n'));
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
  add_common_headers(r);
  return r;
}

// A 200 whose body is whatever a hostile fault chose, labelled JSON as PVE labels every answer.
HttpResponse raw_ok(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.reason = "OK";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  add_common_headers(r);
  return r;
}

HttpResponse param_error(const std::map<std::string, std::string>& errors) {
  ApiResponse api = ApiResponse::error(400, "Parameter verification failed.\n");
  api.errors = errors;
  return json_response(api);
}

std::string scalar_or_dump(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  return v.dump();
}

// Methods reachable without credentials (PVE::HTTPServer::auth_handler).
bool needs_no_auth(const std::string& method, const std::string& path) {
  return (method == "GET" && path == "/access/domains") ||
         ((method == "GET" || method == "POST") && path == "/access/ticket") ||
         (method == "POST" &&
          (path == "/access/openid/auth-url" || path == "/access/openid/login"));
}

// Adds key=value to the merged parameters: a repeated key becomes an array.
void merge_value(Json& params, const std::string& key, Json value) {
  if (!params.contains(key)) {
    params[key] = std::move(value);
    return;
  }
  Json& existing = params[key];
  if (!existing.is_array()) existing = Json::array({existing});
  existing.push_back(std::move(value));
}

// JSON::XS's default max_depth; deeper documents are refused before parsing, which also keeps
// every later recursive walk over the parameters shallow.
constexpr int kMaxJsonDepth = 512;

bool json_too_deep(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

struct ParsedBody {
  Json params = Json::object();
  std::optional<std::string> json_error;  // a 500 after authentication
};

constexpr const char* kApiPrefix = "/api2/json";
constexpr const char* kControlPrefix = "/__sim/";

// The decoded request path without the query.
std::string decoded_path(const std::string& target) {
  return percent_decode(target.substr(0, target.find('?')), false);
}

// The API path after /api2/json ("/" at least), or "" when the target is not under it.
std::string api_path_of(const std::string& target) {
  const std::string full_path = decoded_path(target);
  const std::string prefix = kApiPrefix;
  const bool is_api = full_path.starts_with(prefix) &&
                      (full_path.size() == prefix.size() || full_path[prefix.size()] == '/');
  if (!is_api) return "";
  const std::string path = full_path.substr(prefix.size());
  return path.empty() ? "/" : path;
}

// PVE::HTTPServer's extract_auth_value: "KEY=value" or "KEY value", URI-unescaped.
std::optional<std::string> auth_value(const std::string& header, const std::string& key) {
  const std::regex re("(?:^|\\s)" + key + "(?:=| )([^;]*)");
  std::smatch m;
  if (!std::regex_search(header, m, re)) return std::nullopt;
  return percent_decode(m[1].str(), false);
}

bool is_root(const std::string& auth_id) {
  return auth_id == "root@pam" || auth_id.starts_with("root@pam!");
}

}  // namespace

ApiDispatcher::ApiDispatcher(const ApiSchema& schema, ClusterModel& model,
                             DispatcherOptions options)
    : schema_(schema),
      model_(model),
      options_(options),
      tickets_(options.clock ? options.clock : [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }) {}

HttpResponse ApiDispatcher::too_large() {
  return bare(501, "for data too large");
}

HttpResponse ApiDispatcher::handle(const HttpRequest& request) {
  RecordedRequest record;
  record.method = request.method;
  // Transport faults hit the API only, never the control endpoint that clears them.
  const std::string api_path = api_path_of(request.target);
  const bool faultable = !api_path.empty();
  const auto fault = [&](FaultKind kind) {
    return faultable ? faults_.match(kind, request.method, api_path) : std::nullopt;
  };
  if (auto latency = fault(FaultKind::kLatency)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(latency->latency_ms));
  }
  HttpResponse response;
  if (fault(FaultKind::kReset)) {
    record.path = api_path;
    response.drop_connection = true;
    response.status = 0;  // nothing was answered
  } else {
    try {
      response = dispatch(request, record);
    } catch (const std::exception& e) {
      response = json_response(ApiResponse::error(500, std::string(e.what()) + "\n"));
    }
    if (fault(FaultKind::kTruncate)) response.body.resize(response.body.size() / 2);
  }
  record.status = response.status;
  if (options_.log_requests) {
    std::cerr << "pve-sim: " << record.method << " " << record.path << " -> " << response.status
              << " " << response.reason << "\n";
  }
  std::lock_guard lock(log_mutex_);
  if (log_.size() >= kMaxRecorded) log_.erase(log_.begin(), log_.begin() + kMaxRecorded / 10);
  log_.push_back(std::move(record));
  return response;
}

HttpResponse ApiDispatcher::dispatch(const HttpRequest& request, RecordedRequest& record) {
  const std::string& method = request.method;
  const size_t qmark = request.target.find('?');
  const std::string query = qmark == std::string::npos ? "" : request.target.substr(qmark + 1);
  const std::string api_path = api_path_of(request.target);
  const bool is_api = !api_path.empty();
  const std::string path = is_api ? api_path : decoded_path(request.target);
  const bool is_control = !is_api && path.starts_with(kControlPrefix);
  record.path = path;

  const auto query_pairs = parse_form(query);
  record.params = query_pairs;
  if (!is_api && !is_control) return bare(404, "Not Found");

  // Body rules come first: pveproxy applies them while reading the request.
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
    return bare(501, "method '" + method + "' not available");
  }
  ParsedBody body;
  if ((method == "GET" || method == "DELETE") && request.content_length > 0) {
    return bare(501, "Unexpected content for method '" + method + "'");
  }
  if (method == "POST" || method == "PUT") {
    const std::string raw_type = request.header("content-type");
    const std::string type = lower(raw_type.substr(0, raw_type.find(';')));
    const std::string trimmed = type.substr(0, type.find_last_not_of(" \t") + 1);
    if (trimmed.empty() || trimmed == "application/x-www-form-urlencoded") {
      for (const auto& [k, v] : parse_form(request.body)) {
        record.params.emplace_back(k, v);
        merge_value(body.params, k, v);
      }
    } else if (trimmed == "application/json") {
      const bool too_deep = json_too_deep(request.body);
      Json parsed = too_deep ? Json() : Json::parse(request.body, nullptr, false);
      if (too_deep) {
        body.json_error =
            "json text or perl structure exceeds maximum nesting level (max_depth set too "
            "low?)\n";
      } else if (parsed.is_discarded()) {
        body.json_error = request.body.empty()
                              ? "malformed JSON string, neither tag, array, object, number, "
                                "string or atom, at character offset 0 (before \"(end of "
                                "string)\")\n"
                              : "malformed JSON string\n";
      } else if (!parsed.is_object()) {
        body.json_error = "Not a HASH reference\n";
      } else {
        for (const auto& [k, v] : parsed.items()) {
          if (v.is_array()) {
            for (const auto& e : v) record.params.emplace_back(k, scalar_or_dump(e));
          } else {
            record.params.emplace_back(k, scalar_or_dump(v));
          }
          body.params[k] = v;
        }
      }
    } else {
      return bare(506, "upload 'Content-Type '" + raw_type + "' not implemented");
    }
  }

  std::unique_lock model_lock(model_mutex_);

  // 1. Authentication.
  std::string auth_id;
  bool token_auth = false;
  if (!needs_no_auth(method, path)) {
    auto result = authenticate(request, model_lock);
    if (auto* failure = std::get_if<HttpResponse>(&result)) return std::move(*failure);
    const Caller& caller = std::get<Caller>(result);
    auth_id = caller.auth_id;
    token_auth = caller.token;
  }
  if (body.json_error) return json_response(ApiResponse::error(500, *body.json_error));

  if (is_control) {
    if (!is_root(auth_id)) {
      return json_response(ApiResponse::error(403, "Permission check failed (user != root@pam)\n"));
    }
    Json params = body.params;
    for (const auto& [k, v] : query_pairs) merge_value(params, k, v);
    model_lock.unlock();  // the control handler takes the model lock itself
    if (!control_) return bare(501, "Method '" + method + " " + path + "' not implemented");
    return json_response(control_(method, path, params));
  }

  // Injected answers come after authentication: a server without the token gets 401 as ever.
  for (const FaultKind kind : {FaultKind::kError, FaultKind::kStatus, FaultKind::kHostile}) {
    const auto injected = faults_.match(kind, method, path);
    if (!injected) continue;
    if (injects_error(*injected)) {
      const InjectedError error = injected_error(*injected, request.header("authorization"));
      if (error.reason_only) return bare(error.status, error.message);
      return json_response(ApiResponse::error(error.status, error.message + "\n"));
    }
    if (auto body = hostile_body(*injected, method, path)) return raw_ok(std::move(*body));
  }

  // 2. Routing.
  const auto route = schema_.match(path);
  const MethodSchema* ms = nullptr;
  if (route && route->methods != nullptr) {
    if (auto it = route->methods->find(method); it != route->methods->end()) ms = &it->second;
  }
  if (ms == nullptr) return bare(501, "Method '" + method + " " + path + "' not implemented");

  // 3. Merge path, body and query parameters; the query wins over the body.
  Json params = body.params;
  Json query_params = Json::object();
  for (const auto& [k, v] : query_pairs) merge_value(query_params, k, v);
  for (const auto& [k, v] : query_params.items()) params[k] = v;
  for (const auto& [k, v] : route->path_params) {
    // Perl compares the stringified values: a JSON number 100 equals the path's "100".
    if (params.contains(k) && (params[k].is_structured() || scalar_or_dump(params[k]) != v)) {
      return param_error(
          {{k, "duplicate parameter (already defined in URI) with conflicting values!"}});
    }
    params[k] = v;
  }

  // 4. API tokens may not use ticket-only methods.
  if (token_auth && !ms->allowtoken) {
    return json_response(
        ApiResponse::error(403, "Permission check failed (URI '" + path +
                                    "' not available with API token, need proper ticket.\n)\n"));
  }

  // 5. Permissions, before parameter validation.
  if (auto denial = check_api_permissions(ms->permissions, auth_id, params, model_)) {
    return json_response(ApiResponse::error(denial->status, denial->message));
  }

  // 6. proxyto: the node must be reachable.
  if (!ms->proxyto.empty()) {
    const auto it = params.find(ms->proxyto);
    if (it == params.end() || !it->is_string() || it->get<std::string>().empty()) {
      return param_error({{ms->proxyto, "proxy parameter '" + ms->proxyto + "' does not exists"}});
    }
    const std::string node = it->get<std::string>();
    if (node != "localhost") {
      switch (model_.node_state(node)) {
        case NodeState::kOnline:
          break;
        case NodeState::kOffline:
          return bare(595, "No route to host");
        case NodeState::kUnknown: {
          for (const auto& known : model_.node_names()) {
            if (lower(known) == lower(node)) {
              return json_response(
                  ApiResponse::error(596, "no such cluster node '" + node + "'\n"));
            }
          }
          return json_response(ApiResponse::error(
              500, "hostname lookup '" + node + "' failed - failed to get address info for: " +
                       node + ": Name or service not known\n"));
        }
      }
    }
  }

  // 7. Schema validation.
  normalize_params(*ms, params);
  if (auto errors = validate_params(*ms, params); !errors.empty()) return param_error(errors);

  // 8. The ticket endpoint lives in the HTTP layer (pveproxy's own access control), the rest
  // in the cluster model.
  if (ms->template_path == "/access/ticket") {
    if (method == "POST") return issue_ticket(params, model_lock);
    return json_response(ApiResponse::ok(nullptr));  // GET: a dummy for the login form
  }
  ApiRequest api;
  api.method = method;
  api.path = path;
  api.template_path = ms->template_path;
  api.params = stringify_params(params);
  api.auth_id = auth_id;
  return json_response(model_.handle(api));
}

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

std::vector<RecordedRequest> ApiDispatcher::requests() const {
  std::lock_guard lock(log_mutex_);
  return log_;
}

void ApiDispatcher::clear_requests() {
  std::lock_guard lock(log_mutex_);
  log_.clear();
}

void ApiDispatcher::set_node_offline(const std::string& node, bool offline) {
  std::lock_guard lock(model_mutex_);
  model_.set_node_offline(node, offline);
}

std::string ApiDispatcher::token_secret(const std::string& token_id) const {
  std::lock_guard lock(model_mutex_);
  return model_.token_secret(token_id);
}

}  // namespace pvesim
