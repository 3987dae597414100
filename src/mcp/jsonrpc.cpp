#include "mcp/jsonrpc.h"

#include <cstdint>

namespace mcp::jsonrpc {
namespace {

// Deepest bracket nesting of a JSON text, ignoring brackets inside strings.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Incoming invalid(const json& id, int code, std::string message) {
  Incoming in;
  in.kind = Kind::kInvalid;
  in.error = make_error(id, code, std::move(message));
  return in;
}

}  // namespace

const json& member(const json& object, std::string_view key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

bool is_valid_id(const json& id) {
  return id.is_string() || id.is_number_integer();
}

std::string id_key(const json& id) {
  return serialize(id);
}

Incoming parse(std::string_view text) {
  // nlohmann's lexer takes a NUL for the end of input, so `{...}\0{...}` would pass as its first
  // object and the rest of the line would vanish unanswered. JSON has no place for a raw NUL.
  if (text.find('\0') != std::string_view::npos) {
    return invalid(nullptr, kParseError, "Parse error: invalid JSON");
  }
  if (nesting_depth(text) > kMaxNestingDepth) {
    return invalid(nullptr, kParseError, "Parse error: JSON nested deeper than 128 levels");
  }
  json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return invalid(nullptr, kParseError, "Parse error: invalid JSON");
  if (message.is_array()) {
    if (message.empty()) return invalid(nullptr, kInvalidRequest, "Invalid Request: empty batch");
    Incoming in;
    in.kind = Kind::kBatch;
    in.batch = std::move(message);
    return in;
  }
  return classify(std::move(message));
}

Incoming classify(json message) {
  if (!message.is_object()) {
    return invalid(nullptr, kInvalidRequest, "Invalid Request: a message must be a JSON object");
  }

  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  const json id = has_id && is_valid_id(*id_it) ? *id_it : json(nullptr);

  const auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    return invalid(id, kInvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
  }

  const auto method = message.find("method");
  if (method == message.end()) {
    if (message.contains("result") || message.contains("error")) {
      Incoming in;
      in.kind = Kind::kResponse;
      in.id = id;
      in.response = std::move(message);
      return in;
    }
    return invalid(id, kInvalidRequest, "Invalid Request: missing \"method\"");
  }
  if (!method->is_string()) {
    return invalid(id, kInvalidRequest, "Invalid Request: \"method\" must be a string");
  }
  if (has_id && !is_valid_id(*id_it)) {
    return invalid(nullptr, kInvalidRequest,
                   "Invalid Request: \"id\" must be a string or an integer");
  }

  Incoming in;
  in.kind = has_id ? Kind::kRequest : Kind::kNotification;
  in.id = id;
  in.method = method->get<std::string>();
  const auto params = message.find("params");
  if (params != message.end()) {
    if (!params->is_object()) {
      if (!has_id) return in;  // a notification cannot be answered; ignore its params
      return invalid(id, kInvalidParams, "Invalid params: \"params\" must be an object");
    }
    in.params = std::move(*params);
  }
  return in;
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, std::string message, json data) {
  json error{{"code", code}, {"message", std::move(message)}};
  if (!data.is_null()) error["data"] = std::move(data);
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

json make_notification(std::string method, json params) {
  json n{{"jsonrpc", "2.0"}, {"method", std::move(method)}};
  if (!params.is_null()) n["params"] = std::move(params);
  return n;
}

json make_request(const json& id, std::string method, json params) {
  json r{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::move(method)}};
  if (!params.is_null()) r["params"] = std::move(params);
  return r;
}

std::string serialize(const json& message) {
  // dump() escapes control characters inside strings, so the result has no raw newline.
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string serialize_result(const json& id, std::string_view serialized_result) {
  // The members in the order dump() writes an object's: sorted by name.
  static constexpr std::string_view kHead = R"({"id":)";
  static constexpr std::string_view kMiddle = R"(,"jsonrpc":"2.0","result":)";
  const std::string id_text = serialize(id);
  std::string out;
  out.reserve(kHead.size() + id_text.size() + kMiddle.size() + serialized_result.size() + 1);
  out.append(kHead).append(id_text).append(kMiddle).append(serialized_result).push_back('}');
  return out;
}

}  // namespace mcp::jsonrpc
