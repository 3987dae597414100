// proxmox_create_vm: a QEMU VM with one disk, a NIC and optionally an installer ISO.
#include <algorithm>
#include <regex>

#include "pve/api_enums.h"
#include "pve/error.h"
#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/guest_create.h"
#include "tools/guest_create_args.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/values.h"

namespace tools::create {
namespace {

using nlohmann::json;

// Allocating the disk is the slow part (thick LVM, Ceph); a VM with `start` also boots.
constexpr int kCreateTimeout = 300;

constexpr const auto& kOsTypes = pve::api_enums::kQemuOsTypes;
constexpr const auto& kScsiControllers = pve::api_enums::kQemuScsiControllers;

std::optional<std::string> cpu_arg(const json& args) {
  auto cpu = args::optional_string(args, "cpu");
  static const std::regex re(R"([A-Za-z0-9][A-Za-z0-9_.+-]{0,63})");
  if (cpu && !std::regex_match(*cpu, re)) {
    throw ArgError(
        "Invalid argument 'cpu': must be a CPU type name such as host, x86-64-v2-AES or "
        "custom-mine (letters, digits, '_', '.', '+', '-')");
  }
  return cpu;
}

std::string net0_arg(const json& args) {
  std::string net0 = args::optional_string(args, "net0").value_or("virtio,bridge=vmbr0");
  if (auto problem = pve::qemu_net_problem(net0)) {
    throw ArgError("Invalid argument 'net0': " + *problem);
  }
  return net0;
}

std::optional<std::string> iso_arg(const json& args) {
  auto iso = args::optional_string(args, "iso");
  if (iso && !iso_storage(*iso)) {
    throw ArgError(
        "Invalid argument 'iso': must be an ISO volume such as local:iso/debian-12.iso "
        "(<storage>:iso/<file>.iso or .img, without ',' '=' or control characters)");
  }
  return iso;
}

// The ISO itself, in its storage's ISO list. Proxmox checks the rights on an ISO volume given
// as a CD, not that it exists, so a mistyped name would give a VM that cannot boot its
// installer. Skipped when the token may not list the storage (Proxmox then decides at the POST).
void check_iso(pve::Api& api, const std::string& node, const std::string& iso) {
  const std::string storage = *iso_storage(iso);
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

mcp::ToolResult run(pve::Api& api, const json& args, mcp::CallContext& ctx) {
  // Every argument is checked before anything reaches Proxmox.
  args::node(args);
  args::optional_vmid(args);
  const std::optional<std::string> name_given = dns_name_arg(args, "name");
  const std::int64_t memory = args::integer(args, "memory", 512, 16, 4194304);
  const std::int64_t cores = args::integer(args, "cores", 1, 1, 8192);
  const std::int64_t sockets = args::integer(args, "sockets", 1, 1, 64);
  const std::string gib = size_arg(args, "disk_size", "8G");
  const std::string storage = args::storage(args, "storage", "local-lvm");
  const std::optional<std::string> iso = iso_arg(args);
  const std::string ostype = args::choice(args, "ostype", kOsTypes, "l26");
  const std::string net0 = net0_arg(args);
  const std::string scsihw = args::choice(args, "scsihw", kScsiControllers, "virtio-scsi-single");
  const std::optional<std::string> cpu = cpu_arg(args);
  const bool agent = args::boolean(args, "agent", false);
  const bool start = args::boolean(args, "start", false);
  const bool onboot = args::boolean(args, "onboot", false);
  const FollowOptions follow = follow_options(args, true, kCreateTimeout);

  NewGuest fresh = new_guest(api, args, GuestType::kQemu);
  const GuestTarget& guest = fresh.target;
  const std::string name = name_given.value_or("vm" + std::to_string(guest.vmid));
  std::vector<StorageNeed> needs{{"storage", storage, "images"}};
  if (iso) needs.push_back({"iso", *iso_storage(*iso), "iso"});
  check_storages(api, guest.node, needs);
  if (iso) check_iso(api, guest.node, *iso);

  pve::PropertyString disk("volume");
  disk.set("volume", storage + ":" + gib);
  pve::Params params{{"vmid", std::to_string(guest.vmid)},
                     {"name", name},
                     {"memory", std::to_string(memory)},
                     {"cores", std::to_string(cores)},
                     {"sockets", std::to_string(sockets)},
                     {"ostype", ostype},
                     {"scsihw", scsihw},
                     {"scsi0", disk.format()},
                     {"net0", net0}};
  if (iso) {
    pve::PropertyString cdrom("volume");
    cdrom.set("volume", *iso);
    cdrom.set("media", "cdrom");
    params.emplace_back("ide2", cdrom.format());
  }
  // The empty disk first: it boots the installer from the CD and, once installed, the disk.
  params.emplace_back("boot", iso ? "order=scsi0;ide2;net0" : "order=scsi0;net0");
  if (agent) params.emplace_back("agent", "1");
  if (cpu) params.emplace_back("cpu", *cpu);
  if (start) params.push_back(pve::param_bool("start", true));
  if (onboot) params.push_back(pve::param_bool("onboot", true));

  Created made = post_create(api, guest, params, "scsi0", follow, ctx);
  const std::string nic = made.net0.value_or(net0);
  const std::string& volume = made.volume;
  std::string text =
      outcome_heading(made.task, {"🖥️", "QEMU VM Creation Started", "QEMU VM Created",
                                  "QEMU VM Creation Failed"}) +
      "\n\n" + vmid_bullet(fresh) + md::bullet("Name", name) + "\n" +
      md::bullet("Node", guest.node) + "\n" +
      md::bullet("Memory", std::to_string(memory) + " MiB") + "\n" +
      md::bullet("CPU", std::to_string(sockets) + " socket(s), " + std::to_string(cores) +
                            " core(s)" + (cpu ? ", type " + *cpu : "")) +
      "\n" + md::bullet("OS Type", ostype) + "\n" +
      md::bullet("Disk", "scsi0, " + gib + " GiB on " + storage +
                             (volume.empty() ? "" : " (" + volume + ")")) +
      "\n" + md::bullet("Network", nic) + "\n";
  if (iso) text += md::bullet("ISO", *iso) + "\n";
  text += md::bullet("Guest Agent",
                     agent ? "enabled (install qemu-guest-agent in the guest)" : "not enabled") +
          "\n";
  text += start_bullets(start, onboot);

  json out = created_fields(fresh, made, gib, storage, params);
  out["name"] = name;
  return task_result(std::move(text), std::move(out), made.task);
}

constexpr std::string_view kOutput = R"json({
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

json input_properties() {
  return {
      {"name",
       {{"type", "string"},
        {"description", "VM name, a DNS name (default vm{vmid})"},
        {"maxLength", 255}}},
      {"cores",
       {{"type", "integer"}, {"minimum", 1}, {"default", 1}, {"description", "Cores per socket"}}},
      {"sockets",
       {{"type", "integer"}, {"minimum", 1}, {"default", 1}, {"description", "CPU sockets"}}},
      {"disk_size",
       {{"type", "string"},
        {"default", "8G"},
        {"description",
         "Size of the disk scsi0: \"8G\", \"1.5G\", \"512M\", \"1T\"; a bare number is GiB"}}},
      {"storage", storage_property("Storage for the disk (must hold VM disk images)", "local-lvm")},
      {"iso",
       {{"type", "string"},
        {"description",
         "Installer ISO attached as a CD (ide2), e.g. local:iso/debian-12.iso "
         "(proxmox_list_templates with content iso lists them)"}}},
      {"ostype",
       {{"type", "string"},
        {"enum", enum_values(kOsTypes)},
        {"default", "l26"},
        {"description", "Guest OS type: l26 = Linux 2.6+, win11, win10, … , other"}}},
      {"net0",
       {{"type", "string"},
        {"default", "virtio,bridge=vmbr0"},
        {"description",
         "Network device as Proxmox writes it, e.g. virtio,bridge=vmbr0,tag=20 or "
         "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1"}}},
      {"scsihw",
       {{"type", "string"},
        {"enum", enum_values(kScsiControllers)},
        {"default", "virtio-scsi-single"},
        {"description", "SCSI controller model"}}},
      {"cpu",
       {{"type", "string"},
        {"description", "CPU type, e.g. host or x86-64-v2-AES (Proxmox's default when omitted)"}}},
      {"agent",
       {{"type", "boolean"},
        {"default", false},
        {"description",
         "Enable the QEMU guest agent (install qemu-guest-agent in the guest; needed by "
         "proxmox_execute_vm_command)"}}}};
}

}  // namespace

mcp::Tool create_vm_tool(pve::Api& api, const policy::Policy& policy) {
  return create_tool(
      policy, GuestType::kQemu, "proxmox_create_vm", "Create QEMU VM",
      "Creates a QEMU VM with one disk (scsi0), a network device and, with iso, an installer CD. "
      "disk_size understands units (\"1.5G\", \"512M\", \"1T\"). Without vmid it takes the next "
      "free ID. Follows the Proxmox task to its end (wait, timeout).",
      create_input_schema(GuestType::kQemu, input_properties(), {}, kCreateTimeout), kOutput,
      [&api](const json& args, mcp::CallContext& ctx) { return run(api, args, ctx); });
}

}  // namespace tools::create
