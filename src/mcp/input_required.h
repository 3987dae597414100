// Asking the person in the 2026-07-28 era: an input_required result, and the client's retry
// that carries the answer.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/request_state.h"
#include "mcp/tool.h"

namespace mcp {

// Thrown by CallContext::ask to end the handler; the dispatcher answers the call with
// `result()`. Deliberately not a std::exception, so handlers that catch those let it pass.
class InputRequired {
 public:
  explicit InputRequired(nlohmann::json result) : result_(std::move(result)) {}
  // {"inputRequests": {...}, "requestState": "..."}, before the era's envelope fields.
  [[nodiscard]] const nlohmann::json& result() const { return result_; }

 private:
  nlohmann::json result_;
};

// The answers one tools/call brings (none on a first call): ask() returns the person's answer
// when this call is the retry of an input_required for the same tool, arguments and question;
// otherwise it throws InputRequired asking it.
class RetryAnswers {
 public:
  // `params` are the tools/call params (inputResponses, requestState); `seal` outlives this.
  RetryAnswers(std::string tool, nlohmann::json arguments, const nlohmann::json& params,
               RequestStateSeal& seal);

  Consent ask(const std::string& question);

 private:
  std::string tool_;
  nlohmann::json arguments_;
  nlohmann::json responses_;  // inputResponses, or null
  std::string state_;         // requestState, or empty
  RequestStateSeal& seal_;
  std::map<std::string, Consent> answered_;  // a question asked twice gets the same answer
};

}  // namespace mcp
