// remove_network_vm / remove_network_lxc: delete a netN, warning when it was the only one.
#include "tools/guest_devices.h"
#include "tools/guest_guard.h"
#include "tools/network.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

mcp::ToolResult remove_network(const Call& call, const NicSlot& args) {
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& key = args.net;
  const json config = config_before(call.api, guest);
  refuse_if_protected(config, guest.type, guest.vmid, "remove its network interface " + key);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", devices::keys_list(config, devices::is_net)));
  }
  const bool last = devices::keys(config, devices::is_net).size() == 1;
  const std::string before = devices::value(config, key);
  const WriteOutcome outcome =
      perform(call, config_put(call.api, guest, {{"delete", key}}, config, {key}), FollowOptions{});

  WriteReport report{
      .titles = {"➖", "Network Interface Removal Started", "Network Interface Removed",
                 "Removing the Network Interface Failed", "Network Interface Removal Pending"},
      .facts = guest_facts(guest)};
  report.facts.insert(report.facts.end(),
                      {fact("Interface", key, "net", key), fact("Was", before, "previous", before),
                       field("last_interface", last)});
  if (last) {
    const bool held = outcome.held_back;
    report.after_pending.push_back(
        shown("Warning",
              "⚠️ it " + std::string(held ? "is" : "was") + " the " + guest_noun(guest.type) +
                  "'s only network interface: " +
                  (held ? "it will have no network once this applies" : "it has no network now")));
  }
  return render(report, outcome);
}

}  // namespace tools
