// Read tools over the cluster: nodes, cluster health, the next VMID, guests, storages, templates.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/guest_tags.h"
#include "tools/tool_row.h"

namespace tools {

inline constexpr std::int64_t kDefaultGuestLimit = 100;
inline constexpr std::int64_t kMaxGuestLimit = 1000;

struct GuestListArgs {
  std::optional<std::string> node;
  std::string type;
  std::optional<std::string> tag;
  std::int64_t limit = kDefaultGuestLimit;
  std::optional<std::string> cursor;

  static auto fields() {
    return std::tuple{
        typed::node(&GuestListArgs::node),
        typed::field(&GuestListArgs::type, "type").or_default("all").one_of({"qemu", "lxc", "all"}),
        typed::field(&GuestListArgs::tag, "tag").checked(typed::tag_name),
        typed::field(&GuestListArgs::limit, "limit")
            .or_default(kDefaultGuestLimit)
            .checked(typed::between<1, kMaxGuestLimit>),
        typed::field(&GuestListArgs::cursor, "cursor")

            .checked(typed::cursor_value),
    };
  }
};

struct TemplateArgs {
  std::string node;
  std::string storage;
  std::string content;

  static auto fields() {
    return std::tuple{
        typed::node(&TemplateArgs::node),
        typed::storage(&TemplateArgs::storage).or_default("local"),
        typed::field(&TemplateArgs::content, "content")
            .or_default("vztmpl")
            .one_of({"vztmpl", "iso"}),
    };
  }
};

mcp::ToolResult get_nodes(const Call& call, const NoArgs& args);
mcp::ToolResult get_node_status(const Call& call, const NodeArgs& args);
mcp::ToolResult get_cluster_status(const Call& call, const NoArgs& args);
mcp::ToolResult get_next_vmid(const Call& call, const NoArgs& args);
mcp::ToolResult get_vms(const Call& call, const GuestListArgs& args);
mcp::ToolResult get_storage(const Call& call, const NodeFilterArgs& args);
mcp::ToolResult list_templates(const Call& call, const TemplateArgs& args);

extern const std::string_view kNodesOutput;
extern const std::string_view kNodeStatusOutput;
extern const std::string_view kClusterOutput;
extern const std::string_view kNextVmidOutput;
extern const std::string_view kVmsOutput;
extern const std::string_view kStorageOutput;
extern const std::string_view kTemplatesOutput;

}  // namespace tools
