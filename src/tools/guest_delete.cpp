// Delete tools: destroy a VM or container, refusing protected guests and explaining running ones.
#include "pve/api.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_guard.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using nlohmann::json;

// Proxmox refuses to destroy a running guest (qemu: "VM 100 is running - destroy failed";
// lxc: "unable to destroy CT 100 - container is running" unless force). Saying so before the
// request, with what to do instead, beats relaying the raw 500.
void refuse_if_running(pve::Api& api, const GuestTarget& guest, bool force) {
  json status = api.get(guest.path({"status", "current"}));
  if (text_field(status, "status") != "running") return;
  if (is_container(guest.type) && force) return;
  const std::string suffix = tool_suffix(guest.type);
  std::string text = guest.label() + " is running: Proxmox destroys only stopped guests. Stop it " +
                     "first (proxmox_shutdown" + suffix + " for a clean shutdown, proxmox_stop" +
                     suffix + " to stop it at once), then delete it";
  if (is_container(guest.type))
    text += ", or call again with force=true to let Proxmox stop it first";
  throw ArgError(text + ".");
}

constexpr OutcomeTitles kDeleteVmTitles{"🗑️", "VM Deletion Started", "VM Deleted",
                                        "VM Deletion Failed"};
constexpr OutcomeTitles kDeleteLxcTitles{"🗑️", "Container Deletion Started",
                                         "Container Deleted", "Container Deletion Failed"};

// An option the answer always reports as a field, and shows only when it was asked for.
Fact flag(std::string label, std::string text, std::string key, bool on) {
  return on ? fact(std::move(label), std::move(text), std::move(key), true)
            : field(std::move(key), false);
}

// `force` is a container's only: Proxmox stops a running one first.
mcp::ToolResult run_delete(const Call& call, const DeleteArgs& args, bool force) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  GuestTarget guest = GuestTarget::of(args, type);
  const bool purge = args.purge;
  const bool unreferenced = args.destroy_unreferenced_disks;

  json config = config_before(api, guest);
  refuse_if_protected(config, type, guest.vmid, "delete it");
  refuse_if_running(api, guest, force);

  pve::Params params;
  if (purge) params.push_back(pve::param_bool("purge", true));
  if (unreferenced) params.push_back(pve::param_bool("destroy-unreferenced-disks", true));
  if (force) params.push_back(pve::param_bool("force", true));
  const WriteRequest request = task_request(guest, guest_task_type(type, "destroy"),
                                            [&] { return api.del(guest.path(), params); });
  const WriteOutcome outcome = perform(call, request, args.follow());

  WriteReport report{
      is_container(type) ? kDeleteLxcTitles : kDeleteVmTitles, guest_facts(guest), {}};
  const std::string name = text_field(config, is_container(type) ? "hostname" : "name");
  if (!name.empty()) report.facts.push_back(fact("Name", md::one_line(name), "name", name));
  report.facts.push_back(
      flag("Purge", "removed from backup, replication and HA jobs", "purge", purge));
  report.facts.push_back(flag("Unreferenced Disks",
                              "destroyed too (every volume of this ID on the node's storages)",
                              "destroy_unreferenced_disks", unreferenced));
  if (is_container(type)) {
    report.facts.push_back(flag("Force", "stopped first if it was running", "force", force));
  }
  return render(report, outcome);
}

}  // namespace

extern const std::string_view kDeleteOutput = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "purge": {"type": "boolean"},
    "destroy_unreferenced_disks": {"type": "boolean"},
    "force": {"type": "boolean", "description": "a running container was to be stopped first"}
  },
  "required": ["purge", "destroy_unreferenced_disks"]
})";

mcp::ToolResult delete_guest(const Call& call, const DeleteArgs& args) {
  return run_delete(call, args, false);
}

mcp::ToolResult delete_guest(const Call& call, const DeleteLxcArgs& args) {
  return run_delete(call, args, args.force);
}

}  // namespace tools
