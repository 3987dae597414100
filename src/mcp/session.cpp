#include "mcp/session.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string_view>

#include "mcp/argument_validator.h"
#include "mcp/consent_route.h"
#include "mcp/jsonrpc.h"

namespace mcp {
namespace {

using nlohmann::json;

using jsonrpc::member;

bool is_modern_only(std::string_view method) {
  return method == "server/discover" || method == "subscriptions/listen";
}

// What a log level must be, for logging/setLevel and the 2026-07-28 logLevel alike.
constexpr std::string_view kLogLevelProblem =
    "must be one of debug, info, notice, warning, error, critical, alert, emergency";

std::string envelope_message(std::string_view key, std::string_view problem) {
  return "Invalid _meta envelope for protocol revision " + std::string(kModernVersion) + ": " +
         std::string(key) + ": " + std::string(problem);
}

json envelope_data(std::string_view key, std::string_view problem) {
  return json{{"envelope", json{{"key", key}, {"problem", problem}}}};
}

// A progress token is a string or an integer; anything else asks for no progress.
json progress_token_of(const json& params) {
  const json& token = member(member(params, "_meta"), "progressToken");
  return jsonrpc::is_valid_id(token) ? token : json(nullptr);
}

// The name and version a clientInfo object gives, each bounded: they are the client's words.
ClientInfo client_info_of(const json& info) {
  constexpr std::size_t kLongest = 200;
  auto text = [&](std::string_view key) {
    const json& value = member(info, key);
    return value.is_string() ? value.get<std::string>().substr(0, kLongest) : std::string();
  };
  return {text("name"), text("version")};
}

// A declared outputSchema is a promise (the spec's MUST, and SDK clients reject a result that
// breaks it): a tool that breaks it gets an isError result naming the problem instead.
void check_output(const Tool& tool, ToolResult& result) {
  if (!tool.output_schema.is_object()) return;
  if (result.is_error) {
    // On an error structuredContent is optional: one that breaks the schema is left out.
    if (!result.structured.is_null() &&
        check_structured_content(tool.output_schema, result.structured)) {
      result.structured = nullptr;
    }
    return;
  }
  if (result.structured.is_null()) {
    result = ToolResult::error("Tool " + tool.name +
                               " returned no structuredContent although it declares an "
                               "outputSchema");
  } else if (auto problem = check_structured_content(tool.output_schema, result.structured)) {
    result = ToolResult::error(
        "Tool " + tool.name +
        " returned structuredContent that does not match its outputSchema: " + *problem);
  }
}

// -32021 naming the capabilities a tool (`what`: "this tool") or prompt needed of the client
// (2026-07-28's error; before it, a tool's error result or an internal error).
RequestError missing_capabilities_error(const MissingCapabilities& missing, std::string_view what) {
  std::string names;
  for (const auto& [name, value] : missing.required.items()) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return RequestError(jsonrpc::kMissingCapability,
                      "Missing client capability: " + std::string(what) + " needs " + names +
                          ", which the client did not declare",
                      json{{"requiredCapabilities", missing.required}});
}

// completion/complete's answer: at most 100 values, as the spec allows.
json completion_result(std::vector<std::string> values) {
  static constexpr std::size_t kMostValues = 100;
  const std::size_t total = values.size();
  if (values.size() > kMostValues) values.resize(kMostValues);
  return json{
      {"completion",
       json{{"values", std::move(values)}, {"total", total}, {"hasMore", total > kMostValues}}}};
}

// Runs a pooled request's work and answers with its result, its RequestError, or an internal
// error; nothing is sent for a cancelled request.
void run_request(PendingCall& call, ResultKind kind, const std::function<json()>& work) {
  if (call.cancelled()) {
    call.respond(json::object(), kind);  // withheld
    return;
  }
  try {
    call.respond(work(), kind);
  } catch (InputRequired& request) {
    call.respond(request.result(), ResultKind::kInputRequired);
  } catch (const MissingCapabilities& missing) {
    const RequestError error = missing_capabilities_error(missing, "this request");
    // -32021 is 2026-07-28's; an older client gets the same words as an internal error.
    call.fail(call.codec().is_modern() ? error.code() : jsonrpc::kInternalError, error.what(),
              error.data());
  } catch (const RequestError& e) {
    call.fail(e.code(), e.what(), e.data());
  } catch (const std::exception& e) {
    call.fail(jsonrpc::kInternalError, std::string("Internal error: ") + e.what());
  } catch (...) {
    call.fail(jsonrpc::kInternalError, "Internal error: the request failed with an unknown error");
  }
}

}  // namespace

Session::Session(ServerCore& core, const ToolRegistry& tools, std::string access_token)
    : core_(core), registry_(tools), access_token_(std::move(access_token)) {}

Session::~Session() {
  // The pool's jobs use this session: none may be left running.
  std::unique_lock lock(calls_mutex_);
  calls_done_.wait(lock, [this] { return calls_.empty(); });
}

bool Session::initialized() const {
  std::lock_guard lock(calls_mutex_);
  return initialized_;
}

void Session::handle(const InboundMessage& message, const std::shared_ptr<Outbox>& out) {
  if (message.oversized_bytes > 0) {
    make_direct_responder(out)->respond(jsonrpc::make_error(
        nullptr, jsonrpc::kInvalidRequest,
        "Invalid Request: message of " + std::to_string(message.oversized_bytes) +
            " bytes exceeds the size limit"));
    return;
  }
  handle(jsonrpc::parse(message.text), out);
}

void Session::handle(jsonrpc::Incoming in, const std::shared_ptr<Outbox>& out) {
  std::lock_guard lock(handle_mutex_);
  if (in.kind == jsonrpc::Kind::kBatch) {
    handle_batch(in.batch, out);
  } else if (in.kind == jsonrpc::Kind::kRequest || in.kind == jsonrpc::Kind::kInvalid) {
    dispatch(std::move(in), make_direct_responder(out));
  } else {
    dispatch(std::move(in), nullptr);
  }
}

void Session::handle_batch(const json& batch, const std::shared_ptr<Outbox>& out) {
  if (legacy_revision_ != Revision::k2025_03_26) {
    make_direct_responder(out)->respond(jsonrpc::make_error(
        nullptr, jsonrpc::kInvalidRequest,
        "Invalid Request: batches are only supported in protocol version 2025-03-26"));
    return;
  }
  std::vector<jsonrpc::Incoming> elements;
  std::size_t answered = 0;
  for (const json& element : batch) {
    elements.push_back(jsonrpc::classify(element));
    const jsonrpc::Kind kind = elements.back().kind;
    if (kind == jsonrpc::Kind::kRequest || kind == jsonrpc::Kind::kInvalid) ++answered;
  }
  auto responders = make_batch_responders(out, answered);
  std::size_t next = 0;
  for (jsonrpc::Incoming& in : elements) {
    const bool needs_answer =
        in.kind == jsonrpc::Kind::kRequest || in.kind == jsonrpc::Kind::kInvalid;
    dispatch(std::move(in), needs_answer ? responders[next++] : nullptr);
  }
}

void Session::dispatch(jsonrpc::Incoming in, const std::shared_ptr<Responder>& responder) {
  switch (in.kind) {
    case jsonrpc::Kind::kInvalid:
      responder->respond(std::move(in.error));
      return;
    case jsonrpc::Kind::kResponse:
      handle_response(in.response);
      return;
    case jsonrpc::Kind::kBatch:  // only at top level; classify() never yields it
      return;
    case jsonrpc::Kind::kNotification:
      handle_notification(in.method, in.params);
      return;
    case jsonrpc::Kind::kRequest: {
      const Request req{std::move(in.id), std::move(in.method), std::move(in.params), responder};
      try {
        handle_request(req);
      } catch (const std::exception& e) {
        fail(req, jsonrpc::kInternalError, std::string("Internal error: ") + e.what());
      }
      return;
    }
  }
}

const WireCodec* Session::codec_for(const Request& req) {
  const json& meta = member(req.params, "_meta");
  const std::string version_key(kMetaProtocolVersion);
  if (!meta.is_object() || !meta.contains(version_key)) {
    if (is_modern_only(req.method)) {
      fail(req, jsonrpc::kInvalidParams, envelope_message(version_key, "missing"),
           envelope_data(version_key, "missing"));
      return nullptr;
    }
    return &legacy_codec();
  }

  const json& version = meta.at(version_key);
  if (!version.is_string()) {
    fail(req, jsonrpc::kInvalidParams, envelope_message(version_key, "must be a string"),
         envelope_data(version_key, "must be a string"));
    return nullptr;
  }
  if (version.get<std::string>() != kModernVersion) {
    fail(req, jsonrpc::kUnsupportedProtocolVersion,
         "Unsupported protocol version: " + version.get<std::string>(),
         json{{"supported", json::array({kModernVersion})}, {"requested", version}});
    return nullptr;
  }
  const std::string caps_key(kMetaClientCapabilities);
  const auto caps = meta.find(caps_key);
  if (caps == meta.end() || !caps->is_object()) {
    const std::string_view problem = caps == meta.end() ? "missing" : "must be an object";
    fail(req, jsonrpc::kInvalidParams, envelope_message(caps_key, problem),
         envelope_data(caps_key, problem));
    return nullptr;
  }
  const json& level =
      meta.contains(std::string(kMetaLogLevel)) ? meta.at(std::string(kMetaLogLevel)) : json();
  if (meta.contains(std::string(kMetaLogLevel)) &&
      !(level.is_string() && parse_log_level(level.get<std::string>()))) {
    fail(req, jsonrpc::kInvalidParams, envelope_message(kMetaLogLevel, kLogLevelProblem),
         envelope_data(kMetaLogLevel, kLogLevelProblem));
    return nullptr;
  }
  return &core_.modern_codec();
}

const WireCodec& Session::legacy_codec() const {
  return core_.legacy_codec(legacy_revision_);
}

void Session::handle_request(const Request& req) {
  const WireCodec* codec = codec_for(req);
  if (codec == nullptr) return;
  if (!codec->serves(req.method)) {
    fail(req, jsonrpc::kMethodNotFound, "Method not found: " + req.method);
    return;
  }
  if (req.method == "initialize") {
    initialize(req);
  } else if (req.method == "ping") {
    reply(req, codec->finish(json::object(), ResultKind::kPlain));
  } else if (req.method == "server/discover") {
    discover(req, *codec);
  } else if (req.method == "tools/list") {
    list_tools(req, *codec);
  } else if (req.method == "tools/call") {
    call_tool(req, *codec);
  } else if (req.method == "subscriptions/listen") {
    listen(req);
  } else if (req.method == "logging/setLevel") {
    set_log_level(req);
  } else if (req.method == "prompts/list") {
    list_prompts(req, *codec);
  } else if (req.method == "prompts/get") {
    get_prompt(req, *codec);
  } else if (req.method == "resources/list") {
    list_resources(req, *codec, false);
  } else if (req.method == "resources/templates/list") {
    list_resources(req, *codec, true);
  } else if (req.method == "resources/read") {
    read_resource(req, *codec);
  } else if (req.method == "completion/complete") {
    complete(req, *codec);
  }
}

void Session::handle_notification(const std::string& method, const json& params) {
  if (method == "notifications/cancelled") cancel(params);
  // notifications/initialized and anything else need no action.
}

void Session::handle_response(const json& response) {
  if (client_requests_.deliver(response)) return;
  // The id is the client's text: shown bounded, so a huge one cannot flood the log.
  static constexpr std::size_t kShownId = 64;
  core_.options().warn("ignored a response to no request of ours (id " +
                       jsonrpc::id_key(response.value("id", json())).substr(0, kShownId) + ")");
}

void Session::initialize(const Request& req) {
  const json& requested = member(req.params, "protocolVersion");
  legacy_revision_ =
      negotiate_legacy(requested.is_string() ? requested.get<std::string>() : std::string());
  client_ = client_info_of(member(req.params, "clientInfo"));
  legacy_capabilities_ = member(req.params, "capabilities");
  {
    std::lock_guard lock(calls_mutex_);
    initialized_ = true;
  }
  const WireCodec& codec = legacy_codec();
  json result{{"protocolVersion", revision_name(legacy_revision_)},
              {"capabilities", codec.capabilities()},
              {"serverInfo", codec.implementation()}};
  if (!core_.info().instructions.empty()) result["instructions"] = core_.info().instructions;
  reply(req, codec.finish(std::move(result), ResultKind::kPlain));
}

void Session::discover(const Request& req, const WireCodec& codec) {
  json result{{"supportedVersions", json::array({kModernVersion})},
              {"capabilities", codec.capabilities()}};
  if (!core_.info().instructions.empty()) result["instructions"] = core_.info().instructions;
  reply(req, codec.finish(std::move(result), ResultKind::kCacheable));
}

void Session::list_tools(const Request& req, const WireCodec& codec) {
  if (refused_cursor(req)) return;
  req.responder->respond_serialized(jsonrpc::serialize_result(req.id, registry_.listing(codec)));
}

void Session::call_tool(const Request& req, const WireCodec& codec) {
  const json& name = member(req.params, "name");
  if (!name.is_string()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"name\" must be a string");
    return;
  }
  const Tool* tool = registry_.find(name.get<std::string>());
  if (tool == nullptr) {
    fail(req, jsonrpc::kInvalidParams, "Unknown tool: " + name.get<std::string>());
    return;
  }
  json args = member(req.params, "arguments");
  if (args.is_null()) args = json::object();
  if (!args.is_object()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"arguments\" must be an object");
    return;
  }
  auto call = make_call(
      req, codec,
      route_consent(consent_channels(), codec, legacy_capabilities_, req.params, tool->name, args));
  submit(req, call, [this, call, tool, args = std::move(args)]() mutable {
    run_call(call, *tool, std::move(args));
  });
}

std::shared_ptr<PendingCall> Session::make_call(const Request& req, const WireCodec& codec,
                                                ConsentRoute consent) {
  std::optional<LogLevel> log_level = legacy_log_level_;
  if (codec.is_modern()) {
    // A 2026-07-28 request asks for messages itself (codec_for checked the level), and gets
    // none unless it does.
    const json& level = member(member(req.params, "_meta"), kMetaLogLevel);
    log_level = level.is_string() ? parse_log_level(level.get<std::string>()) : std::nullopt;
  }
  // A 2026-07-28 request names its client itself; a legacy one was named by initialize.
  const json& own = member(member(req.params, "_meta"), kMetaClientInfo);
  ClientInfo client = own.is_object() ? client_info_of(own) : client_;
  client.access_token = access_token_;
  return std::make_shared<PendingCall>(req.id, progress_token_of(req.params), codec, req.responder,
                                       core_.pool(), std::move(client), std::move(consent),
                                       log_level);
}

void Session::submit(const Request& req, const std::shared_ptr<PendingCall>& call,
                     std::function<void()> work) {
  {
    std::lock_guard lock(calls_mutex_);
    const std::string key = jsonrpc::id_key(req.id);
    if (!reserve_id_locked(req, key)) return;
    if (input_closed_) call->stop_waiting();
    calls_.emplace(key, call);
  }
  core_.pool().submit(
      [this, call, work = std::move(work)] {
        work();
        std::lock_guard lock(calls_mutex_);
        calls_.erase(jsonrpc::id_key(call->id()));
        // Notified under the lock: the destructor may return, and free the session, right after.
        if (calls_.empty()) calls_done_.notify_all();
      },
      access_token_);
}

void Session::run_call(const std::shared_ptr<PendingCall>& call, const Tool& tool, json args) {
  ToolResult result;
  std::optional<InputRequired> input_required;
  std::optional<RequestError> request_error;
  if (!call->cancelled()) {
    try {
      if (auto problem = accept_arguments(accepted_input(tool), args)) {
        result = ToolResult::error(std::move(*problem));
      } else {
        result = tool.handler(args, *call);
        check_output(tool, result);
      }
    } catch (InputRequired& request) {
      input_required = std::move(request);
    } catch (const MissingCapabilities& missing) {
      request_error = missing_capabilities_error(missing, "this tool");
      if (!call->codec().is_modern()) {
        result = ToolResult::error(std::string("Tool ") + tool.name + ": " + request_error->what());
        request_error.reset();
      }
    } catch (const RequestError& e) {
      request_error = e;
    } catch (const std::exception& e) {
      result = ToolResult::error(e.what());
    } catch (...) {
      result = ToolResult::error("Tool " + tool.name + " failed with an unknown error");
    }
  }
  try {
    // Withheld if the call was cancelled.
    if (request_error) {
      call->fail(request_error->code(), request_error->what(), request_error->data());
    } else if (input_required) {
      call->respond(*input_required);
    } else {
      call->respond(result);
    }
  } catch (const std::exception& e) {
    // Shaping the handler's result failed (it cannot, short of memory); still answer once.
    call->respond(ToolResult::error(std::string("Internal error: ") + e.what()));
  }
}

void Session::set_log_level(const Request& req) {
  const json& level = member(req.params, "level");
  const std::optional<LogLevel> parsed =
      level.is_string() ? parse_log_level(level.get<std::string>()) : std::nullopt;
  if (!parsed) {
    fail(req, jsonrpc::kInvalidParams,
         "Invalid params: \"level\" " + std::string(kLogLevelProblem));
    return;
  }
  legacy_log_level_ = parsed;
  reply(req, json::object());
}

const Prompt* Session::visible_prompt(const std::string& name) const {
  for (const Prompt& prompt : core_.offerings().prompts) {
    if (prompt.name == name && offered_to(prompt.tools, registry_)) return &prompt;
  }
  return nullptr;
}

const Resource* Session::visible_template(const std::string& uri_template) const {
  for (const Resource& resource : core_.offerings().resources) {
    if (resource.is_template() && resource.uri == uri_template &&
        offered_to(resource.tools, registry_)) {
      return &resource;
    }
  }
  return nullptr;
}

void Session::list_prompts(const Request& req, const WireCodec& codec) {
  if (refused_cursor(req)) return;
  json prompts = json::array();
  for (const Prompt& prompt : core_.offerings().prompts) {
    if (offered_to(prompt.tools, registry_)) prompts.push_back(codec.prompt(prompt));
  }
  reply(req, codec.finish(json{{"prompts", std::move(prompts)}}, ResultKind::kCacheable));
}

void Session::get_prompt(const Request& req, const WireCodec& codec) {
  const json& name = member(req.params, "name");
  if (!name.is_string()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"name\" must be a string");
    return;
  }
  const Prompt* prompt = visible_prompt(name.get<std::string>());
  if (prompt == nullptr) {
    fail(req, jsonrpc::kInvalidParams, "Unknown prompt: " + name.get<std::string>());
    return;
  }
  const json& given = member(req.params, "arguments");
  if (!given.is_null() && !given.is_object()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"arguments\" must be an object");
    return;
  }
  std::map<std::string, std::string> arguments;
  if (given.is_object()) {
    for (const auto& [key, value] : given.items()) {
      const bool known =
          std::any_of(prompt->arguments.begin(), prompt->arguments.end(),
                      [&key = key](const PromptArgument& a) { return a.name == key; });
      if (!known) {
        fail(req, jsonrpc::kInvalidParams,
             "Invalid params: prompt " + prompt->name + " has no argument '" + key + "'");
        return;
      }
      if (!value.is_string()) {
        fail(req, jsonrpc::kInvalidParams,
             "Invalid params: argument '" + key + "' must be a string");
        return;
      }
      arguments[key] = value.get<std::string>();
    }
  }
  for (const PromptArgument& argument : prompt->arguments) {
    if (argument.required && arguments.count(argument.name) == 0) {
      fail(req, jsonrpc::kInvalidParams,
           "Invalid params: prompt " + prompt->name + " needs argument '" + argument.name + "'");
      return;
    }
  }
  const json given_arguments = arguments;
  // Bound to the prompt as a tool call is to its tool, in a name no tool can have.
  auto call = make_call(req, codec,
                        route_consent(consent_channels(), codec, legacy_capabilities_, req.params,
                                      "prompt " + prompt->name, given_arguments));
  submit(req, call, [call, prompt, arguments = std::move(arguments)] {
    run_request(*call, ResultKind::kPlain, [&] { return prompt->render(arguments, *call); });
  });
}

void Session::list_resources(const Request& req, const WireCodec& codec, bool templates) {
  if (refused_cursor(req)) return;
  json listed = json::array();
  for (const Resource& resource : core_.offerings().resources) {
    if (resource.is_template() == templates && offered_to(resource.tools, registry_)) {
      listed.push_back(codec.resource(resource));
    }
  }
  reply(req, codec.finish(json{{templates ? "resourceTemplates" : "resources", std::move(listed)}},
                          ResultKind::kCacheable));
}

void Session::read_resource(const Request& req, const WireCodec& codec) {
  const json& uri = member(req.params, "uri");
  if (!uri.is_string()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"uri\" must be a string");
    return;
  }
  const std::string& text = uri.get_ref<const std::string&>();
  const Resource* found = nullptr;
  std::map<std::string, std::string> variables;
  for (const Resource& resource : core_.offerings().resources) {
    if (!offered_to(resource.tools, registry_)) continue;
    if (!resource.is_template()) {
      if (resource.uri != text) continue;
    } else if (auto matched = match_uri_template(resource.uri, text)) {
      variables = std::move(*matched);
    } else {
      continue;
    }
    found = &resource;
    break;
  }
  if (found == nullptr) {
    fail(req, jsonrpc::kInvalidParams, "Resource not found: " + text, json{{"uri", text}});
    return;
  }
  auto call = make_call(req, codec);
  submit(req, call, [this, call, found, text, variables = std::move(variables)] {
    run_request(*call, ResultKind::kCacheable, [&] {
      return json{{"contents", found->read(text, variables, *call, registry_)}};
    });
  });
}

void Session::complete(const Request& req, const WireCodec& codec) {
  const json& ref = member(req.params, "ref");
  const json& type = member(ref, "type");
  const json& argument = member(req.params, "argument");
  const json& argument_name = member(argument, "name");
  const json& value = member(argument, "value");
  if (!type.is_string() || !argument_name.is_string() || !value.is_string()) {
    fail(req, jsonrpc::kInvalidParams,
         "Invalid params: completion/complete needs ref.type, argument.name and argument.value "
         "as strings");
    return;
  }
  std::string completer;
  const std::string& wanted = argument_name.get_ref<const std::string&>();
  if (type == "ref/prompt") {
    const json& name = member(ref, "name");
    const Prompt* prompt = name.is_string() ? visible_prompt(name.get<std::string>()) : nullptr;
    if (prompt == nullptr) {
      fail(req, jsonrpc::kInvalidParams,
           name.is_string() ? "Unknown prompt: " + name.get<std::string>()
                            : std::string("Invalid params: ref.name must be a string"));
      return;
    }
    for (const PromptArgument& a : prompt->arguments) {
      if (a.name == wanted) completer = a.completion;
    }
  } else if (type == "ref/resource") {
    const json& uri = member(ref, "uri");
    const Resource* resource = uri.is_string() ? visible_template(uri.get<std::string>()) : nullptr;
    if (resource == nullptr) {
      fail(req, jsonrpc::kInvalidParams,
           uri.is_string() ? "Unknown resource template: " + uri.get<std::string>()
                           : std::string("Invalid params: ref.uri must be a string"));
      return;
    }
    if (const auto it = resource->completions.find(wanted); it != resource->completions.end()) {
      completer = it->second;
    }
  } else {
    fail(req, jsonrpc::kInvalidParams,
         "Invalid params: ref.type must be ref/prompt or ref/resource");
    return;
  }
  std::map<std::string, std::string> context;
  for (const auto& [key, chosen] : member(member(req.params, "context"), "arguments").items()) {
    if (chosen.is_string()) context[key] = chosen.get<std::string>();
  }
  const auto found = core_.offerings().completers.find(completer);
  if (found == core_.offerings().completers.end()) {
    // An argument with no list of values to offer: nothing to suggest.
    reply(req, codec.finish(completion_result({}), ResultKind::kPlain));
    return;
  }
  auto call = make_call(req, codec);
  submit(req, call,
         [this, call, &complete_values = found->second, prefix = value.get<std::string>(),
          context = std::move(context)] {
           run_request(*call, ResultKind::kPlain, [&] {
             return completion_result(complete_values(prefix, context, *call, registry_));
           });
         });
}

ConsentChannels Session::consent_channels() {
  return {client_requests_, core_.seal(), core_.options().answer_timeout};
}

bool Session::refused_cursor(const Request& req) {
  if (member(req.params, "cursor").is_null()) return false;
  // Every list fits one page, so no cursor was ever handed out.
  fail(req, jsonrpc::kInvalidParams, "Invalid params: unknown cursor");
  return true;
}

bool Session::reserve_id_locked(const Request& req, const std::string& key) {
  if (calls_.count(key) == 0 && listens_.count(key) == 0) return true;
  fail(req, jsonrpc::kInvalidRequest,
       "Invalid Request: id " + key + " is already in use by a request in flight");
  return false;
}

void Session::listen(const Request& req) {
  if (!member(req.params, "notifications").is_object()) {
    fail(req, jsonrpc::kInvalidParams, "Invalid params: \"notifications\" must be an object");
    return;
  }
  {
    std::lock_guard lock(calls_mutex_);
    const std::string key = jsonrpc::id_key(req.id);
    if (!reserve_id_locked(req, key)) return;
    listens_.emplace(key, req);
  }
  // Our tool list never changes, so of the notification types a client may ask for we honour
  // none; the stream stays open until the client cancels it or the connection ends.
  req.responder->notify(jsonrpc::make_notification(
      "notifications/subscriptions/acknowledged",
      json{{"notifications", json::object()},
           {"_meta", json{{std::string(kMetaSubscriptionId), req.id}}}}));
}

void Session::cancel(const json& params) {
  const json& request_id = member(params, "requestId");
  if (!jsonrpc::is_valid_id(request_id)) return;
  const std::string key = jsonrpc::id_key(request_id);
  std::shared_ptr<PendingCall> call;
  std::shared_ptr<Responder> listen_responder;
  {
    std::lock_guard lock(calls_mutex_);
    const auto listen = listens_.find(key);
    if (listen != listens_.end()) {
      listen_responder = listen->second.responder;
      listens_.erase(listen);
    }
    const auto it = calls_.find(key);
    if (it != calls_.end()) call = it->second;
  }
  if (listen_responder) listen_responder->withhold();
  if (call) call->cancel();
}

void Session::close() {
  {
    std::lock_guard lock(calls_mutex_);
    input_closed_ = true;
    for (const auto& [key, call] : calls_) call->stop_waiting();
  }
  std::map<std::string, Request> open;
  {
    std::unique_lock lock(calls_mutex_);
    calls_done_.wait(lock, [this] { return calls_.empty(); });
    if (closed_) return;
    closed_ = true;
    open.swap(listens_);
  }
  for (const auto& [key, req] : open) {
    json result{{"_meta", json{{std::string(kMetaSubscriptionId), req.id}}}};
    reply(req, core_.modern_codec().finish(std::move(result), ResultKind::kPlain));
  }
}

void Session::reply(const Request& req, json result) {
  req.responder->respond(jsonrpc::make_result(req.id, std::move(result)));
}

void Session::fail(const Request& req, int code, std::string message, json data) {
  req.responder->respond(jsonrpc::make_error(req.id, code, std::move(message), std::move(data)));
}

}  // namespace mcp
