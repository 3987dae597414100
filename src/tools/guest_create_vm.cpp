// proxmox_create_vm: a QEMU VM with one disk, a NIC and optionally an installer ISO.
#include <algorithm>

#include "pve/error.h"
#include "pve/property_string.h"
#include "tools/guest_create.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using create::NewGuest;
using create::StorageNeed;
using nlohmann::json;

// The ISO itself, in its storage's ISO list. Proxmox checks the rights on an ISO volume given
// as a CD, not that it exists, so a mistyped name would give a VM that cannot boot its
// installer. Skipped when the token may not list the storage (Proxmox then decides at the POST).
void check_iso(pve::Api& api, const std::string& node, const std::string& iso) {
  const std::string storage = *create::iso_storage(iso);
  json content;
  try {
    content =
        api.get(pve::path({"nodes", node, "storage", storage, "content"}), {{"content", "iso"}});
  } catch (const pve::Error& e) {
    if (e.kind() != pve::ErrorKind::kPermission) throw;
    return;
  }
  if (!content.is_array()) return;
  std::vector<std::string> present;
  for (const auto& item : content) {
    if (!item.is_object()) continue;
    std::string volid = text_field(item, "volid");
    if (volid == iso) return;
    present.push_back(std::move(volid));
  }
  std::sort(present.begin(), present.end());
  std::string listed;
  for (const auto& volid : present) {
    if (!listed.empty()) listed += ", ";
    listed += volid;
  }
  throw ArgError("Invalid argument 'iso': " + iso + " is not on storage '" + storage +
                 "' of node " + node + "; ISO images there: " + (listed.empty() ? "none" : listed));
}

// The request Proxmox gets: the empty disk boots first so that, once the installer on the CD
// has run, the VM boots what it installed.
pve::Params vm_params(const CreateVmArgs& args, const GuestTarget& guest, const std::string& name) {
  pve::PropertyString disk("volume");
  disk.set("volume", args.storage + ":" + args.disk_size.gib);
  pve::Params params{{"vmid", std::to_string(guest.vmid)},
                     {"name", name},
                     {"memory", std::to_string(args.memory)},
                     {"cores", std::to_string(args.cores)},
                     {"sockets", std::to_string(args.sockets)},
                     {"ostype", args.ostype},
                     {"scsihw", args.scsihw},
                     {"scsi0", disk.format()},
                     {"net0", args.net0}};
  if (args.iso) {
    pve::PropertyString cdrom("volume");
    cdrom.set("volume", *args.iso);
    cdrom.set("media", "cdrom");
    params.emplace_back("ide2", cdrom.format());
  }
  params.emplace_back("boot", args.iso ? "order=scsi0;ide2;net0" : "order=scsi0;net0");
  if (args.agent) params.emplace_back("agent", "1");
  if (args.cpu) params.emplace_back("cpu", *args.cpu);
  if (args.start) params.push_back(pve::param_bool("start", true));
  if (args.onboot) params.push_back(pve::param_bool("onboot", true));
  return params;
}

constexpr OutcomeTitles kCreateVmTitles{"🖥️", "QEMU VM Creation Started", "QEMU VM Created",
                                        "QEMU VM Creation Failed"};

WriteReport vm_report(const CreateVmArgs& args, const NewGuest& fresh, const std::string& name,
                      const pve::Params& params, const WriteOutcome& outcome) {
  WriteReport report{kCreateVmTitles, {}, {}};
  std::vector<Fact>& facts = report.facts;
  create::add_opening(facts, fresh, "Name", "name", name);
  facts.push_back(shown("Memory", std::to_string(args.memory) + " MiB"));
  facts.push_back(shown("CPU", std::to_string(args.sockets) + " socket(s), " +
                                   std::to_string(args.cores) + " core(s)" +
                                   (args.cpu ? ", type " + *args.cpu : "")));
  facts.push_back(shown("OS Type", args.ostype));
  create::add_disk_and_network(
      facts, {"Disk", "scsi0", "scsi0, ", args.disk_size.gib, args.storage}, args.net0, outcome);
  if (args.iso) facts.push_back(shown("ISO", *args.iso));
  facts.push_back(shown("Guest Agent", args.agent
                                           ? "enabled (install qemu-guest-agent in the guest)"
                                           : "not enabled"));
  create::add_closing(facts, args, params);
  return report;
}

}  // namespace

extern const std::string_view kCreateVmOutput = R"json({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "vmid_source": {"type": "string", "enum": ["given", "nextid"]},
    "size_gib": {"type": "number", "description": "scsi0's size in GiB"},
    "storage": {"type": "string"},
    "sent": {"type": "object", "description": "the parameters sent to POST /nodes/{node}/qemu"},
    "volume": {"type": "string", "description": "the disk volume Proxmox allocated, read back"},
    "net0": {"type": "string", "description": "net0 as Proxmox stored it (with its MAC)"
}
}
, "required" : [ "node", "vmid", "type", "name", "vmid_source", "size_gib", "storage", "sent" ]
})json";

mcp::ToolResult create_vm(const Call& call, const CreateVmArgs& args) {
  pve::Api& api = call.api;
  NewGuest fresh = create::new_guest(api, args, GuestType::kQemu);
  const GuestTarget& guest = fresh.target;
  const std::string name = args.name.value_or("vm" + std::to_string(guest.vmid));
  std::vector<StorageNeed> needs{{"storage", args.storage, "images"}};
  if (args.iso) needs.push_back({"iso", *create::iso_storage(*args.iso), "iso"});
  create::check_storages(api, guest.node, needs);
  if (args.iso) check_iso(api, guest.node, *args.iso);

  const pve::Params params = vm_params(args, guest, name);
  const WriteOutcome outcome =
      perform(call, create::create_request(api, guest, params), args.follow());
  return render(vm_report(args, fresh, name, params, outcome), outcome);
}

}  // namespace tools
