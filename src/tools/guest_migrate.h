// The migration and template tools: move a VM or container to another node of the cluster, and
// turn a guest into a template for linked clones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

// Local disks are copied to the target, so a migration takes as long as its disks need.
inline constexpr std::int64_t kMigrateTimeout = 900;
inline constexpr std::int64_t kTemplateTimeout = 300;

// The Node.js server's proxmox_migrate_vm also moved containers (type=lxc, `online` meaning a
// restart migration); `type` is still accepted for that, but not advertised: proxmox_migrate_lxc
// is the container tool.
struct MigrateVmArgs : GuestTaskArgs<kMigrateTimeout> {
  std::string target;
  bool online = false;
  std::optional<std::string> targetstorage;
  std::string type;
  static auto fields() {
    return guest_task_fields<kMigrateTimeout>(
        typed::node(&MigrateVmArgs::target, "target"),
        typed::flag(&MigrateVmArgs::online, "online").about("Live migration"),
        typed::storage(&MigrateVmArgs::targetstorage, "targetstorage"),
        typed::field(&MigrateVmArgs::type, "type")
            .or_default("qemu")
            .one_of({"qemu", "lxc"})
            .unlisted());
  }
};

struct MigrateLxcArgs : GuestTaskArgs<kMigrateTimeout> {
  std::string target;
  bool restart = false;
  std::optional<std::string> targetstorage;
  static auto fields() {
    return guest_task_fields<kMigrateTimeout>(
        typed::node(&MigrateLxcArgs::target, "target"),
        typed::flag(&MigrateLxcArgs::restart, "restart"),
        typed::storage(&MigrateLxcArgs::targetstorage, "targetstorage"));
  }
};

// `type` (qemu|lxc, as the Node.js server took it) is accepted but not advertised: without it the
// server finds the guest's type in the cluster's resource list.
struct ConvertTemplateArgs : GuestTaskArgs<kTemplateTimeout> {
  std::optional<std::string> type;
  static auto fields() {
    return guest_task_fields<kTemplateTimeout>(
        typed::field(&ConvertTemplateArgs::type, "type").one_of({"qemu", "lxc"}).unlisted());
  }
};

mcp::ToolResult migrate_vm(const Call& call, const MigrateVmArgs& args);
mcp::ToolResult migrate_lxc(const Call& call, const MigrateLxcArgs& args);
mcp::ToolResult convert_to_template(const Call& call, const ConvertTemplateArgs& args);

extern const std::string_view kMigrateOutput;
extern const std::string_view kTemplateOutput;

}  // namespace tools
