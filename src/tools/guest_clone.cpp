// Clone tools: copy a VM or container (full or linked) under a new ID, optionally to another node.
#include <optional>

#include "pve/api.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/snapshot_name.h"
#include "tools/task_follow.h"
#include "tools/values.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

// A full clone copies every disk; on slow storage that takes many minutes.
constexpr int kCloneTimeout = 900;
constexpr std::size_t kMaxDnsName = 255;

bool lxc(GuestType type) {
  return type == GuestType::kLxc;
}

// PVE's dns-name format: DNS labels joined by dots (a VM's name, a container's hostname).
bool is_dns_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxDnsName) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    if (!is_node_name(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// The clone's name: `name` (both types, as the reference) or, for a container, `hostname`;
// the reference's default "clone-{newid}" keeps a container's hostname from being duplicated.
std::string clone_name(const json& args, GuestType type, std::int64_t newid) {
  std::string key = "name";
  if (lxc(type) && args::optional_string(args, "hostname")) key = "hostname";
  std::string name = args::optional_string(args, key).value_or("clone-" + std::to_string(newid));
  if (!is_dns_name(name)) {
    throw ArgError("Invalid argument '" + key +
                   "': must be a DNS name (letters, digits and inner hyphens, dot-separated "
                   "labels of at most 63 characters)");
  }
  return name;
}

// GET /cluster/nextid: the lowest free ID (not reserved: a concurrent creator may take it, and
// then Proxmox refuses the clone with "VM N already exists").
std::int64_t next_free_vmid(pve::Api& api) {
  json holder = {{"id", api.get("/cluster/nextid")}};
  auto id = integer_field(holder, "id");
  if (!id) {
    throw ArgError("Unexpected response from Proxmox: /cluster/nextid returned " +
                   holder["id"].dump());
  }
  return *id;
}

struct CloneKind {
  bool full;
  bool send_full;  // whether `full` goes to Proxmox (absent: Proxmox's own default)
};

// Proxmox's default: a template is cloned linked, any other guest fully. A linked clone needs
// a template source, and `storage` applies only to full clones; both refusals are Proxmox's own
// ("parameter 'storage' not allowed for linked clones"), made before anything is created.
CloneKind clone_kind(const json& args, const GuestTarget& source, bool is_template,
                     bool has_storage) {
  std::optional<bool> full;
  if (args.is_object() && args.contains("full") && !args["full"].is_null()) {
    full = args::boolean(args, "full", false);
  }
  if (full == false && !is_template) {
    throw ArgError("Invalid argument 'full': a linked clone needs a template, and " +
                   source.label() + " is not one; use full=true (Proxmox's default for a normal " +
                   guest_noun(source.type) + ") or convert it to a template first");
  }
  if (full == false && has_storage) {
    throw ArgError(
        "Invalid argument 'storage': only a full clone can be placed on another storage; a "
        "linked clone stays on its template's storage");
  }
  // A storage was asked for: only a full clone honours it, so ask for one explicitly.
  if (!full.has_value()) {
    return has_storage ? CloneKind{true, true} : CloneKind{!is_template, false};
  }
  return {*full, true};
}

mcp::ToolResult run_clone(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget source = GuestTarget::from_args(args, type);
  auto newid = args::optional_vmid(args, "newid");
  auto target = args::optional_node(args, "target");
  auto storage = args::optional_string(args, "storage");
  if (storage) storage = args::storage(args, "storage", "");
  auto description = args::optional_string(args, "description");
  auto pool = args::optional_pool(args);
  std::optional<std::string> snapname;
  if (args::optional_string(args, "snapname")) snapname = snapshot_name(args);
  FollowOptions follow = follow_options(args, true, kCloneTimeout);
  if (newid && *newid == source.vmid) {
    throw ArgError("Invalid argument 'newid': must differ from the source's ID " +
                   std::to_string(source.vmid));
  }
  if (newid) clone_name(args, type, *newid);  // a bad name fails before anything is read

  json config = config_before(api, source);
  const bool is_template = flag_field(config, "template");
  const CloneKind kind = clone_kind(args, source, is_template, storage.has_value());
  const std::int64_t id = newid ? *newid : next_free_vmid(api);
  const std::string name = clone_name(args, type, id);

  pve::Params params{{"newid", std::to_string(id)}, {lxc(type) ? "hostname" : "name", name}};
  if (target) params.emplace_back("target", *target);
  if (kind.send_full) params.push_back(pve::param_bool("full", kind.full));
  if (storage) params.emplace_back("storage", *storage);
  if (snapname) params.emplace_back("snapname", *snapname);
  if (description) params.emplace_back("description", *description);
  if (pool) params.emplace_back("pool", *pool);
  json answer = start_task(api, source.node, source.vmid, guest_task_type(type, "clone"),
                           [&] { return api.post(source.path({"clone"}), params); });
  FollowedTask task = follow_task(api, answer, source.node, follow, ctx);

  const std::string noun = lxc(type) ? "Container" : "VM";
  std::string text =
      outcome_heading(task,
                      {"📋", noun + " Clone Started", noun + " Cloned", noun + " Clone Failed"}) +
      "\n\n" + md::bullet("Source ID", std::to_string(source.vmid)) + "\n" +
      md::bullet("New ID", std::to_string(id)) + "\n" +
      md::bullet(lxc(type) ? "Hostname" : "Name", name) + "\n" +
      md::bullet("Type", guest_type_label(type)) + "\n" + md::bullet("Node", source.node) + "\n";
  if (target) text += md::bullet("Target Node", *target) + "\n";
  text += md::bullet("Clone Type", kind.full ? "full" : "linked") + "\n";
  if (storage) text += md::bullet("Storage", *storage) + "\n";
  if (snapname) text += md::bullet("From Snapshot", *snapname) + "\n";
  if (pool) text += md::bullet("Pool", *pool) + "\n";
  json out = source.fields();
  out["newid"] = id;
  out["name"] = name;
  out["full"] = kind.full;
  if (target) out["target"] = *target;
  if (storage) out["storage"] = *storage;
  if (snapname) out["snapname"] = *snapname;
  if (pool) out["pool"] = *pool;
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (outcome_done(task)) {
    r.text += "\n**Tip**: Use `proxmox_start" + tool_suffix(type) + "` with node " +
              target.value_or(source.node) + " and vmid " + std::to_string(id) +
              " to start the clone.\n";
  }
  return r;
}

constexpr std::string_view kCloneOutput = R"({
  "type": "object",
  "properties": {
    "vmid": {"type": "integer", "description": "the source"},
    "newid": {"type": "integer"}, "name": {"type": "string"},
    "full": {"type": "boolean", "description": "a full copy; false: linked to its template"},
    "target": {"type": "string"}, "storage": {"type": "string"}, "snapname": {"type": "string"},
    "pool": {"type": "string"}
  },
  "required": ["newid", "name", "full"]
})";

}  // namespace

WriteSpec clone_spec(pve::Api& api, GuestType type) {
  const std::string noun = guest_noun(type);
  json name_property = {{"type", "string"},
                        {"description",
                         "Name for the new clone (a DNS name; default "
                         "clone-{newid})"}};
  json props = {
      {"newid", vmid_property("New " + noun + " ID for the clone (default: the next free ID)")},
      {"name", name_property},
      {"target", node_property("Node to create the clone on (the source must be on shared "
                               "storage); default: the source's node")},
      {"full",
       {{"type", "boolean"},
        {"description",
         "true: copy every disk; false: a linked clone of a template. Default: "
         "linked for templates, full otherwise (as Proxmox)"}}},
      {"storage", storage_property("Storage for the clone's disks (full clones only)", "")},
      {"snapname",
       snapshot_name_property("Clone the state of this snapshot instead of the current one" +
                              std::string(lxc(type) ? " (needed for a full clone of a running "
                                                      "container)"
                                                    : ""))},
      {"description", {{"type", "string"}, {"description", "Description of the new " + noun}}},
      {"pool",
       {{"type", "string"},
        {"description", "Resource pool to add the clone to (the pool must exist)"}}}};
  if (lxc(type)) {
    name_property["description"] = "Hostname for the new container (same as name)";
    props["hostname"] = name_property;
  }
  props.update(task_wait_properties(true, kCloneTimeout));
  WriteSpec s;
  s.name = "proxmox_clone" + tool_suffix(type);
  s.title = lxc(type) ? "Clone container" : "Clone VM";
  s.description = "Clone " + guest_phrase(type) +
                  " under a new ID (requires elevated mode): a full copy, or a linked clone of "
                  "a template; optionally onto another node or storage, or from a snapshot. "
                  "Follows the Proxmox task to its end (wait, timeout).";
  s.input_schema = guest_input_schema(type, std::move(props));
  s.output_schema = kCloneOutput;
  s.annotations = write_annotations(false, false);
  s.privilege = "VM.Clone (and VM.Allocate on the new ID)";
  s.body = bind_guest(api, type, run_clone);
  s.follows_task = true;
  s.guest = type;
  return s;
}

}  // namespace tools
