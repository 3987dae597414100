// get_vm_config: a guest's whole config, grouped for reading, with the cloud-init password
// never shown.
#include <array>
#include <regex>

#include "pve/encoding.h"
#include "pve/text.h"
#include "tools/guest_config.h"
#include "tools/guest_devices.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kVmConfigOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "vmid": {"type": "integer"},
    "type": {"type": "string", "enum": ["qemu", "lxc"]},
    "digest": {"type": "string"},
    "config": {"type": "object", "description": "as Proxmox returns it, cipassword masked"}
  },
  "required": ["node", "vmid", "type", "config"]
})";

namespace {

constexpr std::string_view kMasked = "**********";

enum class Group { general, compute, disks, network, cloudinit, other };

struct GroupTitle {
  Group group;
  std::string_view title;
};
constexpr std::array<GroupTitle, 6> kGroups = {{{Group::general, "General"},
                                                {Group::compute, "CPU and Memory"},
                                                {Group::disks, "Disks"},
                                                {Group::network, "Network"},
                                                {Group::cloudinit, "Cloud-Init"},
                                                {Group::other, "Other"}}};

bool listed(std::string_view key, std::initializer_list<std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

Group group_of(GuestType type, std::string_view key) {
  static const std::regex kIpconfig("ipconfig\\d+");
  static const std::regex kNuma("numa\\d+");
  const bool qemu = type == GuestType::kQemu;
  if (listed(key, {"name", "hostname", "description", "ostype", "arch", "tags", "onboot", "startup",
                   "protection", "template", "lock", "boot", "bootdisk", "agent", "machine", "bios",
                   "unprivileged", "features"})) {
    return Group::general;
  }
  if (listed(key, {"cores", "sockets", "cpu", "vcpus", "cpulimit", "cpuunits", "affinity", "memory",
                   "balloon", "shares", "swap", "numa", "hotplug"}) ||
      std::regex_match(std::string(key), kNuma)) {
    return Group::compute;
  }
  if (devices::holds_volume(type, key)) {
    return Group::disks;
  }
  if (devices::is_net(key) || (!qemu && listed(key, {"nameserver", "searchdomain"}))) {
    return Group::network;
  }
  if (qemu && (listed(key, {"ciuser", "cipassword", "citype", "cicustom", "ciupgrade", "sshkeys",
                            "nameserver", "searchdomain"}) ||
               std::regex_match(std::string(key), kIpconfig))) {
    return Group::cloudinit;
  }
  return Group::other;
}

// What a person reads for one value: the password hidden, the keys decoded, one line each.
std::string shown_value(std::string_view key, const json& config) {
  if (key == "cipassword") return std::string(kMasked);
  std::string text = devices::value(config, key);
  if (key == "sshkeys") {
    // Keys are text; escapes that decode to other bytes are shown as Proxmox stores them.
    std::string decoded = pve::percent_decode(text);
    if (pve::is_utf8(decoded)) text = std::move(decoded);
  }
  return md::one_line(text);
}

}  // namespace

mcp::ToolResult get_vm_config(const Call& call, const GuestConfigArgs& a) {
  const GuestType type = a.type == "lxc" ? GuestType::kLxc : GuestType::kQemu;
  const GuestTarget guest{a.node, type, a.vmid};
  json config = call.api.get(guest.path({"config"}));
  if (!config.is_object()) config = json::object();
  const std::string digest = text_field(config, "digest");
  config.erase("digest");
  if (config.contains("cipassword")) config["cipassword"] = kMasked;

  std::string name = text_field(config, type == GuestType::kQemu ? "name" : "hostname");
  std::string text = md::heading(md::guest_icon(a.type),
                                 "Configuration — " + (name.empty() ? guest.label() : name)) +
                     " (" + guest.label() + " on " + a.node + ")\n";
  for (const auto& [group, title] : kGroups) {
    auto keys = devices::keys(config, [type, group = group](std::string_view key) {
      return group_of(type, key) == group;
    });
    if (keys.empty()) continue;
    text += "\n**" + std::string(title) + "**\n";
    for (const auto& key : keys) text += md::bullet(key, shown_value(key, config)) + "\n";
  }
  if (config.empty()) text += "\nNo configuration returned.\n";
  if (!digest.empty()) text += "\n" + md::bullet("Digest", digest) + "\n";

  json out = {{"node", a.node}, {"vmid", a.vmid}, {"type", a.type}, {"config", config}};
  if (!digest.empty()) out["digest"] = digest;
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
