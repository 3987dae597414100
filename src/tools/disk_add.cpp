// add_disk_vm / add_mountpoint_lxc: a new volume of `size` GiB on `storage`, in a free slot.
#include "pve/property_string.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/write_pipeline.h"

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
  const bool lxc = call.guest == GuestType::kLxc;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& slot = args.slot;
  const std::string& gib = args.size.text;

  const json config = config_before(call.api, guest);
  if (config.contains(slot)) {
    throw ArgError(guest.label() + " already has " + slot + " (" +
                   md::one_line(dev::value(config, slot)) + "): choose a free slot");
  }
  pve::PropertyString volume("volume");
  volume.set("volume", args.storage + ":" + gib);
  if (lxc) volume.set("mp", args.path);
  // A bus the running VM cannot hotplug (ide, sata) gets its volume now and the slot at the
  // next start.
  const WriteOutcome outcome =
      perform(call, config_request(call.api, guest, {{slot, volume.format()}}, config, {slot}),
              args.follow());

  WriteReport report = volume_report(
      guest, slot,
      lxc ? OutcomeTitles{"💿", "Mount Point Addition Started", "Mount Point Added to Container",
                          "Adding the Mount Point Failed", "Mount Point Addition Pending"}
          : OutcomeTitles{"💿", "Disk Addition Started", "Disk Added to VM",
                          "Adding the Disk Failed", "Disk Addition Pending"});
  if (lxc) report.facts.push_back(fact("Path", args.path, "path", args.path));
  report.facts.push_back(fact("Storage", args.storage, "storage", args.storage));
  report.facts.push_back(fact("Size", gib + " GiB", "size_gib", std::stod(gib)));
  const std::string created = outcome.after ? dev::volume_of(outcome.after->stored(slot)) : "";
  if (!created.empty()) report.facts.push_back(fact("Volume", created, "volume", created));
  return render(report, outcome);
}

}  // namespace tools
