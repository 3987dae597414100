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

// The requests of `requests` whose capability `capabilities` (a clientCapabilities object)
// declares; MissingCapabilities naming them when none is.
InputRequests requests_for(const InputRequests& requests, const nlohmann::json& capabilities);

// The answers one tools/call brings (none on a first call): ask() returns the person's answer
// when this call is the retry of an input_required for the same tool, arguments and question;
// otherwise it throws InputRequired asking it. ask_inputs() does the same for any inputs (see
// CallContext::ask_inputs).
class RetryAnswers {
 public:
  // `params` are the tools/call params (inputResponses, requestState); `seal` outlives this.
  // A requestState of ask_inputs' kind is opened here, once.
  RetryAnswers(std::string tool, nlohmann::json arguments, const nlohmann::json& params,
               RequestStateSeal& seal);

  Consent ask(const std::string& question);
  // `capabilities`: the request's clientCapabilities. Throws InputRequired, MissingCapabilities,
  // or RequestError (-32602) for an altered state or answers that are not result objects. A
  // call uses either ask() or ask_inputs() (they share the one requestState), and the key
  // "approval" is ask()'s (std::invalid_argument).
  InputResponses ask_inputs(const InputRequests& requests, const nlohmann::json& state,
                            const nlohmann::json& capabilities);
  [[nodiscard]] nlohmann::json input_state() const;

 private:
  std::string tool_;
  nlohmann::json arguments_;
  nlohmann::json responses_;          // inputResponses, or null
  std::string state_;                 // requestState, or empty
  bool responses_malformed_ = false;  // inputResponses present but not an object
  bool state_broken_ = false;         // an ask_inputs state that does not open
  nlohmann::json opened_state_;       // what an ask_inputs state carried
  RequestStateSeal& seal_;
  std::map<std::string, Consent> answered_;  // a question asked twice gets the same answer
};

}  // namespace mcp
