// Creating, rolling back to and deleting a guest's snapshot (one handler each for VMs and
// containers).
#include "pve/api.h"
#include "tools/data_writes.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kSnapshotWriteOutput = R"({
  "type": "object",
  "properties": {
    "snapname": {"type": "string"},
    "description": {"type": "string"},
    "vmstate": {"type": "boolean", "description": "the VM's RAM was saved with the snapshot"},
    "start": {"type": "boolean", "description": "start after rollback was requested"},
    "force": {"type": "boolean"}
  },
  "required": ["snapname"]
})";

namespace {

std::string list_tool_name(GuestType type) {
  return type == GuestType::kLxc ? "proxmox_list_snapshots_lxc" : "proxmox_list_snapshots_vm";
}

// "• **VM ID**: 115\n• **Snapshot Name**: x\n• **Type**: LXC\n• **Node**: pve1\n", the
// reference's order.
std::string snapshot_bullets(const GuestTarget& guest, const std::string& name) {
  return md::bullet("VM ID", std::to_string(guest.vmid)) + "\n" +
         md::bullet("Snapshot Name", name) + "\n" +
         md::bullet("Type", guest_type_label(guest.type)) + "\n" + md::bullet("Node", guest.node) +
         "\n";
}

}  // namespace

mcp::ToolResult create_snapshot(const Call& call, const SnapshotCreateArgs& args) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  const GuestTarget guest = GuestTarget::of(args, type);
  const std::string& name = args.snapname;
  const std::optional<std::string>& description = args.description;
  const bool vmstate = args.vmstate;

  pve::Params params = {{"snapname", name}};
  if (description) params.emplace_back("description", *description);
  if (vmstate) params.push_back(pve::param_bool("vmstate", true));
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "snapshot"),
                           [&] { return api.post(guest.path({"snapshot"}), params); });
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

  std::string text = outcome_heading(task, {"📸", "Snapshot Creation Started", "Snapshot Created",
                                            "Snapshot Creation Failed"}) +
                     "\n\n" + snapshot_bullets(guest, name);
  if (description) text += md::bullet("Description", md::one_line(*description)) + "\n";
  if (vmstate) text += md::bullet("RAM State", "saved with the snapshot") + "\n";
  json out = guest.fields();
  out["snapname"] = name;
  if (description) out["description"] = *description;
  if (type == GuestType::kQemu) out["vmstate"] = vmstate;
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (!r.is_error) {
    r.text += "\n**Tip**: Use `" + list_tool_name(type) + "` to view all snapshots.\n";
  }
  return r;
}

mcp::ToolResult rollback_snapshot(const Call& call, const SnapshotRollbackArgs& args) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  const GuestTarget guest = GuestTarget::of(args, type);
  const std::string& name = args.snapname;
  const bool start = args.start;
  refuse_if_protected(api, guest.node, type, guest.vmid, "roll it back to snapshot '" + name + "'");

  pve::Params params;
  if (start) params.push_back(pve::param_bool("start", true));
  json answer =
      start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "rollback"), [&] {
        return api.post(guest.path({"snapshot", name, "rollback"}), params);
      });
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

  std::string text = outcome_heading(task, {"⏮️", "Snapshot Rollback Started",
                                            "Snapshot Rolled Back", "Snapshot Rollback Failed"}) +
                     "\n\n" + snapshot_bullets(guest, name);
  if (start) text += md::bullet("Start Afterwards", "yes") + "\n";
  json out = guest.fields();
  out["snapname"] = name;
  out["start"] = start;
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (outcome_done(task)) {
    r.text += "\n" + md::heading("⚠️", "Note") + ": The " + guest_noun(type) +
              " is back at the snapshot's state; changes made after the snapshot were discarded.\n";
  } else if (!r.is_error) {
    r.text += "\n" + md::heading("⚠️", "Warning") +
              ": This reverts to the snapshot state. Data created after this snapshot will be "
              "lost.\n";
  }
  return r;
}

mcp::ToolResult delete_snapshot(const Call& call, const SnapshotDeleteArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& name = args.snapname;
  const bool force = args.force;

  pve::Params params;
  if (force) params.push_back(pve::param_bool("force", true));
  json answer =
      start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "delsnapshot"), [&] {
        return api.del(guest.path({"snapshot", name}), params);
      });
  FollowedTask task = follow_task(api, answer, guest.node, args.follow(), call.ctx);

  std::string text = outcome_heading(task, {"🗑️", "Snapshot Deletion Started",
                                            "Snapshot Deleted", "Snapshot Deletion Failed"}) +
                     "\n\n" + snapshot_bullets(guest, name);
  json out = guest.fields();
  out["snapname"] = name;
  out["force"] = force;
  return task_result(std::move(text), std::move(out), task);
}

}  // namespace tools
