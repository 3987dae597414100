// A tool as the protocol layer sees it: metadata, schemas, annotations and a handler.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mcp/schema.h"

namespace mcp {

// Every tool sets all four hints explicitly; the spec's defaults are pessimistic.
struct Annotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = false;
};

// The client as it names itself (initialize's clientInfo, or a 2026-07-28 request's own), and
// the HTTP access token it authenticated with (empty over stdio).
struct ClientInfo {
  std::string name;
  std::string version;
  std::string access_token = {};
};
// The person's answer to CallContext::ask.
enum class Consent { accepted, declined, unavailable };

constexpr std::string_view to_string(Consent consent) {
  switch (consent) {
    case Consent::accepted:
      return "accepted";
    case Consent::declined:
      return "declined";
    case Consent::unavailable:
      break;
  }
  return "unavailable";
}

// RFC 5424 severities, in rising order, as MCP's notifications/message carries them.
enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

inline constexpr std::array<std::string_view, 8> kLogLevelNames = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

constexpr std::string_view to_string(LogLevel level) {
  return kLogLevelNames.at(static_cast<std::size_t>(level));
}

constexpr std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (std::size_t i = 0; i < kLogLevelNames.size(); ++i) {
    if (kLogLevelNames.at(i) == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

// A request to the client for input (MCP's elicitation/create, sampling/createMessage or
// roots/list) with the params it carries.
struct InputRequest {
  std::string method;
  nlohmann::json params = nlohmann::json::object();
};
using InputRequests = std::map<std::string, InputRequest>;     // by the key its answer comes under
using InputResponses = std::map<std::string, nlohmann::json>;  // the client's results, by key

// Thrown by CallContext::ask_inputs when the client declared none of the capabilities its
// requests need. Not a std::exception (like InputRequired), so handlers that catch those let it
// pass to the dispatcher, which answers -32021 in 2026-07-28 and an error result before.
struct MissingCapabilities {
  nlohmann::json required;  // {"sampling": {}}, …
};

// What a handler may ask of the request it serves. Implemented by the dispatcher.
class CallContext {
 public:
  virtual ~CallContext() = default;
  // True once the client sent notifications/cancelled for this request (or the transport closed).
  [[nodiscard]] virtual bool cancelled() const = 0;
  // Sends notifications/progress when the request carried a progress token; otherwise a no-op.
  // `progress` must increase between calls; the dispatcher enforces it.
  virtual void progress(double progress, std::optional<double> total,
                        const std::string& message) = 0;
  // Sleeps up to `duration` (between polls of a Proxmox task) without holding one of the
  // server's places for running calls, so other requests are answered meanwhile. Returns true,
  // at once, when the wait should end: the request was cancelled or the client closed its input
  // (the handler then reports what it knows; its answer is still sent when the client is there).
  virtual bool pause(std::chrono::milliseconds duration) = 0;
  // Who sent the request; empty when the client did not say.
  [[nodiscard]] virtual ClientInfo client() const { return {}; }
  // Asks the person to approve `message` (plain text, shown as it is; never ask for secrets).
  // accepted only on an explicit accept; declined on decline, cancel, timeout, a cancelled
  // request or a closed client; unavailable when this client cannot be asked (it declared no
  // form elicitation): the caller then falls back to its own flow. Legacy clients get an
  // elicitation/create request and the call waits for the answer without holding a place. In
  // 2026-07-28 the first ask ends the handler with an exception the dispatcher turns into an
  // input_required result, and the client's retry runs the handler again, this time answered:
  // so send nothing to Proxmox before asking, and let every exception that is not a
  // std::exception pass (no catch (...) around ask). One question per call, and the answer
  // is bound to the tool, its arguments and the exact text: build the message from facts that
  // are the same when the retry reads them again, or the person is asked again.
  // Contexts that cannot ask (test fakes) keep this default.
  virtual Consent ask(const std::string& /*message*/) { return Consent::unavailable; }
  // Sends notifications/message when the client asked for messages of `level` or above (a
  // legacy session's logging/setLevel, a 2026-07-28 request's logLevel); otherwise a no-op.
  virtual void log(LogLevel /*level*/, const std::string& /*message*/) {}
  // Asks the client for inputs and returns its results by key, leaving out the requests whose
  // capability it did not declare (MissingCapabilities when none is left). A legacy client gets
  // each request in turn while the call waits (no answer in time is an error). In 2026-07-28
  // the call ends with an input_required result, and the client's retry runs the handler again,
  // this time answered. `state` (null for none) travels sealed in the requestState and the
  // retry's input_state() returns it, so a call of several rounds keeps there what earlier
  // rounds learned; answers are taken only with the state they were asked with. As with ask(),
  // send nothing to Proxmox before asking.
  virtual InputResponses ask_inputs(const InputRequests& /*requests*/,
                                    const nlohmann::json& /*state*/) {
    throw std::runtime_error("this request cannot ask the client for input");
  }
  // The state a 2026-07-28 retry brought back (see ask_inputs); null on a first call.
  [[nodiscard]] virtual nlohmann::json input_state() const { return nullptr; }
  // The cluster the call acts on when the server serves several ("" otherwise): a confirmation
  // given on one cluster must not count on another.
  [[nodiscard]] virtual std::string cluster() const { return {}; }
};

struct ToolResult {
  std::string text;           // Markdown shown to the model and the person
  nlohmann::json structured;  // structuredContent: an object matching outputSchema (or null)
  bool is_error = false;
  // Content blocks sent instead of `text` alone (images, audio, embedded resources), or null.
  nlohmann::json content = nullptr;

  static ToolResult error(std::string message) {
    ToolResult r;
    r.text = std::move(message);
    r.is_error = true;
    return r;
  }
};

// Arguments arrive already validated against input_schema (and with defaults not applied).
using ToolHandler = std::function<ToolResult(const nlohmann::json& args, CallContext& ctx)>;

// A tool's tools/list entry serialized ahead of time (at build time, for the catalogue), in each
// shape the entry takes across revisions; see WireCodec::tool_text.
struct ListingTexts {
  std::string_view plain;       // before 2025-03-26: name, description, inputSchema
  std::string_view annotated;   // 2025-03-26: annotations too, with the title among them
  std::string_view structured;  // from 2025-06-18: title, outputSchema and annotations
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  Schema input_schema;   // JSON Schema object ("type":"object")
  Schema output_schema;  // JSON Schema object, or null for none
  // What tools/call checks arguments against, where it accepts more than input_schema shows
  // (a vmid that may also be a guest's name); null: input_schema.
  Schema accepted_schema;
  Annotations annotations;
  ToolHandler handler;
  // An unlisted tool is absent from tools/list but still answers tools/call: a write tool in
  // basic mode explains how to enable it instead of looking like an unknown tool.
  bool listed = true;
  // Its entry as the fields above serialize, or null: tools/list then builds it.
  const ListingTexts* listing = nullptr;
};

// The schema a call's arguments are checked against.
inline const Schema& accepted_input(const Tool& tool) {
  return tool.accepted_schema.is_null() ? tool.input_schema : tool.accepted_schema;
}

}  // namespace mcp
