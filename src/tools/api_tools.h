// The Proxmox API as a whole for the model: find endpoints by words, then read one in full.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/tool_row.h"

namespace tools {

// GET POST PUT DELETE, in any case.
typed::Problem http_method(const std::string& text);
// An API path: starts with '/', no query string.
typed::Problem api_path(const std::string& text);

struct ApiSearchArgs {
  std::string query;
  std::optional<std::string> path;
  std::optional<std::string> method;
  std::optional<std::string> cursor;

  static auto fields() {
    return std::tuple{
        typed::field(&ApiSearchArgs::query, "query"),
        typed::field(&ApiSearchArgs::path, "path").checked(api_path),
        typed::field(&ApiSearchArgs::method, "method").checked(http_method),
        typed::field(&ApiSearchArgs::cursor, "cursor"),
    };
  }
};

struct ApiDescribeArgs {
  std::string method;
  std::string path;

  static auto fields() {
    return std::tuple{
        typed::field(&ApiDescribeArgs::method, "method").checked(http_method),
        typed::field(&ApiDescribeArgs::path, "path").checked(api_path),
    };
  }
};

mcp::ToolResult api_search(const Call& call, const ApiSearchArgs& args);
mcp::ToolResult api_describe(const Call& call, const ApiDescribeArgs& args);

extern const std::string_view kApiSearchOutput;
extern const std::string_view kApiDescribeOutput;

}  // namespace tools
