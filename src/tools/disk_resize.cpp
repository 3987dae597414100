// resize_disk_vm / resize_disk_lxc: grow a disk or container volume (PUT …/resize).
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/write_pipeline.h"

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

  const json config = config_before(api, guest);
  if (!config.contains(disk)) {
    throw ArgError(missing_key(guest, disk, guest.type == GuestType::kLxc ? "volumes" : "disks",
                               dev::keys_list(config, dev::volume_keys(guest.type))));
  }
  const std::optional<double> current = dev::size_of(dev::value(config, disk));
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
  const WriteRequest request{
      .node = guest.node,
      .vmid = guest.vmid,
      .task_type = "resize",
      .send = [&api, path = guest.path({"resize"}), &params] { return api.put(path, params); },
      .config_of = guest,
      .reports_pending = false};
  const WriteOutcome outcome = perform(call, request, args.follow());

  WriteReport report{
      .titles = {"📏", "Disk Resize Started", "Disk Resized", "Resizing the Disk Failed"},
      .facts = guest_facts(guest)};
  report.facts.push_back(fact("Disk", disk, "disk", disk));
  report.facts.push_back(fact("Requested", size, "size", size));
  if (current) {
    report.facts.push_back(fact("Previous Size", md::bytes(*current), "previous_bytes", *current));
  }
  const std::optional<double> now =
      outcome.after ? dev::size_of(dev::value(outcome.after->current, disk)) : std::nullopt;
  if (now) report.facts.push_back(fact("New Size", md::bytes(*now), "new_bytes", *now));
  if (outcome_done(outcome.task) && guest.type == GuestType::kQemu) {
    report.facts.push_back(shown("Note",
                                 "grow the partition and filesystem inside the VM to use the space "
                                 "(e.g. growpart and resize2fs)"));
  }
  return render(report, outcome);
}

}  // namespace tools
