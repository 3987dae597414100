// How one tools/call reaches the person when its handler asks (CallContext::ask).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/client_requests.h"
#include "mcp/input_required.h"
#include "mcp/request_state.h"
#include "mcp/wire_codec.h"

namespace mcp {

// Neither client nor retry set: the client cannot be asked.
struct ConsentRoute {
  ClientRequests* client = nullptr;             // legacy: requests for input go here
  std::chrono::milliseconds answer_timeout{0};  // legacy: no answer by then is a decline
  std::unique_ptr<RetryAnswers> retry;          // 2026-07-28: the answers this call carries
  bool approvals = false;       // the client takes form elicitation: ask() reaches the person
  nlohmann::json capabilities;  // what the client declared (initialize's, or the request's)
};

// What a session offers every call for asking.
struct ConsentChannels {
  ClientRequests& client;
  RequestStateSeal& seal;
  std::chrono::milliseconds answer_timeout;
};

// The route for a tools/call with these `params` (name, arguments, inputResponses,
// requestState, _meta) in the era of `codec`. A legacy client is asked for approval only from
// 2025-06-18 on and when initialize declared form elicitation (`legacy_capabilities`); a
// 2026-07-28 request only when its own clientCapabilities do. Other inputs follow the
// capabilities the same way (elicitation before 2025-06-18 counts as not declared).
ConsentRoute route_consent(const ConsentChannels& channels, const WireCodec& codec,
                           const nlohmann::json& legacy_capabilities, const nlohmann::json& params,
                           const std::string& tool, const nlohmann::json& arguments);

}  // namespace mcp
