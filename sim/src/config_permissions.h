// Per-key privilege checks of config writes: qemu-server's check_vm_modify_config_perm and the
// drive checks of update_vm_api, pve-container's check_ct_modify_config_perm.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cluster_access.h"
#include "cluster_guest.h"

namespace pvesim {

// Why a config write is refused: 403 for a failed permission check (raise_perm_exc), 500 where
// PVE dies ("only root can set 'args' config").
struct ConfigRefusal {
  int status = 403;
  std::string message;  // "Permission check failed (/vms/100, VM.Config.Memory)", no newline
  // The exitstatus of a worker dying with it: a PVE::Exception prints its code first.
  std::string task_text() const;
};

// check_vm_modify_config_perm over `keys` of VM `vmid`: each key needs its VM.Config.*
// privilege; drives, cdrom, unusedN, serialN, usbN, hostpciN, virtiofsN and tags are checked
// with their values elsewhere; keys of no class are root@pam's only.
std::optional<ConfigRefusal> check_qemu_config_keys(const AccessControl& access,
                                                    const std::string& auth_id, int vmid,
                                                    const std::vector<std::string>& keys);

// update_vm_api's checks in its worker, for the values the change touches: deleting unusedN
// needs VM.Config.Disk; a drive (its current value when replaced, and the new one) needs
// VM.Config.Disk, a CD-ROM VM.Config.CDROM, a cloud-init drive VM.Config.Cloudinit and
// VM.Config.CDROM. Reverted keys count as set again (or deleted when only pending).
std::optional<ConfigRefusal> check_qemu_drive_changes(
    const AccessControl& access, const std::string& auth_id, const Guest& guest,
    const std::vector<std::pair<std::string, std::string>>& sets,
    const std::vector<std::string>& removes, const std::vector<std::string>& reverts);

// check_ct_modify_config_perm: the deleted and reverted keys, then the set ones with their new
// values (mount point type and new volume storage, device passthrough, features, hookscript).
std::optional<ConfigRefusal> check_lxc_config_keys(
    const AccessControl& access, const std::string& auth_id, const Guest& guest,
    const std::vector<std::pair<std::string, std::string>>& sets,
    const std::vector<std::string>& removes, const std::vector<std::string>& reverts);

}  // namespace pvesim
