// Disk write tools: add, remove, resize and move VM disks and container mount points.
#include <charconv>
#include <cmath>

#include "pve/error.h"
#include "pve/property_string.h"
#include "tools/areas.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_devices.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;
namespace dev = devices;

// Allocating, copying and converting volumes can take minutes on slow storage.
constexpr int kAllocateTimeout = 300;
constexpr int kMoveTimeout = 900;

bool lxc(GuestType type) {
  return type == GuestType::kLxc;
}

// The argument that names the volume: `disk` for VMs, `mp` for containers (as the reference).
std::string_view volume_argument(GuestType type) {
  return lxc(type) ? "mp" : "disk";
}

bool qemu_disk_or_unused(std::string_view key) {
  return dev::is_qemu_disk(key) || dev::is_unused(key);
}
bool lxc_volume_or_unused(std::string_view key) {
  return dev::is_lxc_volume(key) || dev::is_unused(key);
}
bool mountpoint_or_unused(std::string_view key) {
  return dev::is_mountpoint(key) || dev::is_unused(key);
}

std::string gib_text(double gib) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, gib);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// `size` of a new volume in GiB: a number, or a string of digits with an optional G/GB/GiB.
// Only digits and one '.' reach the "storage:size" value, so no option can be smuggled in.
std::string new_volume_gib(const json& args) {
  const char* rule = "must be a positive number of GiB, such as 10 or \"0.5\"";
  auto fail = [&]() { return ArgError(std::string("Invalid argument 'size': ") + rule); };
  if (!args.is_object() || !args.contains("size") || args["size"].is_null()) {
    throw ArgError("Invalid argument 'size': is required");
  }
  const json& v = args["size"];
  std::string text;
  if (v.is_number_integer() || v.is_number_unsigned()) {
    text = v.dump();
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || d <= 0 || d >= 1e9) throw fail();
    text = gib_text(std::round(d * 1e6) / 1e6);
  } else if (v.is_string()) {
    text = v.get<std::string>();
    for (std::string_view suffix : {"GiB", "GB", "G"}) {
      if (text.size() > suffix.size() && text.ends_with(suffix)) {
        text.resize(text.size() - suffix.size());
        break;
      }
    }
  } else {
    throw fail();
  }
  if (!pve::is_new_volume_size(text)) throw fail();
  return text;
}

std::string required_storage(const json& args) {
  args::required_string(args, "storage");
  return args::storage(args, "storage", "");
}

// ---- add_disk_vm / add_mountpoint_lxc ----

mcp::ToolResult run_add(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string slot = lxc(type)
                         ? dev::slot_arg(args, "mp", dev::is_mountpoint, "mp0-255")
                         : dev::slot_arg(args, "disk", dev::is_qemu_disk, dev::kQemuDiskSlots);
  std::string storage = required_storage(args);
  std::string gib = new_volume_gib(args);
  std::string path;
  if (lxc(type)) {
    path = args::required_string(args, "path");
    if (!pve::is_container_path(path)) {
      throw ArgError(
          "Invalid argument 'path': must be an absolute path inside the container such as "
          "/data, without '.' or '..' parts, ',' '=' or control characters");
    }
  }
  FollowOptions follow = follow_options(args, true, kAllocateTimeout);

  json config = config_before(api, guest);
  if (config.contains(slot)) {
    throw ArgError(guest.label() + " already has " + slot + " (" +
                   md::one_line(dev::value(config, slot)) + "): choose a free slot");
  }
  pve::PropertyString volume("volume");
  volume.set("volume", storage + ":" + gib);
  if (lxc(type)) volume.set("mp", path);
  pve::Params params{{slot, volume.format()}};
  add_digest(params, config);
  // qemu: POST runs the allocation as a task (PVE advises it over PUT for allocations).
  // LXC has only the synchronous PUT.
  json answer = config_write(api, guest, params);
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  std::string created;
  bool pending = false;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      // A bus the running VM cannot hotplug (ide, sata) gets its volume now and the slot at
      // the next start.
      pending = after->waits(slot);
      created = dev::volume_of(after->stored(slot));
    }
  }
  const OutcomeTitles titles =
      lxc(type)
          ? OutcomeTitles{"💿", "Mount Point Addition Started", "Mount Point Added to Container",
                          "Adding the Mount Point Failed", "Mount Point Addition Pending"}
          : OutcomeTitles{"💿", "Disk Addition Started", "Disk Added to VM",
                          "Adding the Disk Failed", "Disk Addition Pending"};
  std::string text = outcome_heading(task, titles, pending) + "\n\n" + guest.bullets() +
                     md::bullet(lxc(type) ? "Mount Point" : "Disk", slot) + "\n";
  if (lxc(type)) text += md::bullet("Path", path) + "\n";
  text += md::bullet("Storage", storage) + "\n" + md::bullet("Size", gib + " GiB") + "\n";
  if (!created.empty()) text += md::bullet("Volume", created) + "\n";
  if (pending) text += pending_bullet(type);
  json out = guest.fields();
  out[volume_argument(type)] = slot;
  out["storage"] = storage;
  out["size_gib"] = std::stod(gib);
  if (lxc(type)) out["path"] = path;
  if (!created.empty()) out["volume"] = created;
  out["pending"] = pending;
  return task_result(std::move(text), std::move(out), task);
}

// ---- remove_disk_vm / remove_mountpoint_lxc ----

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

mcp::ToolResult run_remove(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string slot = lxc(type)
                         ? dev::slot_arg(args, "mp", mountpoint_or_unused,
                                         "mp0-255 or unused0-255 (the rootfs cannot be removed)")
                         : dev::slot_arg(args, "disk", qemu_disk_or_unused,
                                         std::string(dev::kQemuDiskSlots) + ", or unused0-255");
  FollowOptions follow = follow_options(args, true, kAllocateTimeout);

  json config = config_before(api, guest);
  refuse_if_protected(config, type, guest.vmid,
                      lxc(type) ? "remove its mount points" : "remove its disks");
  if (!config.contains(slot)) {
    throw ArgError(missing_key(
        guest, slot, lxc(type) ? "volumes" : "disks",
        dev::keys_list(config, lxc(type) ? lxc_volume_or_unused : qemu_disk_or_unused)));
  }
  const std::string before = dev::value(config, slot);
  const std::string volume = dev::volume_of(before);
  const bool unused = dev::is_unused(slot);
  bool cdrom = false;
  try {
    cdrom = !lxc(type) && pve::PropertyString::parse(before, "volume").get("media") == "cdrom";
  } catch (const pve::PropertyStringError&) {
  }
  const bool boot = !lxc(type) && !unused && !cdrom && is_boot_disk(config, slot);

  pve::Params params{{"delete", slot}};
  add_digest(params, config);
  json answer = config_write(api, guest, params);
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  // What happened to the data, read back from the config rather than assumed.
  std::string outcome = "unknown";
  std::string detail;
  std::string kept_as;
  if (outcome_done(task)) {
    std::optional<SettledConfig> settled = settled_config(api, guest);
    const json* after = settled ? &settled->current : nullptr;
    if (unused) {
      switch (volume_existence(api, guest, volume)) {
        case Existence::kGone:
          outcome = "destroyed";
          detail = "🗑️ the volume " + volume + " was destroyed: its data is gone";
          break;
        case Existence::kExists:
          outcome = "removed";
          detail = "removed from the config, but the volume " + volume +
                   " still exists (Proxmox keeps volumes that a snapshot still uses)";
          break;
        case Existence::kUnknown:
          detail = "removed from the config; Proxmox destroys the volume " + volume +
                   " unless a snapshot still uses it (the storage could not be checked)";
          break;
      }
    } else if (settled && settled->deleting.contains(slot)) {
      outcome = "pending";
      detail = "nothing changed yet: the " + guest_noun(type) + " still uses " + slot +
               " and its data is untouched";
    } else if (cdrom) {
      outcome = "removed";
      detail = "the CD/DVD drive was removed; the ISO image itself is untouched";
    } else if (after && !(kept_as = dev::unused_holding(*after, volume)).empty()) {
      outcome = "detached";
      detail = "detached, not deleted: the volume " + volume + " is kept as " + kept_as +
               " and its data still exists. Remove " + kept_as + " to destroy it";
    } else if (after) {
      outcome = "removed";
      detail = "removed from the config; Proxmox did not keep " +
               (volume.empty() ? std::string("it") : volume) +
               " as an unused volume (not a volume this guest owns, e.g. a bind mount or "
               "passthrough device), so nothing was deleted";
    }
  }
  const OutcomeTitles titles =
      lxc(type)
          ? OutcomeTitles{"➖", "Mount Point Removal Started", "Mount Point Removed from Container",
                          "Removing the Mount Point Failed", "Mount Point Removal Pending"}
          : OutcomeTitles{"➖", "Disk Removal Started", "Disk Removed from VM",
                          "Removing the Disk Failed", "Disk Removal Pending"};
  std::string text = outcome_heading(task, titles, outcome == "pending") + "\n\n" +
                     guest.bullets() + md::bullet(lxc(type) ? "Mount Point" : "Disk", slot) + "\n";
  if (!volume.empty()) text += md::bullet("Volume", volume) + "\n";
  if (!detail.empty()) text += md::bullet("Outcome", detail) + "\n";
  if (outcome == "pending") text += pending_bullet(type);
  if (boot) {
    text += md::bullet("Warning",
                       "⚠️ " + slot +
                           " was a boot disk of this VM: it will not boot from it "
                           "any more; set another boot disk (boot order) if it should still boot") +
            "\n";
  }
  json out = guest.fields();
  out[volume_argument(type)] = slot;
  if (!volume.empty()) out["volume"] = volume;
  out["outcome"] = outcome;
  if (!kept_as.empty()) out["unused"] = kept_as;
  out["boot_disk"] = boot;
  return task_result(std::move(text), std::move(out), task);
}

// ---- resize_disk_vm / resize_disk_lxc ----

mcp::ToolResult run_resize(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string disk = lxc(type)
                         ? dev::slot_arg(args, "disk", dev::is_lxc_volume, "rootfs or mp0-255")
                         : dev::slot_arg(args, "disk", dev::is_qemu_disk, dev::kQemuDiskSlots);
  std::string size = args::required_string(args, "size");
  if (!pve::is_resize_size(size)) {
    throw ArgError(
        "Invalid argument 'size': must be like +10G (grow by 10 GiB) or 50G (grow to 50 GiB): "
        "a number with K, M, G or T");
  }
  FollowOptions follow = follow_options(args, true, kAllocateTimeout);

  json config = config_before(api, guest);
  if (!config.contains(disk)) {
    throw ArgError(
        missing_key(guest, disk, lxc(type) ? "volumes" : "disks",
                    dev::keys_list(config, lxc(type) ? dev::is_lxc_volume : dev::is_qemu_disk)));
  }
  std::optional<double> current = dev::size_of(dev::value(config, disk));
  if (size.front() != '+' && current) {
    std::optional<double> target = dev::size_bytes(size);
    if (target && *target < *current) {
      throw ArgError(disk + " is " + md::bytes(*current) +
                     " now and Proxmox cannot shrink a "
                     "disk, only grow it: " +
                     size + " is smaller (use +N to grow by N)");
    }
  }
  pve::Params params{{"disk", disk}, {"size", size}};
  add_digest(params, config);
  json answer = start_task(api, guest.node, guest.vmid, "resize",
                           [&] { return api.put(guest.path({"resize"}), params); });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  std::optional<double> now;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      now = dev::size_of(dev::value(after->current, disk));
    }
  }
  std::string text = outcome_heading(task, {"📏", "Disk Resize Started", "Disk Resized",
                                            "Resizing the Disk Failed"}) +
                     "\n\n" + guest.bullets() + md::bullet("Disk", disk) + "\n" +
                     md::bullet("Requested", size) + "\n";
  if (current) text += md::bullet("Previous Size", md::bytes(*current)) + "\n";
  if (now) text += md::bullet("New Size", md::bytes(*now)) + "\n";
  if (outcome_done(task) && !lxc(type)) {
    text += md::bullet("Note",
                       "grow the partition and filesystem inside the VM to use the space "
                       "(e.g. growpart and resize2fs)") +
            "\n";
  }
  json out = guest.fields();
  out["disk"] = disk;
  out["size"] = size;
  if (current) out["previous_bytes"] = *current;
  if (now) out["new_bytes"] = *now;
  return task_result(std::move(text), std::move(out), task);
}

// ---- move_disk_vm / move_disk_lxc ----

mcp::ToolResult run_move(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string disk =
      lxc(type)
          ? dev::slot_arg(args, "disk", lxc_volume_or_unused, "rootfs, mp0-255 or unused0-255")
          : dev::slot_arg(args, "disk", qemu_disk_or_unused,
                          std::string(dev::kQemuDiskSlots) + ", or unused0-255");
  std::string storage = required_storage(args);
  bool remove_source = args::boolean(args, "delete", true);
  FollowOptions follow = follow_options(args, true, kMoveTimeout);

  json config = config_before(api, guest);
  if (!config.contains(disk)) {
    throw ArgError(missing_key(
        guest, disk, lxc(type) ? "volumes" : "disks",
        dev::keys_list(config, lxc(type) ? lxc_volume_or_unused : qemu_disk_or_unused)));
  }
  const std::string source = dev::volume_of(dev::value(config, disk));
  if (dev::storage_of(source) == storage) {
    throw ArgError(disk + " (" + source + ") is already on storage " + storage);
  }
  pve::Params params{{lxc(type) ? "volume" : "disk", disk},
                     {"storage", storage},
                     pve::param_bool("delete", remove_source)};
  add_digest(params, config);
  json answer = start_task(api, guest.node, guest.vmid, lxc(type) ? "move_volume" : "qmmove", [&] {
    return api.post(guest.path({lxc(type) ? "move_volume" : "move_disk"}), params);
  });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  std::string moved_to;
  std::string source_kept_as;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      moved_to = dev::volume_of(dev::value(after->current, disk));
      if (!remove_source) source_kept_as = dev::unused_holding(after->current, source);
    }
  }
  std::string text =
      outcome_heading(task, {"📦", "Disk Move Started", "Disk Moved", "Moving the Disk Failed"}) +
      "\n\n" + guest.bullets() + md::bullet("Disk", disk) + "\n" + md::bullet("From", source) +
      "\n" + md::bullet("Target Storage", storage) + "\n";
  if (!moved_to.empty()) text += md::bullet("New Volume", moved_to) + "\n";
  text += md::bullet("Delete Source", remove_source ? "true" : "false") + "\n";
  if (!source_kept_as.empty()) {
    text += md::bullet("Source", "kept as " + source_kept_as) + "\n";
  }
  json out = guest.fields();
  out["disk"] = disk;
  out["storage"] = storage;
  out["delete"] = remove_source;
  out["source_volume"] = source;
  if (!moved_to.empty()) out["volume"] = moved_to;
  if (!source_kept_as.empty()) out["unused"] = source_kept_as;
  return task_result(std::move(text), std::move(out), task);
}

// ---- schemas and registration ----

json slot_property(std::string_view description, std::string_view pattern) {
  return {{"type", "string"}, {"description", description}, {"pattern", pattern}};
}

constexpr std::string_view kQemuDiskPattern =
    "^(scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|sata[0-5]|ide[0-3])$";
constexpr std::string_view kUnusedAlt = "unused([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])";
constexpr std::string_view kMpAlt = "mp([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])";

std::string qemu_disk_or_unused_pattern() {
  return "^(scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|sata[0-5]|ide[0-3]|" +
         std::string(kUnusedAlt) + ")$";
}

struct DiskTool {
  std::string name, title, description;
  json props;
  std::vector<std::string> required;
  std::string_view output;
  mcp::Annotations annotations;
  std::string privilege;
  GuestHandler run;
  int timeout;
};

mcp::Tool make(pve::Api& api, const policy::Policy& policy, GuestType type, DiskTool t) {
  json props = std::move(t.props);
  props.update(task_wait_properties(true, t.timeout));
  WriteSpec spec;
  spec.name = std::move(t.name);
  spec.title = std::move(t.title);
  spec.description = std::move(t.description);
  spec.input_schema = guest_input_schema(type, std::move(props), std::move(t.required));
  spec.output_schema = t.output;
  spec.annotations = t.annotations;
  spec.privilege = std::move(t.privilege);
  spec.follows_task = true;
  spec.guest = type;
  spec.body = bind_guest(api, type, t.run);
  return write_tool(std::move(spec), policy);
}

constexpr std::string_view kAddOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "mp": {"type": "string"}, "path": {"type": "string"},
    "storage": {"type": "string"}, "size_gib": {"type": "number"},
    "volume": {"type": "string", "description": "the volume Proxmox allocated"},
    "pending": {"type": "boolean", "description": "applies at the guest's next start"}
  },
  "required": ["storage", "size_gib", "pending"]
})";

constexpr std::string_view kRemoveOutput = R"({
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

constexpr std::string_view kResizeOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "size": {"type": "string"},
    "previous_bytes": {"type": "number"}, "new_bytes": {"type": "number"}
  },
  "required": ["disk", "size"]
})";

constexpr std::string_view kMoveOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "storage": {"type": "string"}, "delete": {"type": "boolean"},
    "source_volume": {"type": "string"}, "volume": {"type": "string"},
    "unused": {"type": "string", "description": "the unusedN key keeping the source"}
  },
  "required": ["disk", "storage", "delete", "source_volume"]
})";

// A resize's size: PVE's own syntax, relative (+10G) or absolute (50G).
json grow_size_property() {
  return {{"type", "string"},
          {"description", "'+10G' to add 10 GiB, '50G' for a total of 50 GiB (K, M, G, T)"},
          {"pattern", "^\\+?[0-9]+(\\.[0-9]+)?[KMGT]?$"}};
}

json size_gib_property(std::string_view what) {
  return {{"type", "string"},
          {"description",
           "Size of the new " + std::string(what) + " in GiB, e.g. 10 (\"10G\" is accepted too)"}};
}

}  // namespace

std::vector<mcp::Tool> disk_write_tools(pve::Api& api, const policy::Policy& policy) {
  const GuestType vm = GuestType::kQemu;
  const GuestType ct = GuestType::kLxc;
  const std::string mp_or_unused =
      "^(" + std::string(kMpAlt) + "|" + std::string(kUnusedAlt) + ")$";
  const std::string lxc_volume = "^(rootfs|" + std::string(kMpAlt) + ")$";
  const std::string lxc_volume_or_unused_pattern =
      "^(rootfs|" + std::string(kMpAlt) + "|" + std::string(kUnusedAlt) + ")$";
  std::vector<mcp::Tool> tools;

  tools.push_back(make(
      api, policy, vm,
      {"proxmox_add_disk_vm",
       "Add disk to VM",
       "Adds a new disk to a QEMU VM: allocates `size` GiB on `storage` in a free slot. Runs as "
       "a Proxmox task that is followed to its end.",
       {{"disk", slot_property("Free disk slot: scsi0-30, virtio0-15, sata0-5 or ide0-3",
                               kQemuDiskPattern)},
        {"storage", storage_property("Storage for the new disk, e.g. local-lvm", "")},
        {"size", size_gib_property("disk")}},
       {"disk", "storage", "size"},
       kAddOutput,
       write_annotations(false, false),
       "VM.Config.Disk",
       run_add,
       kAllocateTimeout}));
  tools.push_back(make(
      api, policy, ct,
      {"proxmox_add_mountpoint_lxc",
       "Add mount point to container",
       "Adds a mount point to an LXC container: a new volume of `size` GiB on `storage`, "
       "mounted at `path` inside the container.",
       {{"mp", slot_property("Free mount point slot: mp0-255", "^" + std::string(kMpAlt) + "$")},
        {"storage", storage_property("Storage for the new volume, e.g. local-lvm", "")},
        {"size", size_gib_property("volume")},
        {"path",
         {{"type", "string"},
          {"description", "Where the volume is mounted inside the container, e.g. /data"},
          {"pattern", "^/"}}}},
       {"mp", "storage", "size", "path"},
       kAddOutput,
       write_annotations(false, false),
       "VM.Config.Disk",
       run_add,
       kAllocateTimeout}));

  tools.push_back(make(
      api, policy, vm,
      {"proxmox_remove_disk_vm",
       "Remove disk from VM",
       "Removes a disk from a QEMU VM. A disk slot (scsi1 …) is detached: Proxmox keeps the "
       "volume as unusedN and its data survives. Removing an unusedN destroys the volume and "
       "its data. Refused for VMs with protection=1.",
       {{"disk", slot_property("Disk slot (scsi0-30, virtio0-15, sata0-5, ide0-3) to detach, or "
                               "unusedN to destroy that volume",
                               qemu_disk_or_unused_pattern())}},
       {"disk"},
       kRemoveOutput,
       write_annotations(true, false),
       "VM.Config.Disk",
       run_remove,
       kAllocateTimeout}));
  tools.push_back(
      make(api, policy, ct,
           {"proxmox_remove_mountpoint_lxc",
            "Remove mount point from container",
            "Removes a mount point from an LXC container. A mount point (mp0 …) is detached: "
            "Proxmox keeps its volume as unusedN and the data survives. Removing an unusedN "
            "destroys the volume and its data. Refused for containers with protection=1.",
            {{"mp", slot_property("Mount point (mp0-255) to detach, or unusedN to destroy that "
                                  "volume",
                                  mp_or_unused)}},
            {"mp"},
            kRemoveOutput,
            write_annotations(true, false),
            "VM.Config.Disk",
            run_remove,
            kAllocateTimeout}));

  tools.push_back(make(
      api, policy, vm,
      {"proxmox_resize_disk_vm",
       "Resize VM disk",
       "Grows a QEMU VM disk: size +10G adds 10 GiB, 50G grows it to 50 GiB. Disks cannot "
       "shrink. The filesystem inside the VM must be grown afterwards.",
       {{"disk",
         slot_property("Disk slot: scsi0-30, virtio0-15, sata0-5 or ide0-3", kQemuDiskPattern)},
        {"size", grow_size_property()}},
       {"disk", "size"},
       kResizeOutput,
       write_annotations(false, false),
       "VM.Config.Disk",
       run_resize,
       kAllocateTimeout}));
  tools.push_back(make(
      api, policy, ct,
      {"proxmox_resize_disk_lxc",
       "Resize container volume",
       "Grows an LXC container's rootfs or mount point: size +10G adds 10 GiB, 50G grows it to "
       "50 GiB. Volumes cannot shrink.",
       {{"disk", slot_property("rootfs or a mount point mp0-255", lxc_volume)},
        {"size", grow_size_property()}},
       {"disk", "size"},
       kResizeOutput,
       write_annotations(false, false),
       "VM.Config.Disk",
       run_resize,
       kAllocateTimeout}));

  // Destructive: with delete (the default) the source volume is destroyed once copied.
  json delete_property = {{"type", "boolean"},
                          {"default", true},
                          {"description",
                           "Delete the source volume after a successful copy; false keeps it "
                           "as an unused volume"}};
  tools.push_back(
      make(api, policy, vm,
           {"proxmox_move_disk_vm",
            "Move VM disk to other storage",
            "Moves a QEMU VM disk to another storage (POST …/move_disk), followed to its end.",
            {{"disk", slot_property("Disk slot (scsi0-30, virtio0-15, sata0-5, ide0-3) or unusedN",
                                    qemu_disk_or_unused_pattern())},
             {"storage", storage_property("Target storage", "")},
             {"delete", delete_property}},
            {"disk", "storage"},
            kMoveOutput,
            write_annotations(true, false),
            "VM.Config.Disk",
            run_move,
            kMoveTimeout}));
  tools.push_back(
      make(api, policy, ct,
           {"proxmox_move_disk_lxc",
            "Move container volume to other storage",
            "Moves an LXC container's rootfs, mount point or unused volume to another storage "
            "(POST …/move_volume), followed to its end.",
            {{"disk", slot_property("rootfs, mp0-255 or unusedN", lxc_volume_or_unused_pattern)},
             {"storage", storage_property("Target storage", "")},
             {"delete", delete_property}},
            {"disk", "storage"},
            kMoveOutput,
            write_annotations(true, false),
            "VM.Config.Disk",
            run_move,
            kMoveTimeout}));
  return tools;
}

}  // namespace tools
