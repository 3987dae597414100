// add_disk_vm / add_mountpoint_lxc: a new volume of `size` GiB on `storage`, in a free slot.
#include "pve/property_string.h"
#include "tools/device_write.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"

namespace tools {

using nlohmann::json;
namespace dev = devices;

extern const std::string_view kAddVolumeOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "mp": {"type": "string"}, "path": {"type": "string"},
    "storage": {"type": "string"}, "size_gib": {"type": "number"},
    "volume": {"type": "string", "description": "the volume Proxmox allocated"},
    "pending": {"type": "boolean", "description": "applies at the guest's next start"}
  },
  "required": ["storage", "size_gib", "pending"]
})";

mcp::ToolResult add_volume(const Call& call, const NewVolume& args) {
  pve::Api& api = call.api;
  const bool lxc = call.guest == GuestType::kLxc;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& slot = args.slot;
  const std::string& gib = args.size.text;

  json config = config_before(api, guest);
  if (config.contains(slot)) {
    throw ArgError(guest.label() + " already has " + slot + " (" +
                   md::one_line(dev::value(config, slot)) + "): choose a free slot");
  }
  pve::PropertyString volume("volume");
  volume.set("volume", args.storage + ":" + gib);
  if (lxc) volume.set("mp", args.path);
  pve::Params params{{slot, volume.format()}};
  add_digest(params, config);
  // qemu: POST runs the allocation as a task (PVE advises it over PUT for allocations).
  // LXC has only the synchronous PUT.
  json answer = config_write(api, guest, params);
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

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
      lxc ? OutcomeTitles{"💿", "Mount Point Addition Started", "Mount Point Added to Container",
                          "Adding the Mount Point Failed", "Mount Point Addition Pending"}
          : OutcomeTitles{"💿", "Disk Addition Started", "Disk Added to VM",
                          "Adding the Disk Failed", "Disk Addition Pending"};
  std::string text = outcome_heading(task, titles, pending) + "\n\n" + guest.bullets() +
                     md::bullet(lxc ? "Mount Point" : "Disk", slot) + "\n";
  if (lxc) text += md::bullet("Path", args.path) + "\n";
  text += md::bullet("Storage", args.storage) + "\n" + md::bullet("Size", gib + " GiB") + "\n";
  if (!created.empty()) text += md::bullet("Volume", created) + "\n";
  if (pending) text += pending_bullet(call.guest);
  json out = guest.fields();
  out[volume_argument(call.guest)] = slot;
  out["storage"] = args.storage;
  out["size_gib"] = std::stod(gib);
  if (lxc) out["path"] = args.path;
  if (!created.empty()) out["volume"] = created;
  out["pending"] = pending;
  return task_result(std::move(text), std::move(out), task);
}

}  // namespace tools
