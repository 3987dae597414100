// Read tools about access: who the server authenticates as and what it may do, and the
// resource pools with their members.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools::typed {

Problem acl_path(const std::string& text);  // "/", "/vms/100", "/storage/local", …

}  // namespace tools::typed

namespace tools {

struct WhoamiArgs {
  std::optional<std::string> path;

  static auto fields() {
    return std::tuple{typed::field(&WhoamiArgs::path, "path").checked(typed::acl_path)};
  }
};

struct PoolArgs {
  std::optional<std::string> poolid;

  static auto fields() {
    return std::tuple{typed::field(&PoolArgs::poolid, "poolid").checked(typed::pool_id)};
  }
};

mcp::ToolResult whoami(const Call& call, const WhoamiArgs& args);
mcp::ToolResult get_pools(const Call& call, const PoolArgs& args);

extern const std::string_view kWhoamiOutput;
extern const std::string_view kPoolsOutput;

}  // namespace tools
