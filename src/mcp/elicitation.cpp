#include "mcp/elicitation.h"

namespace mcp::elicitation {

using nlohmann::json;

bool supports_form(const json& client_capabilities) {
  if (!client_capabilities.is_object()) return false;
  const auto it = client_capabilities.find("elicitation");
  if (it == client_capabilities.end() || !it->is_object()) return false;
  return it->empty() || it->contains("form");
}

json approval_params(const std::string& message, Revision revision) {
  json params;
  // 2025-06-18 has only form elicitation and no `mode` field.
  if (at_least(revision, Revision::k2025_11_25)) params["mode"] = "form";
  params["message"] = message;
  params["requestedSchema"] = json{{"type", "object"}, {"properties", json::object()}};
  return params;
}

std::optional<Consent> consent_of(const json& elicit_result) {
  if (!elicit_result.is_object()) return std::nullopt;
  const auto action = elicit_result.find("action");
  if (action == elicit_result.end() || !action->is_string()) return std::nullopt;
  if (*action == "accept") return Consent::accepted;
  if (*action == "decline" || *action == "cancel") return Consent::declined;
  return std::nullopt;
}

}  // namespace mcp::elicitation
