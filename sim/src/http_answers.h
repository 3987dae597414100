// The HTTP answers pveproxy gives: bare status lines and the JSON envelope.
#pragma once

#include <map>
#include <string>

#include "api_types.h"
#include "http_message.h"

namespace pvesim {

// Transport-level answers: the message lives only in the status line, the body is empty.
HttpResponse bare(int status, const std::string& reason);

// {"data": …} (with "total") for a 200; otherwise {"data": null, "message": …, "errors": …}
// with the message's first line as the reason phrase.
HttpResponse json_response(const ApiResponse& api);

// A 200 whose body is whatever a hostile fault chose, labelled JSON as PVE labels every answer.
HttpResponse raw_ok(std::string body);

// 400 "Parameter verification failed." with the message of each parameter.
HttpResponse verification_failed(const std::map<std::string, std::string>& errors);

}  // namespace pvesim
