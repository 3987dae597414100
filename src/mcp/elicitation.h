// Asking the person for approval with elicitation/create: the form sent and what answers mean.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/protocol_version.h"
#include "mcp/tool.h"

namespace mcp::elicitation {

// True when these client capabilities (initialize's, or a 2026-07-28 request's) include form
// elicitation: `elicitation: {}` is form only, `{"url": {}}` alone is not a form.
bool supports_form(const nlohmann::json& client_capabilities);

// The params of an elicitation/create asking to approve `message`: a form with no fields, so
// the client shows the message with its accept/decline choice. `mode` only where it exists.
nlohmann::json approval_params(const std::string& message, Revision revision);

// The consent an ElicitResult gives: accept is accepted, decline and cancel are declined;
// nullopt for anything that is not an ElicitResult.
std::optional<Consent> consent_of(const nlohmann::json& elicit_result);

}  // namespace mcp::elicitation
