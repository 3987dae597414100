// move_disk_vm / move_disk_lxc: copy a volume to another storage (POST …/move_disk or
// …/move_volume), then delete the source or keep it as unusedN.
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/guest_guard.h"
#include "tools/write_pipeline.h"

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

  const json config = config_before(api, guest);
  if (args.remove_source) {
    refuse_if_protected(config, guest.type, guest.vmid,
                        "move its disk " + disk + " and delete the source");
  }
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
  const WriteRequest request{.node = guest.node,
                             .vmid = guest.vmid,
                             .task_type = lxc ? "move_volume" : "qmmove",
                             .send = [&api, path = guest.path({lxc ? "move_volume" : "move_disk"}),
                                      &params] { return api.post(path, params); },
                             .config_of = guest,
                             .reports_pending = false};
  const WriteOutcome outcome = perform(call, request, args.follow());

  WriteReport report{.titles = {"📦", "Disk Move Started", "Disk Moved", "Moving the Disk Failed"},
                     .facts = guest_facts(guest)};
  report.facts.push_back(fact("Disk", disk, "disk", disk));
  report.facts.push_back(fact("From", source, "source_volume", source));
  report.facts.push_back(fact("Target Storage", storage, "storage", storage));
  if (outcome.after) {
    const std::string moved_to = dev::volume_of(dev::value(outcome.after->current, disk));
    if (!moved_to.empty()) report.facts.push_back(fact("New Volume", moved_to, "volume", moved_to));
  }
  report.facts.push_back(
      fact("Delete Source", args.remove_source ? "true" : "false", "delete", args.remove_source));
  if (outcome.after && !args.remove_source) {
    const std::string kept_as = dev::unused_holding(outcome.after->current, source);
    if (!kept_as.empty()) {
      report.facts.push_back(fact("Source", "kept as " + kept_as, "unused", kept_as));
    }
  }
  return render(report, outcome);
}

}  // namespace tools
