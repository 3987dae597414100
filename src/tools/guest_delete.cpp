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
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

// Destroying a guest frees every volume it has; large thick volumes take minutes to wipe.
constexpr int kDeleteTimeout = 300;

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

mcp::ToolResult run_delete(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  const bool purge = args::boolean(args, "purge", false);
  const bool unreferenced = args::boolean(args, "destroy_unreferenced_disks", false);
  const bool force = lxc(type) && args::boolean(args, "force", false);
  FollowOptions follow = follow_options(args, true, kDeleteTimeout);

  json config = config_before(api, guest);
  refuse_if_protected(config, type, guest.vmid, "delete it");
  refuse_if_running(api, guest, force);

  pve::Params params;
  if (purge) params.push_back(pve::param_bool("purge", true));
  if (unreferenced) params.push_back(pve::param_bool("destroy-unreferenced-disks", true));
  if (force) params.push_back(pve::param_bool("force", true));
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "destroy"),
                           [&] { return api.del(guest.path(), params); });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

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

constexpr std::string_view kDeleteOutput = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "purge": {"type": "boolean"},
    "destroy_unreferenced_disks": {"type": "boolean"},
    "force": {"type": "boolean", "description": "a running container was to be stopped first"}
  },
  "required": ["purge", "destroy_unreferenced_disks"]
})";

}  // namespace

WriteSpec delete_spec(pve::Api& api, GuestType type) {
  json props = {{"purge",
                 {{"type", "boolean"},
                  {"default", false},
                  {"description", "Also remove the ID from backup jobs, replication jobs and HA"}}},
                {"destroy_unreferenced_disks",
                 {{"type", "boolean"},
                  {"default", false},
                  {"description",
                   "Also destroy disks that carry this ID on the node's storages but are "
                   "not in the configuration"}}}};
  if (lxc(type)) {
    props["force"] = {{"type", "boolean"},
                      {"default", false},
                      {"description", "Stop the container first if it is running"}};
  }
  props.update(task_wait_properties(true, kDeleteTimeout));
  WriteSpec s;
  s.name = "proxmox_delete" + tool_suffix(type);
  s.title = lxc(type) ? "Delete container" : "Delete VM";
  s.description = "Delete " + guest_phrase(type) +
                  " and its disks (requires elevated mode). Irreversible. Refused for guests with "
                  "protection=1. " +
                  (lxc(type) ? "A running container must be stopped first, or pass force=true."
                             : "A running VM must be stopped first.") +
                  " Follows the Proxmox task to its end (wait, timeout).";
  s.input_schema = guest_input_schema(type, std::move(props));
  s.output_schema = kDeleteOutput;
  s.annotations = write_annotations(true, false);
  s.privilege = "VM.Allocate";
  s.body = bind_guest(api, type, run_delete);
  s.follows_task = true;
  s.guest = type;
  return s;
}

}  // namespace tools
