// Delete tools: destroy a VM or container, refusing protected guests and explaining running ones.
#include "pve/api.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_guard.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/values.h"

namespace tools {
namespace {

using nlohmann::json;

bool lxc(GuestType type) {
  return type == GuestType::kLxc;
}

// Proxmox refuses to destroy a running guest (qemu: "VM 100 is running - destroy failed";
// lxc: "unable to destroy CT 100 - container is running" unless force). Saying so before the
// request, with what to do instead, beats relaying the raw 500.
void refuse_if_running(pve::Api& api, const GuestTarget& guest, bool force) {
  json status = api.get(guest.path({"status", "current"}));
  if (text_field(status, "status") != "running") return;
  if (lxc(guest.type) && force) return;
  const std::string suffix = tool_suffix(guest.type);
  std::string text = guest.label() + " is running: Proxmox destroys only stopped guests. Stop it " +
                     "first (proxmox_shutdown" + suffix + " for a clean shutdown, proxmox_stop" +
                     suffix + " to stop it at once), then delete it";
  if (lxc(guest.type)) text += ", or call again with force=true to let Proxmox stop it first";
  throw ArgError(text + ".");
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
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "destroy"),
                           [&] { return api.del(guest.path(), params); });
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

  const std::string name = text_field(config, lxc(type) ? "hostname" : "name");
  const OutcomeTitles titles =
      lxc(type)
          ? OutcomeTitles{"🗑️", "Container Deletion Started", "Container Deleted",
                          "Container Deletion Failed"}
          : OutcomeTitles{"🗑️", "VM Deletion Started", "VM Deleted", "VM Deletion Failed"};
  std::string text = outcome_heading(task, titles) + "\n\n" + guest.bullets();
  if (!name.empty()) text += md::bullet("Name", md::one_line(name)) + "\n";
  if (purge) text += md::bullet("Purge", "removed from backup, replication and HA jobs") + "\n";
  if (unreferenced) {
    text += md::bullet("Unreferenced Disks",
                       "destroyed too (every volume of this ID on the node's storages)") +
            "\n";
  }
  if (force) text += md::bullet("Force", "stopped first if it was running") + "\n";
  json out = guest.fields();
  if (!name.empty()) out["name"] = name;
  out["purge"] = purge;
  out["destroy_unreferenced_disks"] = unreferenced;
  if (lxc(type)) out["force"] = force;
  return task_result(std::move(text), std::move(out), task);
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
