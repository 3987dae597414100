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

}  // namespace

ApiDispatcher::ApiDispatcher(const ApiSchema& schema, ClusterModel& model,
                             DispatcherOptions options)
    : schema_(schema), model_(model), options_(options) {}

HttpResponse ApiDispatcher::too_large() {
  return bare(501, "for data too large");
}

HttpResponse ApiDispatcher::handle(const HttpRequest& request) {
  RecordedRequest record;
  record.method = request.method;
  HttpResponse response;
  try {
    response = dispatch(request, record);
  } catch (const std::exception& e) {
    response = json_response(ApiResponse::error(500, std::string(e.what()) + "\n"));
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
  const std::string raw_path = request.target.substr(0, qmark);
  const std::string query = qmark == std::string::npos ? "" : request.target.substr(qmark + 1);
  const std::string full_path = percent_decode(raw_path, false);
  static const std::string kPrefix = "/api2/json";
  const bool is_api = full_path.starts_with(kPrefix) &&
                      (full_path.size() == kPrefix.size() || full_path[kPrefix.size()] == '/');
  std::string path = is_api ? full_path.substr(kPrefix.size()) : full_path;
  if (path.empty()) path = "/";
  record.path = path;

  const auto query_pairs = parse_form(query);
  record.params = query_pairs;
  if (!is_api) return bare(404, "Not Found");

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
    auto auth_failure = [this, &model_lock](const std::string& reason) {
      model_lock.unlock();  // the delay must not hold up other clients
      if (options_.auth_failure_delay_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(options_.auth_failure_delay_ms));
      }
      return bare(401, reason);
    };
    static const std::regex token_re("(?:^|\\s)PVEAPIToken(?:=| )([^;]*)");
    static const std::regex token_id_re(
        "[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+![A-Za-z][A-Za-z0-9.\\-_]+");
    const std::string authorization = request.header("authorization");
    std::smatch m;
    if (std::regex_search(authorization, m, token_re)) {
      const std::string value = percent_decode(m[1].str(), false);
      const size_t eq = value.rfind('=');
      const std::string token_id = eq == std::string::npos ? value : value.substr(0, eq);
      const std::string secret = eq == std::string::npos ? "" : value.substr(eq + 1);
      if (eq == std::string::npos || !std::regex_match(token_id, token_id_re) ||
          !model_.token_valid(token_id, secret)) {
        return auth_failure("Authentication failed!");
      }
      auth_id = token_id;
      token_auth = true;
    } else if (authorization.find("PVEAuthCookie") != std::string::npos ||
               request.header("cookie").find("PVEAuthCookie=") != std::string::npos) {
      return auth_failure("Authentication failed!");  // tickets are not issued (yet)
    } else {
      return auth_failure("No ticket");
    }
  }
  if (body.json_error) return json_response(ApiResponse::error(500, *body.json_error));

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

  // 8. The cluster model.
  ApiRequest api;
  api.method = method;
  api.path = path;
  api.template_path = ms->template_path;
  api.params = stringify_params(params);
  api.auth_id = auth_id;
  return json_response(model_.handle(api));
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
