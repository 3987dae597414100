#include "mcp/input_required.h"

#include <stdexcept>

#include "mcp/elicitation.h"
#include "mcp/jsonrpc.h"
#include "mcp/request_error.h"

namespace mcp {
namespace {

using nlohmann::json;

// The one key of our inputRequests: a call asks one question.
constexpr const char* kApprovalKey = "approval";

// The capability each kind of input request needs.
std::string capability_of(const std::string& method) {
  if (method == "elicitation/create") return "elicitation";
  if (method == "sampling/createMessage") return "sampling";
  if (method == "roots/list") return "roots";
  return method;
}

}  // namespace

InputRequests requests_for(const InputRequests& requests, const json& capabilities) {
  InputRequests kept;
  json missing = json::object();
  for (const auto& [key, request] : requests) {
    const std::string capability = capability_of(request.method);
    if (request.method == "elicitation/create"
            ? elicitation::supports_form(capabilities)
            : capabilities.is_object() && capabilities.contains(capability) &&
                  capabilities.at(capability).is_object()) {
      kept.emplace(key, request);
    } else {
      missing[capability] = json::object();
    }
  }
  if (kept.empty() && !requests.empty()) throw MissingCapabilities{std::move(missing)};
  return kept;
}

RetryAnswers::RetryAnswers(std::string tool, json arguments, const json& params,
                           RequestStateSeal& seal)
    : tool_(std::move(tool)), arguments_(std::move(arguments)), seal_(seal) {
  if (params.is_object()) {
    const auto responses = params.find("inputResponses");
    if (responses != params.end() && responses->is_object()) responses_ = *responses;
    responses_malformed_ = responses != params.end() && !responses->is_object();
    const auto state = params.find("requestState");
    if (state != params.end() && state->is_string()) state_ = state->get<std::string>();
  }
  if (RequestStateSeal::is_payload_state(state_)) {
    std::optional<json> opened = seal_.open_payload(state_, tool_, arguments_);
    state_broken_ = !opened || opened->is_discarded();
    if (!state_broken_) opened_state_ = std::move(*opened);
  }
}

json RetryAnswers::input_state() const {
  if (state_broken_) {
    throw RequestError(jsonrpc::kInvalidParams,
                       "Invalid requestState: integrity check failed (altered, expired or "
                       "already used); call again without it to start over");
  }
  return opened_state_;
}

InputResponses RetryAnswers::ask_inputs(const InputRequests& requests, const json& state,
                                        const json& capabilities) {
  if (requests.count(kApprovalKey) != 0) {
    throw std::invalid_argument(std::string("ask_inputs: the key '") + kApprovalKey +
                                "' belongs to ask()");
  }
  const json opened = input_state();  // an altered state is refused before anything else
  if (responses_malformed_) {
    throw RequestError(jsonrpc::kInvalidParams, "Invalid params: inputResponses must be an object");
  }
  const InputRequests wanted = requests_for(requests, capabilities);
  // Answers count only when they come back with the state they were asked with.
  bool answered = opened == state;
  for (const auto& [key, request] : wanted) {
    if (!responses_.contains(key)) {
      answered = false;
    } else if (!responses_.at(key).is_object()) {
      throw RequestError(jsonrpc::kInvalidParams,
                         "Invalid params: inputResponses." + key + " must be a result object");
    }
  }
  if (answered) {
    InputResponses out;
    for (const auto& [key, request] : wanted) out.emplace(key, responses_.at(key));
    return out;
  }
  json input_requests = json::object();
  for (const auto& [key, request] : wanted) {
    input_requests[key] = json{{"method", request.method}, {"params", request.params}};
  }
  json result{{"inputRequests", std::move(input_requests)}};
  if (!state.is_null()) result["requestState"] = seal_.seal_payload(tool_, arguments_, state);
  throw InputRequired(std::move(result));
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
