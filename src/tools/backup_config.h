// What a backup archive says about the guest in it (GET /nodes/{node}/vzdump/extractconfig).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pve/api.h"

namespace tools {

struct BackupRootfs {
  std::optional<std::string> storage;  // "local-lvm" for "rootfs: local-lvm:vm-115-disk-0,…"
  std::string problem;                 // why there is none, for the answer
};

// The storage of the root filesystem of the container a backup holds. Reading the archive's
// config needs VM.Backup on the guest it came from, which a restore itself does not: Proxmox
// refusing it is a `problem`; an answer that never came or came garbled throws pve::Error.
BackupRootfs backup_rootfs_storage(pve::Api& api, const std::string& node,
                                   const std::string& archive);

// The same from the config file text itself: the main section only (snapshots follow as
// "[name]" sections), and a volume in "storage:volume" form (not a bind mount path).
std::optional<std::string> rootfs_storage_of(std::string_view config_text);

}  // namespace tools
