// remove_disk_vm / remove_mountpoint_lxc: detach a disk or mount point (Proxmox keeps its volume
// as unusedN), or destroy an unusedN volume; the answer says which happened to the data.
#include "pve/error.h"
#include "pve/property_string.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/guest_guard.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;
namespace dev = devices;

extern const std::string_view kRemoveVolumeOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "mp": {"type": "string"}, "volume": {"type": "string"},
    "outcome": {"type": "string", "enum": ["detached", "destroyed", "pending", "removed", "unknown"],
                "description": "detached: kept as an unused volume (data still exists); destroyed: the volume was deleted"},
    "unused": {"type": "string", "description": "the unusedN key now holding the volume"},
    "boot_disk": {"type": "boolean"}
  },
  "required": ["outcome", "boot_disk"]
})";

namespace {

// After an unusedN was deleted: does its volume still exist? Proxmox keeps a volume that a
// snapshot still uses, so "destroyed" is said only when the storage no longer lists it.
enum class Existence { kGone, kExists, kUnknown };
Existence volume_existence(pve::Api& api, const GuestTarget& guest, const std::string& volume) {
  std::string storage = dev::storage_of(volume);
  if (storage.empty()) return Existence::kUnknown;
  try {
    json content = api.get(pve::path({"nodes", guest.node, "storage", storage, "content"}),
                           {{"vmid", std::to_string(guest.vmid)}});
    if (!content.is_array()) return Existence::kUnknown;
    for (const auto& item : content) {
      if (item.is_object() && item.value("volid", "") == volume) return Existence::kExists;
    }
    return Existence::kGone;
  } catch (const pve::Error&) {
    return Existence::kUnknown;
  }
}

// Whether removing `slot` takes away what the VM boots from.
bool is_boot_disk(const json& config, const std::string& slot) {
  std::string boot = dev::value(config, "boot");
  if (!boot.empty()) {
    try {
      auto order = pve::PropertyString::parse(boot, "legacy").get("order");
      if (!order) return false;
      std::string list = ";" + *order + ";";
      return list.find(";" + slot + ";") != std::string::npos;
    } catch (const pve::PropertyStringError&) {
      return false;
    }
  }
  std::string bootdisk = dev::value(config, "bootdisk");
  if (!bootdisk.empty()) return bootdisk == slot;
  return slot == "scsi0" || slot == "virtio0" || slot == "sata0" || slot == "ide0";
}

bool is_cdrom(const std::string& value) {
  try {
    return pve::PropertyString::parse(value, "volume").get("media") == "cdrom";
  } catch (const pve::PropertyStringError&) {
    return false;
  }
}

// What the removal did to the slot's data.
struct Removal {
  std::string outcome = "unknown";  // detached, destroyed, pending, removed, unknown
  std::string detail;
  std::string kept_as;  // the unusedN now holding a detached volume
};

// Read back from the config and the storage rather than assumed.
Removal removal(pve::Api& api, const GuestTarget& guest, const std::string& slot,
                const std::string& volume, bool cdrom,
                const std::optional<SettledConfig>& settled) {
  Removal r;
  const json* after = settled ? &settled->current : nullptr;
  if (dev::is_unused(slot)) {
    switch (volume_existence(api, guest, volume)) {
      case Existence::kGone:
        r.outcome = "destroyed";
        r.detail = "🗑️ the volume " + volume + " was destroyed: its data is gone";
        break;
      case Existence::kExists:
        r.outcome = "removed";
        r.detail = "removed from the config, but the volume " + volume +
                   " still exists (Proxmox keeps volumes that a snapshot still uses)";
        break;
      case Existence::kUnknown:
        r.detail = "removed from the config; Proxmox destroys the volume " + volume +
                   " unless a snapshot still uses it (the storage could not be checked)";
        break;
    }
  } else if (settled && settled->deleting.contains(slot)) {
    r.outcome = "pending";
    r.detail = "nothing changed yet: the " + guest_noun(guest.type) + " still uses " + slot +
               " and its data is untouched";
  } else if (cdrom) {
    r.outcome = "removed";
    r.detail = "the CD/DVD drive was removed; the ISO image itself is untouched";
  } else if (after && !(r.kept_as = dev::unused_holding(*after, volume)).empty()) {
    r.outcome = "detached";
    r.detail = "detached, not deleted: the volume " + volume + " is kept as " + r.kept_as +
               " and its data still exists. Remove " + r.kept_as + " to destroy it";
  } else if (after) {
    r.outcome = "removed";
    r.detail = "removed from the config; Proxmox did not keep " +
               (volume.empty() ? std::string("it") : volume) +
               " as an unused volume (not a volume this guest owns, e.g. a bind mount or "
               "passthrough device), so nothing was deleted";
  }
  return r;
}

}  // namespace

mcp::ToolResult remove_volume(const Call& call, const VolumeSlot& args) {
  pve::Api& api = call.api;
  const bool lxc = call.guest == GuestType::kLxc;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& slot = args.slot;

  const json config = config_before(api, guest);
  refuse_if_protected(config, guest.type, guest.vmid,
                      lxc ? "remove its mount points" : "remove its disks");
  if (!config.contains(slot)) {
    throw ArgError(missing_key(guest, slot, lxc ? "volumes" : "disks",
                               dev::keys_list(config, dev::volume_or_unused_keys(guest.type))));
  }
  const std::string before = dev::value(config, slot);
  const std::string volume = dev::volume_of(before);
  const bool cdrom = !lxc && is_cdrom(before);
  const bool boot = !lxc && !dev::is_unused(slot) && !cdrom && is_boot_disk(config, slot);

  // The removal's outcome says what waits and what happened to the data.
  WriteRequest request = config_request(api, guest, {{"delete", slot}}, config, {});
  request.reports_pending = false;
  WriteOutcome outcome = perform(call, request, args.follow());
  const Removal done = outcome_done(outcome.task)
                           ? removal(api, guest, slot, volume, cdrom, outcome.after)
                           : Removal{};
  outcome.held_back = done.outcome == "pending";

  WriteReport report = volume_report(
      guest, slot,
      lxc ? OutcomeTitles{"➖", "Mount Point Removal Started", "Mount Point Removed from Container",
                          "Removing the Mount Point Failed", "Mount Point Removal Pending"}
          : OutcomeTitles{"➖", "Disk Removal Started", "Disk Removed from VM",
                          "Removing the Disk Failed", "Disk Removal Pending"});
  if (!volume.empty()) report.facts.push_back(fact("Volume", volume, "volume", volume));
  report.facts.push_back(done.detail.empty()
                             ? field("outcome", done.outcome)
                             : fact("Outcome", done.detail, "outcome", done.outcome));
  if (!done.kept_as.empty()) report.facts.push_back(field("unused", done.kept_as));
  if (outcome.held_back) report.facts.push_back(pending_fact(guest.type));
  if (boot) {
    report.facts.push_back(
        shown("Warning", "⚠️ " + slot +
                             " was a boot disk of this VM: it will not boot from it any more; set "
                             "another boot disk (boot order) if it should still boot"));
  }
  report.facts.push_back(field("boot_disk", boot));
  return render(report, outcome);
}

}  // namespace tools
