// Read tools over one guest: its live status, its snapshots; and the backups on a storage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

inline constexpr std::int64_t kDefaultBackupLimit = 50;
inline constexpr std::int64_t kMaxBackupLimit = 1000;

struct GuestStatusArgs : GuestArgs {
  std::string type;
  static auto fields() {
    return std::tuple_cat(GuestArgs::fields(),
                          std::tuple{typed::field(&GuestStatusArgs::type, "type")
                                         .or_default("qemu")
                                         .one_of({"qemu", "lxc"})});
  }
};

struct BackupListArgs {
  std::string node;
  std::optional<std::string> storage;  // none: every storage of the node that holds backups
  std::optional<std::int64_t> vmid;
  std::int64_t limit = kDefaultBackupLimit;

  static auto fields() {
    return std::tuple{
        typed::node(&BackupListArgs::node),
        typed::storage(&BackupListArgs::storage),
        typed::vmid(&BackupListArgs::vmid),
        typed::field(&BackupListArgs::limit, "limit")
            .or_default(kDefaultBackupLimit)
            .checked(typed::between<1, kMaxBackupLimit>),
    };
  }
};

mcp::ToolResult get_vm_status(const Call& call, const GuestStatusArgs& args);
mcp::ToolResult list_snapshots(const Call& call, const GuestArgs& args);
mcp::ToolResult list_backups(const Call& call, const BackupListArgs& args);

extern const std::string_view kVmStatusOutput;
extern const std::string_view kSnapshotsOutput;
extern const std::string_view kBackupsOutput;

}  // namespace tools
