// proxmox_migrate_vm, proxmox_migrate_lxc and proxmox_convert_to_template: a migration task
// followed to its end, then the guest's status read where it now lives; a template conversion,
// whose container variant Proxmox answers with null while its worker runs on.
#include "tools/guest_migrate.h"

#include "pve/api.h"
#include "pve/error.h"
#include "tools/args.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using nlohmann::json;

// What a migration asks for: `moving` is the flag that moves a running guest (a VM's online,
// a container's restart).
struct MigrationRequest {
  std::string target;
  bool moving = false;
  std::optional<std::string> targetstorage;
};

constexpr OutcomeTitles kMigrateVmTitles{"🚚", "VM Migration Started", "VM Migrated",
                                         "VM Migration Failed"};
constexpr OutcomeTitles kMigrateLxcTitles{"🚚", "Container Migration Started", "Container Migrated",
                                          "Container Migration Failed"};

mcp::ToolResult run_migration(const Call& call, const GuestTarget& guest,
                              const MigrationRequest& asked, const FollowOptions& follow) {
  if (asked.target == guest.node) {
    throw ArgError("Invalid argument 'target': " + guest.label() + " is already on node " +
                   guest.node + "; name another node of the cluster");
  }
  const bool lxc = guest.type == GuestType::kLxc;
  pve::Params params{{"target", asked.target}};
  if (asked.moving) params.push_back(pve::param_bool(lxc ? "restart" : "online", true));
  // qemu-server refuses to live-migrate a VM with local disks unless told to copy them; the
  // tool offers no separate switch, so a live migration always allows the copy.
  if (asked.moving && !lxc) params.push_back(pve::param_bool("with-local-disks", true));
  if (asked.targetstorage) {
    params.emplace_back(lxc ? "target-storage" : "targetstorage", *asked.targetstorage);
  }
  // qemu-server names its worker "qmigrate", not "qm" + "migrate".
  const WriteRequest request = task_request(guest, lxc ? "vzmigrate" : "qmigrate", [&] {
    return call.api.post(guest.path({"migrate"}), params);
  });
  const WriteOutcome outcome = perform(call, request, follow);
  WriteReport report{lxc ? kMigrateLxcTitles : kMigrateVmTitles, guest_facts(guest)};
  report.facts.push_back(fact("Target Node", asked.target, "target", asked.target));
  if (asked.targetstorage) {
    report.facts.push_back(
        fact("Target Storage", *asked.targetstorage, "targetstorage", *asked.targetstorage));
  }
  if (outcome.task.status.succeeded()) {
    // The answer says where the guest is now, as Proxmox reports it there.
    GuestTarget moved = guest;
    moved.node = asked.target;
    report.produced.push_back(fact("Now On", asked.target, "now_on", asked.target));
    // The migration is done whatever this read says: a failed read costs the status line only.
    try {
      const json status = call.api.get(moved.path({"status", "current"}));
      const std::string state = text_field(status, "status");
      report.produced.push_back(fact("Status", state, "status_now", state));
    } catch (const pve::Error& e) {
      report.produced.push_back(
          shown("Status", "unknown (reading it on " + asked.target + " failed: " + e.what() + ")"));
    }
  }
  return render(report, outcome);
}

constexpr OutcomeTitles kTemplateTitles{"🧬", "Template Conversion Started",
                                        "Converted to Template", "Template Conversion Failed"};

// A container's template endpoint answers null and runs its worker on: the vztemplate task it
// started is the one to follow.
json started_template_task(pve::Api& api, const GuestTarget& guest) {
  const json tasks =
      api.get("/nodes/" + guest.node + "/tasks", {{"vmid", std::to_string(guest.vmid)},
                                                  {"typefilter", "vztemplate"},
                                                  {"source", "all"},
                                                  {"limit", "1"}});
  if (tasks.is_array() && !tasks.empty()) return tasks[0].value("upid", json());
  return nullptr;
}

}  // namespace

extern const std::string_view kMigrateOutput = R"({
  "type": "object",
  "properties": {
    "target": {"type": "string"}, "targetstorage": {"type": "string"},
    "now_on": {"type": "string", "description": "the node the guest is on after the migration"},
    "status_now": {"type": "string"}
  },
  "required": ["target"]
})";

extern const std::string_view kTemplateOutput = R"({
  "type": "object",
  "properties": {"template": {"type": "boolean"}}
})";

mcp::ToolResult migrate_vm(const Call& call, const MigrateVmArgs& args) {
  const GuestTarget guest = GuestTarget::of(args, type_named(args.type));
  return run_migration(call, guest, {args.target, args.online, args.targetstorage}, args.follow());
}

mcp::ToolResult migrate_lxc(const Call& call, const MigrateLxcArgs& args) {
  const GuestTarget guest = GuestTarget::of(args, GuestType::kLxc);
  return run_migration(call, guest, {args.target, args.restart, args.targetstorage}, args.follow());
}

mcp::ToolResult convert_to_template(const Call& call, const ConvertTemplateArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest =
      GuestTarget::of(args, args.type ? type_named(*args.type) : listed_type(api, args.vmid));
  refuse_if_protected(api, guest.node, guest.type, guest.vmid, "convert it to a template");
  const json status = api.get(guest.path({"status", "current"}));
  if (text_field(status, "status") == "running") {
    throw ArgError(guest.label() + " is running; stop it first (Proxmox converts only a stopped " +
                   guest_noun(guest.type) + ")");
  }
  WriteRequest request = task_request(guest, guest_task_type(guest.type, "template"), [&] {
    json answer = api.post(guest.path({"template"}));
    if (answer.is_null() && guest.type == GuestType::kLxc) {
      return started_template_task(api, guest);
    }
    return answer;
  });
  request.read_back = guest;
  const WriteOutcome outcome = perform(call, request, args.follow());
  WriteReport report{kTemplateTitles, guest_facts(guest)};
  if (outcome.after) {
    report.produced.push_back(
        fact("Template", "yes", "template", flag_field(outcome.after->current, "template")));
  }
  report.tip = "\n**Tip**: Use `proxmox_clone" + tool_suffix(guest.type) + "` with vmid " +
               std::to_string(guest.vmid) + " to make linked clones of it.\n";
  report.tip_when_done = true;
  return render(report, outcome);
}

}  // namespace tools
