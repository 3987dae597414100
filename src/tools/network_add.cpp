// add_network_vm / add_network_lxc: a new network interface in a free netN slot.
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/network.h"
#include "tools/nic.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kNetworkOutput = R"({
  "type": "object",
  "properties": {
    "net": {"type": "string"},
    "sent": {"type": "string", "description": "the property string sent to Proxmox"},
    "config": {"type": "string", "description": "the value Proxmox stored, read back"},
    "previous": {"type": "string"},
    "updated": {"type": "array", "items": {"type": "string"}},
    "pending": {"type": "boolean", "description": "applies at the guest's next restart"},
    "last_interface": {"type": "boolean"}
  },
  "required": ["net", "pending"]
})";

namespace {

// The new NIC's value in the form Proxmox itself writes. Proxmox generates a MAC when none is
// given; a container's interface is ethN for netN and asks for DHCP unless addressed.
pve::PropertyString new_nic(const NewNic& args, GuestType type) {
  if (type == GuestType::kQemu) {
    pve::PropertyString value("model");
    if (args.macaddr) {
      value.set(args.model, *args.macaddr);
    } else {
      value.set("model", args.model);
    }
    value.set("bridge", args.bridge);
    return value;
  }
  pve::PropertyString value("");
  value.set("name", args.name.value_or("eth" + args.net.substr(3)));
  value.set("bridge", args.bridge);
  if (args.macaddr) value.set("hwaddr", *args.macaddr);
  if (!args.ip && !args.ip6) value.set("ip", "dhcp");
  nic::set_addressing(value, args);
  return value;
}

}  // namespace

mcp::ToolResult add_network(const Call& call, const NewNic& args) {
  const bool lxc = call.guest == GuestType::kLxc;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& key = args.net;

  pve::PropertyString value = new_nic(args, guest.type);
  if (args.vlan) value.set("tag", std::to_string(*args.vlan));
  if (args.firewall.value_or(false)) value.set("firewall", "1");

  const json config = config_before(call.api, guest);
  if (config.contains(key)) {
    throw ArgError(guest.label() + " already has " + key + " (" +
                   md::one_line(devices::value(config, key)) + "): use proxmox_update_network" +
                   tool_suffix(guest.type) + " to change it, or choose a free netN");
  }
  const std::string sent = value.format();
  const WriteOutcome outcome =
      perform(call, config_put(call.api, guest, {{key, sent}}, config, {key}), FollowOptions{});
  const std::string stored = outcome.after ? outcome.after->stored(key) : "";

  WriteReport report{
      .titles = {"🌐", "Network Interface Addition Started",
                 lxc ? "Network Interface Added to Container" : "Network Interface Added to VM",
                 "Adding the Network Interface Failed", "Network Interface Addition Pending"},
      .facts = guest_facts(guest)};
  report.facts.push_back(fact("Interface", key, "net", key));
  const std::vector<Fact> shown_nic =
      nic::facts(stored.empty() ? value : nic::parse(stored, guest.type, key), guest.type);
  report.facts.insert(report.facts.end(), shown_nic.begin(), shown_nic.end());
  report.facts.push_back(field("sent", sent));
  if (!stored.empty()) report.facts.push_back(field("config", stored));
  return render(report, outcome);
}

}  // namespace tools
