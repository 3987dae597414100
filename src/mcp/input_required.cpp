#include "mcp/input_required.h"

#include "mcp/elicitation.h"

namespace mcp {
namespace {

using nlohmann::json;

// The one key of our inputRequests: a call asks one question.
constexpr const char* kApprovalKey = "approval";

}  // namespace

RetryAnswers::RetryAnswers(std::string tool, json arguments, const json& params,
                           RequestStateSeal& seal)
    : tool_(std::move(tool)), arguments_(std::move(arguments)), seal_(seal) {
  if (params.is_object()) {
    const auto responses = params.find("inputResponses");
    if (responses != params.end() && responses->is_object()) responses_ = *responses;
    const auto state = params.find("requestState");
    if (state != params.end() && state->is_string()) state_ = state->get<std::string>();
  }
}

Consent RetryAnswers::ask(const std::string& question) {
  if (const auto it = answered_.find(question); it != answered_.end()) return it->second;
  if (!state_.empty() && responses_.contains(kApprovalKey) &&
      seal_.redeem(state_, tool_, arguments_, question)) {
    if (const auto consent = elicitation::consent_of(responses_.at(kApprovalKey))) {
      answered_.emplace(question, *consent);
      return *consent;
    }
  }
  json request{{"method", "elicitation/create"},
               {"params", elicitation::approval_params(question, Revision::k2026_07_28)}};
  throw InputRequired(json{{"inputRequests", json{{kApprovalKey, std::move(request)}}},
                           {"requestState", seal_.seal(tool_, arguments_, question)}});
}

}  // namespace mcp
