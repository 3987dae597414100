// Creating, rolling back to and deleting a guest's snapshot (one handler each for VMs and
// containers).
#include "pve/api.h"
#include "tools/data_writes.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/write_pipeline.h"

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

// VM ID, Snapshot Name, Type, Node: the Node.js server's order.
std::vector<Fact> snapshot_facts(const GuestTarget& guest, const std::string& name) {
  std::vector<Fact> facts = guest_facts(guest);
  facts.insert(facts.begin() + 1, fact("Snapshot Name", name, "snapname", name));
  return facts;
}

// A task on one of the guest's snapshots (qmsnapshot, vzrollback, …).
WriteRequest snapshot_request(const GuestTarget& guest, std::string_view action,
                              std::function<json()> send) {
  return {.node = guest.node,
          .vmid = guest.vmid,
          .task_type = guest_task_type(guest.type, action),
          .send = std::move(send)};
}

}  // namespace

mcp::ToolResult create_snapshot(const Call& call, const SnapshotCreateArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  pve::Params params = {{"snapname", args.snapname}};
  if (args.description) params.emplace_back("description", *args.description);
  if (args.vmstate) params.push_back(pve::param_bool("vmstate", true));
  const WriteOutcome outcome =
      perform(call,
              snapshot_request(guest, "snapshot",
                               [&] { return api.post(guest.path({"snapshot"}), params); }),
              args.follow());

  WriteReport report{
      {"📸", "Snapshot Creation Started", "Snapshot Created", "Snapshot Creation Failed"},
      snapshot_facts(guest, args.snapname),
      "\n**Tip**: Use `" + list_tool_name(guest.type) + "` to view all snapshots.\n"};
  if (args.description) {
    report.facts.push_back(
        fact("Description", md::one_line(*args.description), "description", *args.description));
  }
  if (args.vmstate) {
    report.facts.push_back(fact("RAM State", "saved with the snapshot", "vmstate", true));
  } else if (guest.type == GuestType::kQemu) {
    report.facts.push_back(field("vmstate", false));
  }
  return render(report, outcome);
}

mcp::ToolResult rollback_snapshot(const Call& call, const SnapshotRollbackArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& name = args.snapname;
  refuse_if_protected(api, guest.node, guest.type, guest.vmid,
                      "roll it back to snapshot '" + name + "'");
  pve::Params params;
  if (args.start) params.push_back(pve::param_bool("start", true));
  const WriteOutcome outcome = perform(
      call,
      snapshot_request(guest, "rollback",
                       [&] {
                         return api.post(guest.path({"snapshot", name, "rollback"}), params);
                       }),
      args.follow());

  WriteReport report{
      {"⏮️", "Snapshot Rollback Started", "Snapshot Rolled Back", "Snapshot Rollback Failed"},
      snapshot_facts(guest, name),
      "\n" + md::heading("⚠️", "Note") + ": The " + guest_noun(guest.type) +
          " is back at the snapshot's state; changes made after the snapshot were discarded.\n",
      "\n" + md::heading("⚠️", "Warning") +
          ": This reverts to the snapshot state. Data created after this snapshot will be "
          "lost.\n"};
  report.facts.push_back(args.start ? fact("Start Afterwards", "yes", "start", true)
                                    : field("start", false));
  return render(report, outcome);
}

mcp::ToolResult delete_snapshot(const Call& call, const SnapshotDeleteArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  const std::string& name = args.snapname;
  refuse_if_protected(api, guest.node, guest.type, guest.vmid,
                      "delete its snapshot '" + name + "'");
  pve::Params params;
  if (args.force) params.push_back(pve::param_bool("force", true));
  const WriteOutcome outcome =
      perform(call,
              snapshot_request(guest, "delsnapshot",
                               [&] {
                                 return api.del(guest.path({"snapshot", name}), params);
                               }),
              args.follow());

  WriteReport report{
      {"🗑️", "Snapshot Deletion Started", "Snapshot Deleted", "Snapshot Deletion Failed"},
      snapshot_facts(guest, name),
      {}};
  report.facts.push_back(field("force", args.force));
  return render(report, outcome);
}

}  // namespace tools
