// remove_network_vm / remove_network_lxc: delete a netN, warning when it was the only one.
#include "tools/device_write.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/network.h"
#include "tools/nic.h"
#include "tools/outcome_heading.h"

namespace tools {

using nlohmann::json;

mcp::ToolResult remove_network(const Call& call, const NicSlot& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& key = args.net;
  json config = config_before(api, guest);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", devices::keys_list(config, devices::is_net)));
  }
  const bool last = devices::keys(config, devices::is_net).size() == 1;
  const std::string before = devices::value(config, key);
  pve::Params params{{"delete", key}};
  add_digest(params, config);
  nic::Change change = nic::apply(api, guest, key, params, call.ctx);
  std::string text =
      outcome_heading(
          change.task,
          {"➖", "Network Interface Removal Started", "Network Interface Removed",
           "Removing the Network Interface Failed", "Network Interface Removal Pending"},
          change.pending) +
      "\n\n" + guest.bullets() + md::bullet("Interface", key) + "\n" + md::bullet("Was", before) +
      "\n";
  if (change.pending) text += pending_bullet(guest.type);
  if (last) {
    text +=
        md::bullet("Warning", "⚠️ it " + std::string(change.pending ? "is" : "was") + " the " +
                                  guest_noun(guest.type) + "'s only network interface: " +
                                  (change.pending ? "it will have no network once this applies"
                                                  : "it has no network now")) +
        "\n";
  }
  json out = guest.fields();
  out["net"] = key;
  out["previous"] = before;
  out["pending"] = change.pending;
  out["last_interface"] = last;
  return task_result(std::move(text), std::move(out), change.task);
}

}  // namespace tools
