// Which tools a server enables: PROXMOX_TOOLSETS, PROXMOX_TOOLS and PROXMOX_DISABLED_TOOLS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace policy {

// Each list holds toolset names ("lifecycle") and tool names ("proxmox_start_vm") as the
// variables give them. Nothing in `toolsets` and `tools`: every toolset is enabled. A name in
// `disabled` wins over the others.
struct ToolChoice {
  std::vector<std::string> toolsets = {};  // PROXMOX_TOOLSETS ("all": every toolset)
  std::vector<std::string> tools = {};     // PROXMOX_TOOLS: enabled besides the toolsets
  std::vector<std::string> disabled = {};  // PROXMOX_DISABLED_TOOLS

  // Whether the tool `name` of toolset `toolset` is enabled.
  [[nodiscard]] bool enables(std::string_view name, std::string_view toolset) const;
  // Whether `disabled` names the tool or its toolset.
  [[nodiscard]] bool disables(std::string_view name, std::string_view toolset) const;
};

// "a, b c" → {"a", "b", "c"}: names separated by commas, blanks or new lines.
std::vector<std::string> parse_name_list(std::string_view text);

}  // namespace policy
