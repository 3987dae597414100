#include "mcp/session.h"

#include <exception>
#include <string_view>

#include "mcp/argument_validator.h"
#include "mcp/jsonrpc.h"

namespace mcp {
namespace {

using nlohmann::json;

const json& member(const json& object, std::string_view key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

bool is_modern_only(std::string_view method) {
  return method == "server/discover" || method == "subscriptions/listen";
}

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

// A declared outputSchema is a promise (the spec's MUST, and SDK clients reject a result that
// breaks it): a tool that breaks it gets an isError result naming the problem instead.
void check_output(const Tool& tool, ToolResult& result) {
  if (result.is_error || !tool.output_schema.is_object()) return;
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

}  // namespace

Session::Session(const ServerInfo& info, std::vector<Tool> tools, Transport& transport,
                 std::size_t max_concurrent_calls)
    : info_(info),
      registry_(std::move(tools)),
      outbox_(transport),
      modern_codec_(make_modern_codec(info)),
      pool_(max_concurrent_calls) {
  for (Revision r : kLegacyRevisions) legacy_codecs_.push_back(make_legacy_codec(r, info_));
}

Session::~Session() {
  pool_.wait_idle();
}

void Session::handle(const InboundMessage& message) {
  if (message.oversized_bytes > 0) {
    send_error(nullptr, jsonrpc::kInvalidRequest,
               "Invalid Request: message of " + std::to_string(message.oversized_bytes) +
                   " bytes exceeds the size limit");
    return;
  }
  jsonrpc::Incoming in = jsonrpc::parse(message.text);
  switch (in.kind) {
    case jsonrpc::Kind::kInvalid:
      outbox_.send(in.error);
      return;
    case jsonrpc::Kind::kResponse:
      return;  // we never send requests, so there is nothing to match
    case jsonrpc::Kind::kNotification:
      handle_notification(in.method, in.params);
      return;
    case jsonrpc::Kind::kRequest:
      try {
        handle_request(in.id, in.method, in.params);
      } catch (const std::exception& e) {
        send_error(in.id, jsonrpc::kInternalError, std::string("Internal error: ") + e.what());
      }
      return;
  }
}

const WireCodec* Session::codec_for(const json& id, const std::string& method, const json& params) {
  const json& meta = member(params, "_meta");
  const std::string version_key(kMetaProtocolVersion);
  if (!meta.is_object() || !meta.contains(version_key)) {
    if (is_modern_only(method)) {
      send_error(id, jsonrpc::kInvalidParams, envelope_message(version_key, "missing"),
                 envelope_data(version_key, "missing"));
      return nullptr;
    }
    return &legacy_codec();
  }

  const json& version = meta.at(version_key);
  if (!version.is_string()) {
    send_error(id, jsonrpc::kInvalidParams, envelope_message(version_key, "must be a string"),
               envelope_data(version_key, "must be a string"));
    return nullptr;
  }
  if (version.get<std::string>() != kModernVersion) {
    send_error(id, jsonrpc::kUnsupportedProtocolVersion,
               "Unsupported protocol version: " + version.get<std::string>(),
               json{{"supported", json::array({kModernVersion})}, {"requested", version}});
    return nullptr;
  }
  const std::string caps_key(kMetaClientCapabilities);
  const auto caps = meta.find(caps_key);
  if (caps == meta.end() || !caps->is_object()) {
    const std::string_view problem = caps == meta.end() ? "missing" : "must be an object";
    send_error(id, jsonrpc::kInvalidParams, envelope_message(caps_key, problem),
               envelope_data(caps_key, problem));
    return nullptr;
  }
  return modern_codec_.get();
}

const WireCodec& Session::legacy_codec() const {
  for (std::size_t i = 0; i < kLegacyRevisions.size(); ++i) {
    if (kLegacyRevisions[i] == legacy_revision_) return *legacy_codecs_[i];
  }
  return *legacy_codecs_.front();
}

void Session::handle_request(const json& id, const std::string& method, const json& params) {
  const WireCodec* codec = codec_for(id, method, params);
  if (codec == nullptr) return;
  if (!codec->serves(method)) {
    send_error(id, jsonrpc::kMethodNotFound, "Method not found: " + method);
    return;
  }
  if (method == "initialize") {
    initialize(id, params);
  } else if (method == "ping") {
    outbox_.send(jsonrpc::make_result(id, codec->finish(json::object(), ResultKind::kPlain)));
  } else if (method == "server/discover") {
    discover(id, *codec);
  } else if (method == "tools/list") {
    list_tools(id, params, *codec);
  } else if (method == "tools/call") {
    call_tool(id, params, *codec);
  } else if (method == "subscriptions/listen") {
    listen(id, params);
  }
}

void Session::handle_notification(const std::string& method, const json& params) {
  if (method == "notifications/cancelled") cancel(params);
  // notifications/initialized and anything else need no action.
}

void Session::initialize(const json& id, const json& params) {
  const json& requested = member(params, "protocolVersion");
  legacy_revision_ =
      negotiate_legacy(requested.is_string() ? requested.get<std::string>() : std::string());
  const WireCodec& codec = legacy_codec();
  json result{{"protocolVersion", revision_name(legacy_revision_)},
              {"capabilities", codec.capabilities()},
              {"serverInfo", codec.implementation()}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  outbox_.send(jsonrpc::make_result(id, codec.finish(std::move(result), ResultKind::kPlain)));
}

void Session::discover(const json& id, const WireCodec& codec) {
  json result{{"supportedVersions", json::array({kModernVersion})},
              {"capabilities", codec.capabilities()}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  outbox_.send(jsonrpc::make_result(id, codec.finish(std::move(result), ResultKind::kCacheable)));
}

void Session::list_tools(const json& id, const json& params, const WireCodec& codec) {
  if (!member(params, "cursor").is_null()) {
    // The whole list fits one page, so no cursor was ever handed out.
    send_error(id, jsonrpc::kInvalidParams, "Invalid params: unknown cursor");
    return;
  }
  json tools = json::array();
  for (const Tool& t : registry_.all()) tools.push_back(codec.tool(t));
  outbox_.send(jsonrpc::make_result(
      id, codec.finish(json{{"tools", std::move(tools)}}, ResultKind::kCacheable)));
}

void Session::call_tool(const json& id, const json& params, const WireCodec& codec) {
  const json& name = member(params, "name");
  if (!name.is_string()) {
    send_error(id, jsonrpc::kInvalidParams, "Invalid params: \"name\" must be a string");
    return;
  }
  const Tool* tool = registry_.find(name.get<std::string>());
  if (tool == nullptr) {
    send_error(id, jsonrpc::kInvalidParams, "Unknown tool: " + name.get<std::string>());
    return;
  }
  json args = member(params, "arguments");
  if (args.is_null()) args = json::object();
  if (!args.is_object()) {
    send_error(id, jsonrpc::kInvalidParams, "Invalid params: \"arguments\" must be an object");
    return;
  }

  auto call = std::make_shared<PendingCall>(id, progress_token_of(params), codec, outbox_);
  {
    std::lock_guard lock(calls_mutex_);
    const std::string key = jsonrpc::id_key(id);
    if (calls_.count(key) != 0 || listens_.count(key) != 0) {
      send_error(id, jsonrpc::kInvalidRequest,
                 "Invalid Request: id " + key + " is already in use by a request in flight");
      return;
    }
    calls_.emplace(key, call);
  }
  pool_.submit([this, call, tool, args = std::move(args)] { run_call(call, *tool, args); });
}

void Session::run_call(const std::shared_ptr<PendingCall>& call, const Tool& tool,
                       const json& args) {
  if (!call->cancelled()) {
    ToolResult result;
    try {
      if (auto problem = check_arguments(tool.input_schema, args)) {
        result = ToolResult::error(std::move(*problem));
      } else {
        result = tool.handler(args, *call);
        check_output(tool, result);
      }
    } catch (const std::exception& e) {
      result = ToolResult::error(e.what());
    } catch (...) {
      result = ToolResult::error("Tool " + tool.name + " failed with an unknown error");
    }
    try {
      call->respond(result);
    } catch (const std::exception& e) {
      // Serialising the handler's result failed (it cannot, short of memory); still answer.
      call->respond(ToolResult::error(std::string("Internal error: ") + e.what()));
    }
  }
  std::lock_guard lock(calls_mutex_);
  calls_.erase(jsonrpc::id_key(call->id()));
}

void Session::listen(const json& id, const json& params) {
  if (!member(params, "notifications").is_object()) {
    send_error(id, jsonrpc::kInvalidParams, "Invalid params: \"notifications\" must be an object");
    return;
  }
  {
    std::lock_guard lock(calls_mutex_);
    const std::string key = jsonrpc::id_key(id);
    if (calls_.count(key) != 0 || listens_.count(key) != 0) {
      send_error(id, jsonrpc::kInvalidRequest,
                 "Invalid Request: id " + key + " is already in use by a request in flight");
      return;
    }
    listens_.emplace(key, id);
  }
  // Our tool list never changes, so of the notification types a client may ask for we honour
  // none; the stream stays open until the client cancels it or the connection ends.
  outbox_.send(
      jsonrpc::make_notification("notifications/subscriptions/acknowledged",
                                 json{{"notifications", json::object()},
                                      {"_meta", json{{std::string(kMetaSubscriptionId), id}}}}));
}

void Session::cancel(const json& params) {
  const json& request_id = member(params, "requestId");
  if (!jsonrpc::is_valid_id(request_id)) return;
  const std::string key = jsonrpc::id_key(request_id);
  std::shared_ptr<PendingCall> call;
  {
    std::lock_guard lock(calls_mutex_);
    listens_.erase(key);
    const auto it = calls_.find(key);
    if (it != calls_.end()) call = it->second;
  }
  if (call) call->cancel();
}

void Session::close() {
  pool_.wait_idle();
  std::map<std::string, json> open;
  {
    std::lock_guard lock(calls_mutex_);
    if (closed_) return;
    closed_ = true;
    open.swap(listens_);
  }
  for (const auto& [key, id] : open) {
    json result{{"_meta", json{{std::string(kMetaSubscriptionId), id}}}};
    outbox_.send(
        jsonrpc::make_result(id, modern_codec_->finish(std::move(result), ResultKind::kPlain)));
  }
}

void Session::send_error(const json& id, int code, std::string message, json data) {
  outbox_.send(jsonrpc::make_error(id, code, std::move(message), std::move(data)));
}

}  // namespace mcp
