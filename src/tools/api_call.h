// proxmox_api_call: any endpoint of the Proxmox API, its parameters checked against the official
// schema and its changes against the policy before anything is sent, its answer bounded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/api_tools.h"
#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

inline constexpr std::int64_t kApiCallTimeout = 300;
inline constexpr std::int64_t kDefaultApiLimit = 50;
inline constexpr std::int64_t kMaxApiLimit = 1000;
// The most one answer puts into the model's context, its Markdown and its structuredContent
// together, besides the path and filter it echoes.
inline constexpr std::size_t kApiAnswerBytes = 24'000;
// One copy of a page (compact JSON): the text and structuredContent each carry one, and the
// headings and counts have the rest.
inline constexpr std::size_t kApiPageBytes = (kApiAnswerBytes - 1'000) / 2;

struct ApiCallArgs : TaskWait<kApiCallTimeout> {
  std::string method;
  std::string path;
  nlohmann::json params = nlohmann::json::object();
  std::optional<std::vector<std::string>> keep;  // `fields`
  std::optional<std::string> filter;
  std::int64_t limit = kDefaultApiLimit;
  std::optional<std::string> cursor;
  std::optional<std::string> confirm;  // the token of a confirmed destructive request

  static auto fields() {
    return std::tuple_cat(
        std::tuple{
            typed::field(&ApiCallArgs::method, "method").checked(http_method),
            typed::field(&ApiCallArgs::path, "path").checked(api_path),
            typed::field(&ApiCallArgs::params, "params")
                .or_default_unadvertised(nlohmann::json::object()),
            typed::field(&ApiCallArgs::keep, "fields"),
            typed::field(&ApiCallArgs::filter, "filter"),
            typed::field(&ApiCallArgs::limit, "limit")
                .or_default_unadvertised(kDefaultApiLimit)
                .checked(typed::between<1, kMaxApiLimit>),
            typed::field(&ApiCallArgs::cursor, "cursor").checked(typed::cursor_value),
            typed::field(&ApiCallArgs::confirm, "confirm").unlisted(),
        },
        TaskWait<kApiCallTimeout>::fields());
  }
};

mcp::ToolResult api_call(const Call& call, const ApiCallArgs& args);

extern const std::string_view kApiCallOutput;

}  // namespace tools
