// proxmox_set_tags: add tags to a guest or remove them, as one config change.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

namespace typed {
// Proxmox's pve-tag format: a letter, digit or '_', then those, '-', '+' or '.'.
Problem tag_names(const std::vector<std::string>& tags);
Problem tag_name(const std::string& tag);
}  // namespace typed

// Either type: `type` (unlisted) when the caller knows it, else found in the cluster's list.
struct SetTagsArgs : GuestArgs {
  std::optional<std::string> type;
  std::optional<std::vector<std::string>> add;
  std::optional<std::vector<std::string>> remove;
  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{typed::field(&SetTagsArgs::type, "type").one_of({"qemu", "lxc"}).unlisted(),
                   typed::field(&SetTagsArgs::add, "add").checked(typed::tag_names),
                   typed::field(&SetTagsArgs::remove, "remove").checked(typed::tag_names)});
  }
};

mcp::ToolResult set_tags(const Call& call, const SetTagsArgs& args);

extern const std::string_view kSetTagsOutput;

}  // namespace tools
