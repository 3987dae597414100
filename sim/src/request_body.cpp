#include "request_body.h"

#include <utility>

#include "ascii_lower.h"
#include "http_answers.h"
#include "url_codec.h"

namespace pvesim {

namespace {

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

void read_form(const std::string& text, RecordedRequest& record, ParsedBody& body) {
  for (const auto& [k, v] : parse_form(text)) {
    record.params.emplace_back(k, v);
    merge_value(body.params, k, v);
  }
}

void read_json(const std::string& text, RecordedRequest& record, ParsedBody& body) {
  const bool too_deep = json_too_deep(text);
  Json parsed = too_deep ? Json() : Json::parse(text, nullptr, false);
  if (too_deep) {
    body.json_error =
        "json text or perl structure exceeds maximum nesting level (max_depth set too "
        "low?)\n";
  } else if (parsed.is_discarded()) {
    body.json_error = text.empty() ? "malformed JSON string, neither tag, array, object, number, "
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
}

}  // namespace

std::variant<ParsedBody, HttpResponse> read_body(const HttpRequest& request,
                                                 RecordedRequest& record) {
  const std::string& method = request.method;
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
      read_form(request.body, record, body);
    } else if (trimmed == "application/json") {
      read_json(request.body, record, body);
    } else {
      return bare(506, "upload 'Content-Type '" + raw_type + "' not implemented");
    }
  }
  return body;
}

void merge_value(Json& params, const std::string& key, Json value) {
  if (!params.contains(key)) {
    params[key] = std::move(value);
    return;
  }
  Json& existing = params[key];
  if (!existing.is_array()) existing = Json::array({existing});
  existing.push_back(std::move(value));
}

std::string scalar_or_dump(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  return v.dump();
}

}  // namespace pvesim
