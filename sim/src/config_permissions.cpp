// The key classes follow qemu-server's $cpuoptions, $memoryoptions, $hwtypeoptions,
// $generaloptions, $vmpoweroptions, $diskoptions and $cloudinitoptions (PVE/API2/Qemu.pm) and
// pve-container's check_ct_modify_config_perm (PVE/LXC.pm). check_vm_perm reports the first
// missing privilege, or all of them joined by "|" when any one would do.
#include "config_permissions.h"

#include <map>
#include <regex>
#include <set>

#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"
#include "text_concat.h"

namespace pvesim {
namespace {

ConfigRefusal denied(const std::string& what) {
  return {403, "Permission check failed (" + what + ")"};
}

// check_full without `any`: every privilege, the first missing one named.
std::optional<ConfigRefusal> require_all(const AccessControl& access, const std::string& auth_id,
                                         const std::string& path,
                                         const std::vector<std::string>& privileges) {
  for (const auto& privilege : privileges) {
    if (!access.has_privilege(auth_id, path, privilege))
      return denied(concat(path, ", ", privilege));
  }
  return std::nullopt;
}

// check_full with `any`: one of them, all named when none is held.
std::optional<ConfigRefusal> require_any(const AccessControl& access, const std::string& auth_id,
                                         const std::string& path,
                                         const std::vector<std::string>& privileges) {
  if (access.has_any_privilege(auth_id, path, privileges)) return std::nullopt;
  std::string names;
  for (const auto& privilege : privileges) names += (names.empty() ? "" : "|") + privilege;
  return denied(path + ", " + names);
}

std::string vm_path(int vmid) {
  return "/vms/" + std::to_string(vmid);
}

bool matches(const std::string& key, const char* pattern) {
  return std::regex_match(key, std::regex(pattern));
}

// The privilege class of a qemu key, "" for keys checked elsewhere, "root" for root@pam's.
std::string qemu_key_class(const std::string& key) {
  static const std::map<std::string, std::string> kClasses = [] {
    std::map<std::string, std::string> out;
    for (const char* k :
         {"cores", "cpu", "runningcpu", "cpulimit", "cpuunits", "numa", "smp", "sockets", "vcpus"})
      out[k] = "VM.Config.CPU";
    for (const char* k : {"memory", "balloon", "shares", "allow-ksm"}) out[k] = "VM.Config.Memory";
    for (const char* k : {"acpi", "hotplug", "kvm", "machine", "runningmachine", "scsihw",
                          "smbios1", "tablet", "vga", "watchdog", "audio0", "rng0"})
      out[k] = "VM.Config.HWType";
    for (const char* k : {"agent", "autostart", "bios", "description", "keyboard", "localtime",
                          "migrate_downtime", "migrate_speed", "name", "onboot", "ostype",
                          "protection", "reboot", "startdate", "startup", "tdf", "template"})
      out[k] = "VM.Config.Options";
    out["freeze"] = "VM.PowerMgmt";
    for (const char* k : {"boot", "bootdisk", "vmstatestorage"}) out[k] = "VM.Config.Disk";
    out["running-nets-host-mtu"] = "VM.Config.Network";
    for (const char* k : {"cicustom", "cipassword", "citype", "ciuser", "ciupgrade", "nameserver",
                          "searchdomain", "sshkeys"})
      out[k] = "cloudinit";
    out["vmstate"] = "vmstate";
    return out;
  }();
  if (is_guest_disk_key(GuestType::kQemu, key) || key == "cdrom" || key == "tags" ||
      matches(key, "^(unused|serial|usb|hostpci|virtiofs)\\d+$")) {
    return "";
  }
  if (auto it = kClasses.find(key); it != kClasses.end()) return it->second;
  if (matches(key, "^numa\\d+$")) return "VM.Config.CPU";
  if (matches(key, "^net\\d+$")) return "VM.Config.Network";
  if (matches(key, "^ipconfig\\d+$")) return "cloudinit";
  return "root";
}

// $check_drive_perms: what the drive `value` is decides the privileges.
std::optional<ConfigRefusal> check_drive(const AccessControl& access, const std::string& auth_id,
                                         int vmid, const std::string& value) {
  static const std::regex kCloudinit("[:/](?:vm-\\d+-)?cloudinit(?:\\.(?:raw|qcow2|vmdk))?$");
  const std::string volid = value.substr(0, value.find(','));
  if (std::regex_search(volid, kCloudinit)) {
    return require_all(access, auth_id, vm_path(vmid), {"VM.Config.Cloudinit", "VM.Config.CDROM"});
  }
  if (property_value(value, "media") == std::optional<std::string>("cdrom")) {
    return require_all(access, auth_id, vm_path(vmid), {"VM.Config.CDROM"});
  }
  return require_all(access, auth_id, vm_path(vmid), {"VM.Config.Disk"});
}

// PVE::LXC::Config->parse_features: the flags a features string sets.
std::map<std::string, std::string> features_of(const std::string& text) {
  std::map<std::string, std::string> out;
  for (const auto& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq != std::string::npos) out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// The features branch: privileged containers and flags other than nesting are root@pam's;
// changing nesting needs VM.Allocate.
std::optional<ConfigRefusal> check_features(const AccessControl& access, const std::string& auth_id,
                                            const Guest& guest, const std::string* new_value) {
  if (config_value_text(guest.config.value("unprivileged", Json(0))) != "1") {
    return denied("changing feature flags for privileged container is only allowed for root@pam");
  }
  const auto old_flags = features_of(config_value_text(guest.config.value("features", Json(""))));
  bool nesting_changed = false;
  bool other_changed = false;
  auto judge = [&](const std::map<std::string, std::string>& changed) {
    if (changed.size() == 1 && changed.begin()->first == "nesting") {
      nesting_changed = true;
    } else if (!changed.empty()) {
      other_changed = true;
    }
  };
  if (new_value == nullptr) {
    judge(old_flags);
  } else if (old_flags.empty()) {
    judge(features_of(*new_value));
  } else {
    const auto new_flags = features_of(*new_value);
    std::set<std::string> names;
    for (const auto& [name, value] : old_flags) names.insert(name);
    for (const auto& [name, value] : new_flags) names.insert(name);
    for (const auto& name : names) {
      const auto before = old_flags.find(name);
      const auto after = new_flags.find(name);
      const std::string old_text = before == old_flags.end() ? "" : before->second;
      const std::string new_text = after == new_flags.end() ? "" : after->second;
      if (old_text == new_text) continue;
      if (name != "nesting") {
        other_changed = true;
        break;
      }
      nesting_changed = true;
    }
  }
  if (other_changed) {
    return denied("changing feature flags (except nesting) is only allowed for root@pam");
  }
  if (nesting_changed) return require_all(access, auth_id, vm_path(guest.vmid), {"VM.Allocate"});
  return std::nullopt;
}

// One key of check_ct_modify_config_perm; `new_value` is null for a delete.
std::optional<ConfigRefusal> check_lxc_key(const AccessControl& access, const std::string& auth_id,
                                           const Guest& guest, const std::string& key,
                                           const std::string* new_value) {
  const std::string path = vm_path(guest.vmid);
  if (key == "cores" || key == "cpuunits" || key == "cpulimit") {
    return require_all(access, auth_id, path, {"VM.Config.CPU"});
  }
  if (key == "rootfs" || matches(key, "^mp\\d+$")) {
    if (auto refused = require_all(access, auth_id, path, {"VM.Config.Disk"})) return refused;
    if (new_value == nullptr) return std::nullopt;
    const std::string volume = new_value->substr(0, new_value->find(','));
    if (volume.starts_with("/")) {
      const char* type = volume.starts_with("/dev/") ? "device" : "bind";
      return denied(std::string("mount point type ") + type + " is only allowed for root@pam");
    }
    static const std::regex kNewDisk("^(?:([^/:\\s]+):)?(\\d+(\\.\\d+)?)$");
    std::smatch match;
    if (std::regex_match(volume, match, kNewDisk) && match[1].matched) {
      return require_all(access, auth_id, "/storage/" + match[1].str(),
                         {"Datastore.AllocateSpace"});
    }
    return std::nullopt;
  }
  if (key == "memory" || key == "swap") {
    return require_all(access, auth_id, path, {"VM.Config.Memory"});
  }
  if (matches(key, "^net\\d+$") || key == "nameserver" || key == "searchdomain" ||
      key == "hostname") {
    return require_all(access, auth_id, path, {"VM.Config.Network"});
  }
  if (matches(key, "^dev\\d+$")) {
    return denied("configuring device passthrough is only allowed for root@pam");
  }
  if (key == "features") return check_features(access, auth_id, guest, new_value);
  if (key == "hookscript") return denied("changing the hookscript is only allowed for root@pam");
  if (key == "tags") return std::nullopt;  // assert_tag_permissions: not modelled
  return require_all(access, auth_id, path, {"VM.Config.Options"});
}

}  // namespace

std::string ConfigRefusal::task_text() const {
  return status == 500 ? message : std::to_string(status) + " " + message;
}

std::optional<ConfigRefusal> check_qemu_config_keys(const AccessControl& access,
                                                    const std::string& auth_id, int vmid,
                                                    const std::vector<std::string>& keys) {
  if (auth_id == "root@pam") return std::nullopt;
  const std::string path = vm_path(vmid);
  for (const auto& key : keys) {
    const std::string kind = qemu_key_class(key);
    std::optional<ConfigRefusal> refused;
    if (kind.empty()) continue;
    if (kind == "root") return ConfigRefusal{500, "only root can set '" + key + "' config"};
    if (kind == "cloudinit") {
      refused = require_any(access, auth_id, path, {"VM.Config.Cloudinit", "VM.Config.Network"});
    } else if (kind == "vmstate") {
      refused = require_all(access, auth_id, path, {"VM.Config.Disk", "VM.PowerMgmt"});
    } else {
      refused = require_all(access, auth_id, path, {kind});
      // startup changes how the host boots
      if (!refused && key == "startup") {
        refused = require_all(access, auth_id, "/", {"Sys.Modify"});
      }
    }
    if (refused) return refused;
  }
  return std::nullopt;
}

std::optional<ConfigRefusal> check_qemu_drive_changes(
    const AccessControl& access, const std::string& auth_id, const Guest& guest,
    const std::vector<std::pair<std::string, std::string>>& sets,
    const std::vector<std::string>& removes, const std::vector<std::string>& reverts) {
  if (auth_id == "root@pam") return std::nullopt;
  std::vector<std::pair<std::string, std::string>> all_sets = sets;
  std::vector<std::string> all_removes = removes;
  for (const auto& key : reverts) {
    if (auto current = guest.config.find(key); current != guest.config.end()) {
      all_sets.emplace_back(key, config_value_text(*current));
    } else if (guest.pending.contains(key)) {
      all_removes.push_back(key);
    }
  }
  for (const auto& key : all_removes) {
    const Json* value = guest.config.contains(key)    ? &guest.config[key]
                        : guest.pending.contains(key) ? &guest.pending[key]
                                                      : nullptr;
    if (value == nullptr) continue;
    if (matches(key, "^unused\\d+$")) {
      if (auto refused = require_all(access, auth_id, vm_path(guest.vmid), {"VM.Config.Disk"})) {
        return refused;
      }
    } else if (is_guest_disk_key(GuestType::kQemu, key)) {
      if (auto refused = check_drive(access, auth_id, guest.vmid, config_value_text(*value))) {
        return refused;
      }
    }
  }
  for (const auto& [key, text] : all_sets) {
    if (!is_guest_disk_key(GuestType::kQemu, key)) continue;
    if (auto pending = guest.pending.find(key);
        pending != guest.pending.end() && config_value_text(*pending) == text) {
      continue;  // nothing changes
    }
    if (auto current = guest.config.find(key); current != guest.config.end()) {
      if (auto refused = check_drive(access, auth_id, guest.vmid, config_value_text(*current))) {
        return refused;
      }
    }
    if (auto refused = check_drive(access, auth_id, guest.vmid, text)) return refused;
  }
  return std::nullopt;
}

std::optional<ConfigRefusal> check_lxc_config_keys(
    const AccessControl& access, const std::string& auth_id, const Guest& guest,
    const std::vector<std::pair<std::string, std::string>>& sets,
    const std::vector<std::string>& removes, const std::vector<std::string>& reverts) {
  if (auth_id == "root@pam") return std::nullopt;
  for (const auto* keys : {&removes, &reverts}) {
    for (const auto& key : *keys) {
      if (auto refused = check_lxc_key(access, auth_id, guest, key, nullptr)) return refused;
    }
  }
  for (const auto& [key, value] : sets) {
    if (auto refused = check_lxc_key(access, auth_id, guest, key, &value)) return refused;
  }
  return std::nullopt;
}

}  // namespace pvesim
