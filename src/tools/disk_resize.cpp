// resize_disk_vm / resize_disk_lxc: grow a disk or container volume (PUT …/resize).
#include "tools/device_write.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"

namespace tools {

using nlohmann::json;
namespace dev = devices;

extern const std::string_view kResizeVolumeOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "size": {"type": "string"},
    "previous_bytes": {"type": "number"}, "new_bytes": {"type": "number"}
  },
  "required": ["disk", "size"]
})";

mcp::ToolResult resize_volume(const Call& call, const DiskGrowth& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& disk = args.disk;
  const std::string& size = args.size;

  json config = config_before(api, guest);
  if (!config.contains(disk)) {
    throw ArgError(missing_key(guest, disk, guest.type == GuestType::kLxc ? "volumes" : "disks",
                               dev::keys_list(config, dev::volume_keys(guest.type))));
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
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

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
  if (outcome_done(task) && guest.type == GuestType::kQemu) {
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

}  // namespace tools
