// update_network_vm / update_network_lxc: change only the given options of an existing
// interface; its MAC and every other option stay as they are.
#include <utility>
#include <vector>

#include "tools/device_write.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/network.h"
#include "tools/nic.h"
#include "tools/outcome_heading.h"

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

// Nothing is sent, so there is no task and no change to report as "done".
mcp::ToolResult unchanged(const GuestTarget& guest, const std::string& key,
                          const std::string& before, json out) {
  out.update({{"config", before},
              {"pending", false},
              {"node", guest.node},
              {"status", "unknown"},
              {"waited", false},
              {"timed_out", false},
              {"cancelled", false},
              {"succeeded", true}});
  mcp::ToolResult r;
  r.text = md::heading("🔧", "Network Interface Unchanged") + "\n\n" + guest.bullets() +
           md::bullet("Interface", key) + "\n" + md::bullet("Config", before) + "\n" +
           md::bullet("Result", "already as asked; nothing was sent to Proxmox") + "\n";
  r.structured = std::move(out);
  return r;
}

}  // namespace

mcp::ToolResult update_network(const Call& call, const NicChange& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& key = args.net;
  const std::vector<std::string> updated = given(args);
  if (updated.empty()) {
    throw ArgError(std::string("Nothing to update: give at least one of ") +
                   (guest.type == GuestType::kLxc
                        ? "bridge, ip, gw, ip6, gw6, macaddr, vlan or firewall"
                        : "bridge, model, macaddr, vlan or firewall"));
  }

  json config = config_before(api, guest);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", devices::keys_list(config, devices::is_net)));
  }
  const std::string before = devices::value(config, key);
  pve::PropertyString value = nic::parse(before, guest.type, key);
  edit(value, args, guest.type, key);
  const std::string wanted = value.format();

  json out = guest.fields();
  out["net"] = key;
  out["updated"] = updated;
  out["previous"] = before;
  if (wanted == before) return unchanged(guest, key, before, std::move(out));

  pve::Params params{{key, wanted}};
  add_digest(params, config);
  nic::Change change = nic::apply(api, guest, key, params, call.ctx);
  std::string updated_list;
  for (const auto& u : updated) updated_list += (updated_list.empty() ? "" : ", ") + u;
  std::string text =
      outcome_heading(change.task,
                      {"🔧", "Network Interface Update Started", "Network Interface Updated",
                       "Updating the Network Interface Failed", "Network Interface Update Pending"},
                      change.pending) +
      "\n\n" + guest.bullets() + md::bullet("Interface", key) + "\n" +
      md::bullet("Updated", updated_list) + "\n" + md::bullet("Before", before) + "\n" +
      md::bullet(change.pending ? "After the Next Start" : "Now",
                 change.value_after.empty() ? wanted : change.value_after) +
      "\n";
  nic::report(change, guest.type, wanted, text, out);
  return task_result(std::move(text), std::move(out), change.task);
}

}  // namespace tools
