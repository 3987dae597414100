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
    const bool can_ask =
        meta != params.end() && meta->is_object() &&
        elicitation::supports_form(meta->value(std::string(kMetaClientCapabilities), json()));
    if (can_ask) {
      route.retry = std::make_unique<RetryAnswers>(tool, arguments, params, channels.seal);
    }
    return route;
  }
  if (at_least(codec.revision(), Revision::k2025_06_18) &&
      elicitation::supports_form(legacy_capabilities)) {
    route.client = &channels.client;
    route.answer_timeout = channels.answer_timeout;
  }
  return route;
}

}  // namespace mcp
