// pveproxy's body rules: which methods may carry a body, and how a form or JSON body becomes
// parameters.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "api_types.h"
#include "http_message.h"
#include "pvesim/simulator.h"

namespace pvesim {

struct ParsedBody {
  Json params = Json::object();
  std::optional<std::string> json_error;  // a 500 after authentication
};

// The body's parameters (also appended to record.params, in arrival order), or the answer to a
// request pveproxy refuses while reading it (an unknown method, a body where none belongs, an
// unsupported content type).
std::variant<ParsedBody, HttpResponse> read_body(const HttpRequest& request,
                                                 RecordedRequest& record);

// Adds key=value to the merged parameters: a repeated key becomes an array.
void merge_value(Json& params, const std::string& key, Json value);

// A parameter as Perl stringifies it: strings as they are, booleans 1/0, the rest as JSON.
std::string scalar_or_dump(const Json& v);

}  // namespace pvesim
