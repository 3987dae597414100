// Snapshot write tools: create, roll back to and delete a guest's snapshot (VMs and containers).
#include "pve/api.h"
#include "tools/areas.h"
#include "tools/args.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/handler.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/snapshot_name.h"
#include "tools/task_follow.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

// Snapshots of guests with large disks (or RAM, with vmstate) take minutes.
constexpr int kSnapshotTimeout = 300;

constexpr std::string_view kSnapshotOutput = R"({
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

json task_properties(json properties) {
  properties.update(task_wait_properties(true, kSnapshotTimeout));
  return properties;
}

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

mcp::ToolResult create_snapshot(pve::Api& api, GuestType type, const json& args,
                                mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string name = snapshot_name(args);
  auto description = args::optional_string(args, "description");
  bool vmstate = type == GuestType::kQemu && args::boolean(args, "vmstate", false);
  FollowOptions follow = follow_options(args, true, kSnapshotTimeout);

  pve::Params params = {{"snapname", name}};
  if (description) params.emplace_back("description", *description);
  if (vmstate) params.push_back(pve::param_bool("vmstate", true));
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "snapshot"),
                           [&] { return api.post(guest.path({"snapshot"}), params); });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

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

mcp::ToolResult rollback_snapshot(pve::Api& api, GuestType type, const json& args,
                                  mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string name = snapshot_name(args);
  bool start = args::boolean(args, "start", false);
  FollowOptions follow = follow_options(args, true, kSnapshotTimeout);
  refuse_if_protected(api, guest.node, type, guest.vmid, "roll it back to snapshot '" + name + "'");

  pve::Params params;
  if (start) params.push_back(pve::param_bool("start", true));
  json answer =
      start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "rollback"), [&] {
        return api.post(guest.path({"snapshot", name, "rollback"}), params);
      });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

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

mcp::ToolResult delete_snapshot(pve::Api& api, GuestType type, const json& args,
                                mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string name = snapshot_name(args);
  bool force = args::boolean(args, "force", false);
  FollowOptions follow = follow_options(args, true, kSnapshotTimeout);

  pve::Params params;
  if (force) params.push_back(pve::param_bool("force", true));
  json answer =
      start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "delsnapshot"), [&] {
        return api.del(guest.path({"snapshot", name}), params);
      });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  std::string text = outcome_heading(task, {"🗑️", "Snapshot Deletion Started",
                                            "Snapshot Deleted", "Snapshot Deletion Failed"}) +
                     "\n\n" + snapshot_bullets(guest, name);
  json out = guest.fields();
  out["snapname"] = name;
  out["force"] = force;
  return task_result(std::move(text), std::move(out), task);
}

// What the three snapshot tools share: a guest, a snapname, VM.Snapshot, a followed task.
WriteSpec snapshot_spec(pve::Api& api, GuestType type, std::string_view verb, std::string title,
                        std::string description, json props, mcp::Annotations annotations,
                        GuestHandler handler) {
  WriteSpec s;
  s.name = "proxmox_" + std::string(verb) + "_snapshot" + tool_suffix(type);
  s.title = std::move(title);
  s.description = std::move(description);
  s.input_schema = guest_input_schema(type, task_properties(std::move(props)), {"snapname"});
  s.output_schema = kSnapshotOutput;
  s.annotations = annotations;
  s.privilege = "VM.Snapshot";
  s.body = bind_guest(api, type, handler);
  s.follows_task = true;
  s.guest = type;
  return s;
}

WriteSpec create_spec(pve::Api& api, GuestType type) {
  json props = {
      {"snapname", snapshot_name_property("Name for the snapshot: a letter, then letters, "
                                          "digits, '_' or '-' (at most 40)")},
      {"description", {{"type", "string"}, {"description", "Description of the snapshot"}}}};
  if (type == GuestType::kQemu) {
    props["vmstate"] = {
        {"type", "boolean"},
        {"default", false},
        {"description", "Also save the running VM's RAM, so a rollback resumes it"}};
  }
  return snapshot_spec(api, type, "create",
                       type == GuestType::kLxc ? "Create container snapshot" : "Create VM snapshot",
                       "Create a snapshot of " + guest_phrase(type) +
                           " and wait for it to finish (requires elevated mode). Use it for a "
                           "point-in-time restore point before making changes.",
                       std::move(props), write_annotations(false, false), create_snapshot);
}

WriteSpec rollback_spec(pve::Api& api, GuestType type) {
  json props = {{"snapname", snapshot_name_property("Name of the snapshot to roll back to")},
                {"start",
                 {{"type", "boolean"},
                  {"default", false},
                  {"description", "Start the " + guest_noun(type) + " after the rollback"}}}};
  return snapshot_spec(
      api, type, "rollback",
      type == GuestType::kLxc ? "Roll back container snapshot" : "Roll back VM snapshot",
      "Roll " + guest_phrase(type) +
          " back to a snapshot (requires elevated mode). Destructive: every change made after "
          "the snapshot is lost. Refused for guests with protection=1.",
      std::move(props), write_annotations(true, false), rollback_snapshot);
}

WriteSpec delete_spec(pve::Api& api, GuestType type) {
  json props = {{"snapname", snapshot_name_property("Name of the snapshot to delete")},
                {"force",
                 {{"type", "boolean"},
                  {"default", false},
                  {"description",
                   "Remove it from the configuration even if removing the disk snapshots fails"}}}};
  return snapshot_spec(
      api, type, "delete",
      type == GuestType::kLxc ? "Delete container snapshot" : "Delete VM snapshot",
      "Delete a snapshot of " + guest_phrase(type) +
          " (requires elevated mode). The guest's current state is kept; the snapshot cannot be "
          "restored afterwards.",
      std::move(props), write_annotations(true, true), delete_snapshot);
}

}  // namespace

std::vector<mcp::Tool> snapshot_write_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> tools;
  for (auto make : {create_spec, rollback_spec, delete_spec}) {
    for (GuestType type : {GuestType::kQemu, GuestType::kLxc}) {
      tools.push_back(write_tool(make(api, type), policy));
    }
  }
  return tools;
}

}  // namespace tools
