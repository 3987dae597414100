// Clone tools: copy a VM or container (full or linked) under a new ID, optionally to another node.
#include <optional>

#include "pve/api.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_create_args.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using nlohmann::json;

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
CloneKind clone_kind(std::optional<bool> full, const GuestTarget& source, bool is_template,
                     bool has_storage) {
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

// What the clone became, in the answer's text and fields.
struct Clone {
  std::int64_t id;
  std::string name;
  CloneKind kind;
};

// Each optional argument that was given, shown and as its field.
void add_given(std::vector<Fact>& facts, std::string label, std::string key,
               const std::optional<std::string>& value) {
  if (value) facts.push_back(fact(std::move(label), *value, std::move(key), *value));
}

constexpr OutcomeTitles kCloneVmTitles{"📋", "VM Clone Started", "VM Cloned", "VM Clone Failed"};
constexpr OutcomeTitles kCloneLxcTitles{"📋", "Container Clone Started", "Container Cloned",
                                        "Container Clone Failed"};

WriteReport clone_report(const CloneArgs& args, const GuestTarget& source, const Clone& clone) {
  const GuestType type = source.type;
  WriteReport report{
      is_container(type) ? kCloneLxcTitles : kCloneVmTitles,
      {fact("Source ID", std::to_string(source.vmid), "vmid", source.vmid),
       fact("New ID", std::to_string(clone.id), "newid", clone.id),
       fact(is_container(type) ? "Hostname" : "Name", clone.name, "name", clone.name),
       fact("Type", guest_type_label(type), "type", guest_type_name(type)),
       fact("Node", source.node, "node", source.node)},
      "\n**Tip**: Use `proxmox_start" + tool_suffix(type) + "` with node " +
          args.target.value_or(source.node) + " and vmid " + std::to_string(clone.id) +
          " to start the clone.\n"};
  report.tip_when_done = true;
  add_given(report.facts, "Target Node", "target", args.target);
  report.facts.push_back(
      fact("Clone Type", clone.kind.full ? "full" : "linked", "full", clone.kind.full));
  add_given(report.facts, "Storage", "storage", args.storage);
  add_given(report.facts, "From Snapshot", "snapname", args.snapname);
  add_given(report.facts, "Pool", "pool", args.pool);
  return report;
}

// `name` is the clone's name or, for a container, its hostname; the Node.js server's default
// "clone-{newid}" keeps a container's hostname from being duplicated.
mcp::ToolResult run_clone(const Call& call, const CloneArgs& args,
                          const std::optional<std::string>& name) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  GuestTarget source = GuestTarget::of(args, type);
  if (args.newid && *args.newid == source.vmid) {
    throw ArgError("Invalid argument 'newid': must differ from the source's ID " +
                   std::to_string(source.vmid));
  }

  json config = config_before(api, source);
  const bool is_template = flag_field(config, "template");
  Clone clone{0, "", clone_kind(args.full, source, is_template, args.storage.has_value())};
  clone.id = args.newid ? *args.newid : next_free_vmid(api);
  clone.name = name.value_or("clone-" + std::to_string(clone.id));

  pve::Params params{{"newid", std::to_string(clone.id)},
                     {is_container(type) ? "hostname" : "name", clone.name}};
  if (args.target) params.emplace_back("target", *args.target);
  if (clone.kind.send_full) params.push_back(pve::param_bool("full", clone.kind.full));
  if (args.storage) params.emplace_back("storage", *args.storage);
  if (args.snapname) params.emplace_back("snapname", *args.snapname);
  if (args.description) params.emplace_back("description", *args.description);
  if (args.pool) params.emplace_back("pool", *args.pool);
  const WriteRequest request = task_request(source, guest_task_type(type, "clone"), [&] {
    return api.post(source.path({"clone"}), params);
  });
  const WriteOutcome outcome = perform(call, request, args.follow());
  return render(clone_report(args, source, clone), outcome);
}

}  // namespace

typed::Problem clone_name(const std::string& text) {
  if (create::is_dns_name(text)) return std::nullopt;
  return "must be a DNS name (letters, digits and inner hyphens, dot-separated labels of at most "
         "63 characters)";
}

extern const std::string_view kCloneOutput = R"({
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

mcp::ToolResult clone_guest(const Call& call, const CloneArgs& args) {
  return run_clone(call, args, args.name);
}

mcp::ToolResult clone_guest(const Call& call, const CloneLxcArgs& args) {
  return run_clone(call, args, args.hostname ? args.hostname : args.name);
}

}  // namespace tools
