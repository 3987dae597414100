#include "mcp/consent_route.h"

#include "mcp/elicitation.h"

namespace mcp {

using nlohmann::json;

ConsentRoute route_consent(const ConsentChannels& channels, const WireCodec& codec,
                           const json& legacy_capabilities, const json& params,
                           const std::string& tool, const json& arguments) {
  ConsentRoute route;
  if (codec.is_modern()) {
    const auto meta = params.find("_meta");
    route.capabilities = meta != params.end() && meta->is_object()
                             ? meta->value(std::string(kMetaClientCapabilities), json())
                             : json();
    route.approvals = elicitation::supports_form(route.capabilities);
    route.retry = std::make_unique<RetryAnswers>(tool, arguments, params, channels.seal);
    return route;
  }
  route.capabilities = legacy_capabilities.is_object() ? legacy_capabilities : json::object();
  if (!at_least(codec.revision(), Revision::k2025_06_18)) route.capabilities.erase("elicitation");
  route.approvals = elicitation::supports_form(route.capabilities);
  route.client = &channels.client;
  route.answer_timeout = channels.answer_timeout;
  return route;
}

}  // namespace mcp
