// The JSON-RPC lines a client sends in each protocol era, and reading the answer to one of them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "child.h"

namespace bench {

enum class Era { legacy, modern };  // initialize 2025-11-25 | stateless 2026-07-28

// The lines that open a session before any request: initialize and initialized (legacy), none
// for the stateless era.
std::string opening_lines(Era era);
std::string request_line(Era era, int id, const std::string& method,
                         nlohmann::json params = nlohmann::json::object());
std::string tool_call_line(Era era, int id, const std::string& tool, const nlohmann::json& args);

// An answer line and when it arrived; notifications before it are skipped.
struct Answer {
  std::string line;
  std::chrono::steady_clock::time_point at;
};
// The answer to `id`, or nullopt when the server closes or `timeout` passes first. Only the
// start of each line is looked at, so that timing does not include parsing a large answer.
std::optional<Answer> answer_to(Child& child, int id, std::chrono::milliseconds timeout);

}  // namespace bench
