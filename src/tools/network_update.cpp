// update_network_vm / update_network_lxc: change only the given options of an existing
// interface; its MAC and every other option stay as they are.
#include <utility>
#include <vector>

#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/network.h"
#include "tools/nic.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

namespace {

// The arguments given, by name, in the order the answer lists them.
std::vector<std::string> given(const NicChange& args) {
  std::vector<std::string> names;
  for (auto [name, present] :
       {std::pair{"bridge", args.bridge.has_value()}, std::pair{"model", args.model.has_value()},
        std::pair{"macaddr", args.macaddr.has_value()}, std::pair{"vlan", args.vlan.has_value()},
        std::pair{"firewall", args.firewall.has_value()}, std::pair{"ip", args.ip.has_value()},
        std::pair{"gw", args.gw.has_value()}, std::pair{"ip6", args.ip6.has_value()},
        std::pair{"gw6", args.gw6.has_value()}}) {
    if (present) names.emplace_back(name);
  }
  return names;
}

void edit(pve::PropertyString& value, const NicChange& args, GuestType type,
          const std::string& key) {
  try {
    if (args.bridge) value.set("bridge", *args.bridge);
    if (type == GuestType::kLxc) {
      if (args.macaddr) value.set("hwaddr", *args.macaddr);
      nic::set_addressing(value, args);
    } else {
      if (args.model) nic::set_qemu_model(value, *args.model);
      if (args.macaddr) nic::set_qemu_mac(value, *args.macaddr);
    }
    if (args.vlan) nic::set_vlan(value, *args.vlan);
    if (args.firewall) value.set("firewall", *args.firewall ? "1" : "0");
  } catch (const pve::PropertyStringError& e) {
    throw ArgError("Cannot update " + key + ": " + e.what());
  }
}

// Nothing is sent, so there is no task and no change to report as "done"; the task fields the
// output schema requires say that no task ran.
mcp::ToolResult unchanged(const GuestTarget& guest, const std::string& key,
                          const std::string& before, const std::vector<std::string>& updated) {
  std::vector<Fact> facts = guest_facts(guest);
  facts.insert(facts.end(), {fact("Interface", key, "net", key), field("updated", updated),
                             field("previous", before), fact("Config", before, "config", before)});
  const std::vector<Fact> none = nothing_sent_facts();
  facts.insert(facts.end(), none.begin(), none.end());
  return plain_answer(md::heading("🔧", "Network Interface Unchanged"), facts);
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

}  // namespace

mcp::ToolResult update_network(const Call& call, const NicChange& args) {
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& key = args.net;
  const std::vector<std::string> updated = given(args);
  if (updated.empty()) {
    throw ArgError(std::string("Nothing to update: give at least one of ") +
                   (guest.type == GuestType::kLxc
                        ? "bridge, ip, gw, ip6, gw6, macaddr, vlan or firewall"
                        : "bridge, model, macaddr, vlan or firewall"));
  }

  const json config = config_before(call.api, guest);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", devices::keys_list(config, devices::is_net)));
  }
  const std::string before = devices::value(config, key);
  pve::PropertyString value = nic::parse(before, guest.type, key);
  edit(value, args, guest.type, key);
  const std::string wanted = value.format();
  if (wanted == before) return unchanged(guest, key, before, updated);

  const WriteOutcome outcome =
      perform(call, config_put(call.api, guest, {{key, wanted}}, config, {key}), FollowOptions{});
  const std::string stored = outcome.after ? outcome.after->stored(key) : "";
  const std::string now = outcome.held_back ? "After the Next Start" : "Now";

  WriteReport report{
      .titles = {"🔧", "Network Interface Update Started", "Network Interface Updated",
                 "Updating the Network Interface Failed", "Network Interface Update Pending"},
      .facts = guest_facts(guest)};
  report.facts.insert(
      report.facts.end(),
      {fact("Interface", key, "net", key), fact("Updated", joined(updated), "updated", updated),
       fact("Before", before, "previous", before),
       stored.empty() ? shown(now, wanted) : fact(now, stored, "config", stored),
       field("sent", wanted)});
  return render(report, outcome);
}

}  // namespace tools
