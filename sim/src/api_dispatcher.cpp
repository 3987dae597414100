// Each step answers exactly as pveproxy/pvedaemon would; see pve-api.md §2.3-§2.5 for the texts.
#include "api_dispatcher.h"

#include <chrono>
#include <iostream>
#include <optional>
#include <thread>
#include <variant>

#include "apischema/param_validator.h"
#include "ascii_lower.h"
#include "http_answers.h"
#include "loose_types.h"
#include "permission_check.h"
#include "request_body.h"
#include "url_codec.h"

namespace pvesim {

namespace {

// Methods reachable without credentials (PVE::HTTPServer::auth_handler).
bool needs_no_auth(const std::string& method, const std::string& path) {
  return (method == "GET" && path == "/access/domains") ||
         ((method == "GET" || method == "POST") && path == "/access/ticket") ||
         (method == "POST" &&
          (path == "/access/openid/auth-url" || path == "/access/openid/login"));
}

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

bool is_root(const std::string& auth_id) {
  return auth_id == "root@pam" || auth_id.starts_with("root@pam!");
}

// Path, body and query parameters in one object; the query wins over the body, and a body or
// query value must agree with the path's value of the same name.
std::variant<Json, HttpResponse> merge_params(const Json& body_params,
                                              const QueryPairs& query_pairs,
                                              const apischema::RouteMatch& route) {
  Json params = body_params;
  Json query_params = Json::object();
  for (const auto& [k, v] : query_pairs) merge_value(query_params, k, v);
  for (const auto& [k, v] : query_params.items()) params[k] = v;
  for (const auto& [k, v] : route.path_params) {
    // Perl compares the stringified values: a JSON number 100 equals the path's "100".
    if (params.contains(k) && (params[k].is_structured() || scalar_or_dump(params[k]) != v)) {
      return verification_failed(
          {{k, "duplicate parameter (already defined in URI) with conflicting values!"}});
    }
    params[k] = v;
  }
  return params;
}

}  // namespace

ApiDispatcher::ApiDispatcher(const apischema::ApiSchema& schema, ClusterModel& model,
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
    // A client that closes the connection itself gets one `Connection: close` (the server's):
    // response() sets the header then, where it pushes a keep-alive line next to the backend's.
    if (lower(request.header("connection")).find("close") != std::string::npos) {
      std::erase_if(response.headers,
                    [](const auto& field) { return field.first == "Connection"; });
    }
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

  const QueryPairs query_pairs = parse_form(query);
  record.params = query_pairs;
  if (!is_api && !is_control) return bare(404, "Not Found");

  // Body rules come first: pveproxy applies them while reading the request.
  auto read = read_body(request, record);
  if (auto* refusal = std::get_if<HttpResponse>(&read)) return std::move(*refusal);
  const ParsedBody& body = std::get<ParsedBody>(read);

  std::unique_lock model_lock(model_mutex_);

  // 1. Authentication.
  Caller caller;
  if (!needs_no_auth(method, path)) {
    auto result = authenticate(request, model_lock);
    if (auto* failure = std::get_if<HttpResponse>(&result)) return std::move(*failure);
    caller = std::get<Caller>(result);
  }
  if (body.json_error) return json_response(ApiResponse::error(500, *body.json_error));

  if (is_control) return control(method, path, caller, body.params, query_pairs, model_lock);
  if (auto injected = injected_answer(request, path)) return std::move(*injected);
  return call_api(method, path, caller, body.params, query_pairs, model_lock);
}

HttpResponse ApiDispatcher::control(const std::string& method, const std::string& path,
                                    const Caller& caller, const Json& body_params,
                                    const QueryPairs& query_pairs,
                                    std::unique_lock<std::mutex>& model_lock) {
  if (!is_root(caller.auth_id)) {
    return json_response(ApiResponse::error(403, "Permission check failed (user != root@pam)\n"));
  }
  Json params = body_params;
  for (const auto& [k, v] : query_pairs) merge_value(params, k, v);
  model_lock.unlock();  // the control handler takes the model lock itself
  if (!control_) return bare(501, "Method '" + method + " " + path + "' not implemented");
  return json_response(control_(method, path, params));
}

// Injected answers come after authentication: a server without the token gets 401 as ever.
std::optional<HttpResponse> ApiDispatcher::injected_answer(const HttpRequest& request,
                                                           const std::string& path) {
  const std::string& method = request.method;
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
  return std::nullopt;
}

// Steps 2 to 8 of the pipeline, for a caller who passed authentication.
HttpResponse ApiDispatcher::call_api(const std::string& method, const std::string& path,
                                     const Caller& caller, const Json& body_params,
                                     const QueryPairs& query_pairs,
                                     std::unique_lock<std::mutex>& model_lock) {
  // 2. Routing.
  const auto route = schema_.match(path);
  const apischema::MethodSchema* ms = nullptr;
  if (route && route->methods != nullptr) {
    if (auto it = route->methods->find(method); it != route->methods->end()) ms = &it->second;
  }
  // PVE::HTTPServer::rest_handler without a handler answers its default result (status 501 and
  // that message, no newline), which the JSON formatter also writes into the body.
  if (ms == nullptr) {
    return json_response(
        ApiResponse::error(501, "Method '" + method + " " + path + "' not implemented"));
  }

  // 3. Merge path, body and query parameters.
  auto merged = merge_params(body_params, query_pairs, *route);
  if (auto* conflict = std::get_if<HttpResponse>(&merged)) return std::move(*conflict);
  Json& params = std::get<Json>(merged);

  // 4. API tokens may not use ticket-only methods.
  if (caller.token && !ms->allowtoken) {
    return json_response(
        ApiResponse::error(403, "Permission check failed (URI '" + path +
                                    "' not available with API token, need proper ticket.\n)\n"));
  }

  // 5. Permissions, before parameter validation.
  if (auto denial = check_api_permissions(ms->permissions, caller.auth_id, params, model_)) {
    return json_response(ApiResponse::error(denial->status, denial->message));
  }

  // 6. proxyto: the node must be reachable.
  if (auto unreachable = proxy_refusal(*ms, params)) return std::move(*unreachable);

  // 7. Schema validation.
  apischema::normalize_params(*ms, params);
  if (auto errors = apischema::validate_params(*ms, params); !errors.empty()) {
    return verification_failed(errors);
  }

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
  api.params = apischema::stringify_params(params);
  api.auth_id = caller.auth_id;
  ApiResponse answer = model_.handle(api);
  if (options_.loose_types && answer.status == 200) {
    answer.data = loosen(api.template_path, std::move(answer.data));
  }
  HttpResponse response = json_response(answer);
  // pveproxy forwards a protected method to pvedaemon, which closes after anything but a GET;
  // proxy_request passes that Connection line on and response() pushes its own Keep-Alive, so
  // the client gets both ("close, Keep-Alive" in recorded PVE answers).
  if (ms->protected_method && method != "GET" && answer.status == 200) {
    response.headers.emplace_back("Connection", "close");
  }
  return response;
}

std::optional<HttpResponse> ApiDispatcher::proxy_refusal(const apischema::MethodSchema& ms,
                                                         const Json& params) const {
  if (ms.proxyto.empty()) return std::nullopt;
  const auto it = params.find(ms.proxyto);
  if (it == params.end() || !it->is_string() || it->get<std::string>().empty()) {
    return verification_failed(
        {{ms.proxyto, "proxy parameter '" + ms.proxyto + "' does not exists"}});
  }
  const std::string node = it->get<std::string>();
  if (node == "localhost") return std::nullopt;
  switch (model_.node_state(node)) {
    case NodeState::kOnline:
      return std::nullopt;
    case NodeState::kOffline:
      return bare(595, "No route to host");
    case NodeState::kUnknown:
      break;
  }
  for (const auto& known : model_.node_names()) {
    if (lower(known) == lower(node)) {
      return json_response(ApiResponse::error(596, "no such cluster node '" + node + "'\n"));
    }
  }
  return json_response(ApiResponse::error(
      500, "hostname lookup '" + node + "' failed - failed to get address info for: " + node +
               ": Name or service not known\n"));
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
