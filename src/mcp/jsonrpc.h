// JSON-RPC 2.0 framing: classifying incoming messages and building responses and notifications.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mcp::jsonrpc {

using nlohmann::json;

// Error codes of JSON-RPC 2.0 and the MCP-reserved range used by this server.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kHeaderMismatch = -32020;     // 2026-07-28 HTTP: headers and body disagree
inline constexpr int kMissingCapability = -32021;  // 2026-07-28: the request's client cannot
inline constexpr int kUnsupportedProtocolVersion = -32022;

// Deeper nesting than this is refused before parsing: no MCP message needs it, and nlohmann's
// recursive comparisons and serialisation would exhaust the stack on adversarial input.
inline constexpr std::size_t kMaxNestingDepth = 128;

enum class Kind {
  kRequest,       // has "method" and a valid "id"
  kNotification,  // has "method" and no "id"
  kResponse,      // has "result" or "error": the client answering a request of ours
  kBatch,         // a non-empty JSON array of messages (JSON-RPC batching, 2025-03-26 only)
  kInvalid,       // answered with `error`
};

struct Incoming {
  Kind kind = Kind::kInvalid;
  json id;  // string or integer for requests; null otherwise
  std::string method;
  json params;    // object, or null when absent
  json error;     // for kInvalid: a complete error response to send back
  json batch;     // for kBatch: the array, whose elements are classified one by one
  json response;  // for kResponse: the whole message
};

// Parses one message (one stdio line). Never throws.
Incoming parse(std::string_view text);

// Classifies one already-parsed message (a batch element); an array here is invalid.
Incoming classify(json message);

// object[key], or a null when `object` is not an object or has no such key.
const json& member(const json& object, std::string_view key);

// True for the id types MCP allows: string or integer.
bool is_valid_id(const json& id);

// A stable map key for an id ("1" and 1 are different requests).
std::string id_key(const json& id);

json make_result(const json& id, json result);
json make_error(const json& id, int code, std::string message, json data = nullptr);
json make_notification(std::string method, json params);
json make_request(const json& id, std::string method, json params);

// One line of output: compact JSON with invalid UTF-8 replaced, never a raw newline.
std::string serialize(const json& message);
// serialize(make_result(id, result)) for a result serialized before (a cached list): the same
// text, without parsing or copying the result again.
std::string serialize_result(const json& id, std::string_view serialized_result);

}  // namespace mcp::jsonrpc
