// move_disk_vm / move_disk_lxc: copy a volume to another storage (POST …/move_disk or
// …/move_volume), then delete the source or keep it as unusedN.
#include "tools/device_write.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"

namespace tools {

using nlohmann::json;
namespace dev = devices;

extern const std::string_view kMoveVolumeOutput = R"({
  "type": "object",
  "properties": {
    "disk": {"type": "string"}, "storage": {"type": "string"}, "delete": {"type": "boolean"},
    "source_volume": {"type": "string"}, "volume": {"type": "string"},
    "unused": {"type": "string", "description": "the unusedN key keeping the source"}
  },
  "required": ["disk", "storage", "delete", "source_volume"]
})";

mcp::ToolResult move_volume(const Call& call, const DiskMove& args) {
  pve::Api& api = call.api;
  const bool lxc = call.guest == GuestType::kLxc;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& disk = args.disk;
  const std::string& storage = args.storage;

  json config = config_before(api, guest);
  if (!config.contains(disk)) {
    throw ArgError(missing_key(guest, disk, lxc ? "volumes" : "disks",
                               dev::keys_list(config, dev::volume_or_unused_keys(guest.type))));
  }
  const std::string source = dev::volume_of(dev::value(config, disk));
  if (dev::storage_of(source) == storage) {
    throw ArgError(disk + " (" + source + ") is already on storage " + storage);
  }
  pve::Params params{{lxc ? "volume" : "disk", disk},
                     {"storage", storage},
                     pve::param_bool("delete", args.remove_source)};
  add_digest(params, config);
  json answer = start_task(api, guest.node, guest.vmid, lxc ? "move_volume" : "qmmove", [&] {
    return api.post(guest.path({lxc ? "move_volume" : "move_disk"}), params);
  });
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

  std::string moved_to;
  std::string source_kept_as;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      moved_to = dev::volume_of(dev::value(after->current, disk));
      if (!args.remove_source) source_kept_as = dev::unused_holding(after->current, source);
    }
  }
  std::string text =
      outcome_heading(task, {"📦", "Disk Move Started", "Disk Moved", "Moving the Disk Failed"}) +
      "\n\n" + guest.bullets() + md::bullet("Disk", disk) + "\n" + md::bullet("From", source) +
      "\n" + md::bullet("Target Storage", storage) + "\n";
  if (!moved_to.empty()) text += md::bullet("New Volume", moved_to) + "\n";
  text += md::bullet("Delete Source", args.remove_source ? "true" : "false") + "\n";
  if (!source_kept_as.empty()) {
    text += md::bullet("Source", "kept as " + source_kept_as) + "\n";
  }
  json out = guest.fields();
  out["disk"] = disk;
  out["storage"] = storage;
  out["delete"] = args.remove_source;
  out["source_volume"] = source;
  if (!moved_to.empty()) out["volume"] = moved_to;
  if (!source_kept_as.empty()) out["unused"] = source_kept_as;
  return task_result(std::move(text), std::move(out), task);
}

}  // namespace tools
