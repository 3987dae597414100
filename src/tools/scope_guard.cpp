#include "tools/scope_guard.h"

#include <algorithm>
#include <charconv>

#include "pve/error.h"
#include "pve/tasks.h"
#include "tools/args.h"
#include "tools/backup_volume.h"
#include "tools/tool_row.h"
#include "tools/values.h"

namespace tools {

namespace {

bool has(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string guest_text(std::int64_t vmid) {
  return "Guest " + std::to_string(vmid);
}

// "VM 100" / "CT 100" as /cluster/resources lists it.
std::string resource_label(const nlohmann::json& item, std::int64_t vmid) {
  return (text_field(item, "type") == "lxc" ? "CT " : "VM ") + std::to_string(vmid);
}

// A guest the call changes that /cluster/resources does not list: no guest has its ID (a create,
// or a backup of a guest since deleted), or one this token may not see (no VM.Audit), whose node
// and tags are then unknown. Proxmox's nextid tells the two apart for any token.
void refuse_unless_free(pve::Api& api, std::int64_t vmid, const Reach& reach) {
  std::string why =
      " exists, but Proxmox does not list it to this token "
      "(GET /cluster/resources; VM.Audit)";
  try {
    if (!vmid_taken(api, vmid)) return;
  } catch (const pve::Error& e) {
    why = " is not listed by Proxmox and whether it exists could not be checked (" +
          std::string(e.what()) + ")";
  }
  throw Refusal(guest_text(vmid) + why + ", so its node and tags cannot be checked: refusing to " +
                reach.action + ".");
}

// The guests' current node and tags decide: a guest that moved to a node outside the scope, or
// carries a protected tag now, is judged as it is, not as the call names it.
void enforce_current(pve::Api& api, const policy::Scope& scope, const Reach& reach) {
  const nlohmann::json resources = api.get("/cluster/resources", {{"type", "vm"}});
  if (!resources.is_array()) {
    throw Refusal(
        "Proxmox did not list its guests (GET /cluster/resources), so their current "
        "node and tags cannot be checked: refusing to " +
        reach.action + ".");
  }
  std::vector<std::int64_t> listed;
  for (const nlohmann::json& item : resources) {
    const std::optional<std::int64_t> vmid = integer_field(item, "vmid");
    if (!vmid || (!has(reach.changed, *vmid) && !has(reach.read, *vmid))) continue;
    listed.push_back(*vmid);
    const std::string node = text_field(item, "node");
    if (!scope.node_in(node)) {
      throw Refusal(resource_label(item, *vmid) + " is on node '" + node + "'. " +
                    policy::outside_nodes(scope, node));
    }
    if (!has(reach.changed, *vmid)) continue;
    if (std::optional<std::string> tag = scope.protected_tag(text_field(item, "tags"))) {
      throw Refusal(policy::guest_protected(resource_label(item, *vmid),
                                            "its tag '" + *tag + "' is in PROXMOX_PROTECTED_TAGS",
                                            reach.action));
    }
  }
  for (std::int64_t vmid : reach.changed) {
    if (!has(listed, vmid)) refuse_unless_free(api, vmid, reach);
  }
}

}  // namespace

std::optional<std::int64_t> guest_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 0) return std::nullopt;
  return id;
}

std::optional<std::int64_t> volume_owner(std::string_view volid) {
  const std::size_t colon = volid.find(':');
  const std::string_view name = colon == std::string_view::npos ? volid : volid.substr(colon + 1);
  if (name.starts_with("backup/")) return backup_guest_id(name.substr(7));
  if (std::optional<std::int64_t> pbs = backup_guest_id(name)) return pbs;  // vm/100/…
  // Disk images: [<id>/]vm-<id>-disk-N[.fmt], base-<id>-…, subvol-<id>-…, basevol-<id>-…. On a
  // directory storage the folder names the owner, whatever the file is called (Proxmox's
  // parse_volname: <id>/<file>, or <base id>/<base file>/<id>/<file> for a linked clone).
  const std::size_t slash = name.rfind('/');
  const std::string_view file = slash == std::string_view::npos ? name : name.substr(slash + 1);
  if (slash != std::string_view::npos) {
    const std::string_view folders = name.substr(0, slash);
    const std::size_t parent = folders.rfind('/');
    const std::string_view folder =
        parent == std::string_view::npos ? folders : folders.substr(parent + 1);
    if (std::optional<std::int64_t> owner = guest_id(folder)) return owner;
  }
  for (std::string_view prefix : {"vm-", "base-", "subvol-", "basevol-"}) {
    if (!file.starts_with(prefix)) continue;
    const std::string_view rest = file.substr(prefix.size());
    return guest_id(rest.substr(0, rest.find('-')));
  }
  return std::nullopt;
}

void enforce_scope(pve::Api& api, const policy::Scope& scope, const Reach& reach) {
  if (reach.write && reach.every_guest && (scope.limits_vmids() || scope.protects())) {
    throw Refusal(
        "This request changes every guest of a node, a pool or the cluster, and this server "
        "limits or protects guests (PROXMOX_VMIDS, PROXMOX_PROTECTED_VMIDS, "
        "PROXMOX_PROTECTED_TAGS): name the guests instead (vms or vmid).");
  }
  for (const std::string& node : reach.nodes) {
    if (!scope.node_in(node)) throw Refusal(policy::outside_nodes(scope, node));
  }
  if (!reach.picks_id.empty() && scope.limits_vmids()) {
    throw Refusal("Give '" + reach.picks_id + "': Proxmox would pick the next free ID, and " +
                  "this server acts only on the guests of PROXMOX_VMIDS (" + scope.vmids_text() +
                  ").");
  }
  for (const auto* ids : {&reach.changed, &reach.read}) {
    for (std::int64_t vmid : *ids) {
      if (!scope.vmid_in(vmid)) throw Refusal(policy::outside_vmids(scope, guest_text(vmid)));
    }
  }
  if (!reach.write) return;
  for (std::int64_t vmid : reach.changed) {
    if (scope.protected_id(vmid)) {
      throw Refusal(
          policy::guest_protected(guest_text(vmid), "PROXMOX_PROTECTED_VMIDS", reach.action));
    }
  }
  const bool guests = !reach.changed.empty() || !reach.read.empty();
  if (guests && (scope.limits_nodes() || !scope.protected_tags.empty())) {
    enforce_current(api, scope, reach);
  }
}

bool vmid_taken(pve::Api& api, std::int64_t vmid) {
  try {
    api.get("/cluster/nextid", {{"vmid", std::to_string(vmid)}});
    return false;
  } catch (const pve::Error& e) {
    const auto vmid_error = e.errors().find("vmid");
    if (e.kind() == pve::ErrorKind::kBadRequest && vmid_error != e.errors().end() &&
        vmid_error->second.find("already exists") != std::string::npos) {
      return true;
    }
    throw;
  }
}

Reach reach_of(const About& about, const nlohmann::json& input, bool write,
               const nlohmann::json& args) {
  Reach reach{.write = write, .action = "run " + std::string(about.name) + " on it"};
  for (const char* key : {"node", "target"}) {
    if (std::string node = text_field(args, key); !node.empty()) reach.nodes.push_back(node);
  }
  if (std::optional<std::int64_t> vmid = integer_field(args, "vmid")) {
    // A clone or a backup copies its guest; a backup in stop mode shuts it down first.
    const bool copies = about.copies_guest && text_field(args, "mode") != "stop";
    (write && !copies ? reach.changed : reach.read).push_back(*vmid);
  }
  if (std::optional<std::int64_t> newid = integer_field(args, "newid")) {
    reach.changed.push_back(*newid);
  }
  if (const std::optional<BackupVolume> volume = parse_backup_volid(text_field(args, "volume"))) {
    if (std::optional<std::int64_t> vmid = backup_guest_id(volume->name)) {
      (write ? reach.changed : reach.read).push_back(*vmid);
    }
  }
  // A restore copies the guest whose backup it reads.
  if (std::optional<std::int64_t> source = volume_owner(text_field(args, "archive"))) {
    reach.read.push_back(*source);
  }
  // Cancelling a task stops what it does to its guest.
  if (const std::optional<pve::Upid> upid = pve::Upid::parse(text_field(args, "upid"))) {
    reach.nodes.push_back(upid->node);
    if (std::optional<std::int64_t> vmid = guest_id(upid->id)) {
      (write ? reach.changed : reach.read).push_back(*vmid);
    }
  }
  const nlohmann::json* properties = input.contains("properties") ? &input["properties"] : nullptr;
  for (const char* key : {"newid", "vmid"}) {
    if (write && reach.picks_id.empty() && properties != nullptr && properties->contains(key) &&
        !args.contains(key)) {
      reach.picks_id = key;
    }
  }
  return reach;
}

}  // namespace tools
