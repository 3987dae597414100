#include "tools/api_guard.h"

#include <algorithm>

#include "apischema/named_formats.h"
#include "pve/property_string.h"
#include "tools/guest_devices.h"

namespace tools {

namespace {

constexpr std::string_view kQemuGuest = "/nodes/{node}/qemu/{vmid}";
constexpr std::string_view kLxcGuest = "/nodes/{node}/lxc/{vmid}";

std::string text_of(const nlohmann::json& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool set(const nlohmann::json& params, const char* key) {
  const std::string value = text_of(params, key);
  return value == "1" || value == "true";
}

std::optional<GuestAtRisk> at_risk(const nlohmann::json& params, GuestType type,
                                   std::string action) {
  const std::optional<std::int64_t> vmid = guest_id(text_of(params, "vmid"));
  GuestAtRisk risk{text_of(params, "node"), type, vmid.value_or(0), std::move(action)};
  if (!vmid || risk.node.empty()) {
    return std::nullopt;  // the schema requires both; nothing to look up without them
  }
  return risk;
}

// What `method` on `rest` (the part of the path after the guest) does to the guest.
std::optional<std::string> action_on_guest(std::string_view method, std::string_view rest,
                                           const nlohmann::json& params) {
  if (method == "DELETE") {
    return rest.empty() ? "delete it" : "send DELETE …" + std::string(rest) + " to it";
  }
  if (method == "POST" && rest.starts_with("/snapshot/") && rest.ends_with("/rollback")) {
    return "roll it back";
  }
  if (method == "POST" && rest == "/template") return "convert it to a template";
  if ((method == "POST" || method == "PUT") && rest == "/config" && params.contains("protection")) {
    return "change its protection";  // lifting it would open the way for every other call
  }
  if ((method == "POST" || method == "PUT") && rest == "/config" && params.contains("delete")) {
    return "delete keys of its config (" + text_of(params, "delete") + ")";
  }
  const bool move = method == "POST" && (rest == "/move_disk" || rest == "/move_volume");
  if (move && params.contains("target-vmid")) {
    return "give one of its disks to guest " + text_of(params, "target-vmid");
  }
  if (move && set(params, "delete")) return "delete the source of a moved disk";
  if (method == "PUT" && rest == "/unlink") return "unlink disks from it";
  if (method == "POST" && rest == "/remote_migrate" && set(params, "delete")) {
    return "delete it once it has moved to another cluster";
  }
  // The guest agent changes the guest from inside, as the exec tool does.
  if (method == "POST" && rest == "/agent/exec") return "run a command inside it";
  if (method == "POST" && rest == "/agent/file-write") return "write a file inside it";
  if (method == "POST" && rest == "/agent/set-user-password") return "set a password inside it";
  return std::nullopt;
}

std::optional<std::pair<GuestType, std::string_view>> guest_path(std::string_view template_path) {
  for (const auto& [prefix, type] :
       {std::pair{kQemuGuest, GuestType::kQemu}, std::pair{kLxcGuest, GuestType::kLxc}}) {
    if (!template_path.starts_with(prefix)) continue;
    const std::string_view rest = template_path.substr(prefix.size());
    if (!rest.empty() && rest.front() != '/') continue;
    return std::pair{type, rest};
  }
  return std::nullopt;
}

}  // namespace

std::optional<GuestAtRisk> guest_at_risk(std::string_view method, std::string_view template_path,
                                         const nlohmann::json& params) {
  if (const auto guest = guest_path(template_path)) {
    if (auto action = action_on_guest(method, guest->second, params)) {
      return at_risk(params, guest->first, std::move(*action));
    }
    return std::nullopt;
  }
  // A restore (create from an archive) with force replaces the guest that has its ID.
  if (method == "POST" && set(params, "force") &&
      (template_path == "/nodes/{node}/qemu" || template_path == "/nodes/{node}/lxc")) {
    const GuestType type = template_path.ends_with("/lxc") ? GuestType::kLxc : GuestType::kQemu;
    return at_risk(params, type, "restore a backup over it");
  }
  return std::nullopt;
}

namespace {

// Whether a config write's `delete` names a disk, a mount point or an unused volume: what
// remove_disk_vm and remove_mountpoint_lxc send.
bool deletes_volume(GuestType type, const nlohmann::json& params) {
  for (const std::string& key : apischema::split_pve_list(text_of(params, "delete"))) {
    // qemu-server reads `cdrom` as ide2.
    if (devices::holds_volume(type, key) || key == "cdrom") return true;
  }
  return false;
}

}  // namespace

bool confirms_api_request(std::string_view method, std::string_view template_path,
                          const nlohmann::json& params) {
  if (const auto guest = guest_path(template_path)) {
    const std::string_view rest = guest->second;
    if (method == "DELETE") return rest.empty();  // delete_vm, delete_lxc
    if (method == "POST" && rest == "/status/stop") return true;
    // A shutdown that force-stops after a timeout of the caller's choosing is a stop: the
    // curated shutdown tools never send one.
    if (method == "POST" && rest == "/status/shutdown" && set(params, "forceStop") &&
        params.contains("timeout")) {
      return true;
    }
    if (method == "POST" && rest.starts_with("/snapshot/") && rest.ends_with("/rollback")) {
      return true;
    }
    // unlink detaches disks as remove_disk_vm does, and with force destroys them.
    if (method == "PUT" && rest == "/unlink") return true;
    if (method == "POST" && rest == "/remote_migrate" && set(params, "delete")) return true;
    return (method == "POST" || method == "PUT") && rest == "/config" &&
           deletes_volume(guest->first, params);
  }
  // A restore with force replaces a guest (restore_backup with force); a content DELETE is what
  // delete_backup sends, and a disk image deleted is gone just the same; pruning deletes backups;
  // stopall, and a node shut down or rebooted, stop guests.
  if (method == "POST" && set(params, "force") &&
      (template_path == "/nodes/{node}/qemu" || template_path == "/nodes/{node}/lxc")) {
    return true;
  }
  if (method == "DELETE") {
    return template_path == "/nodes/{node}/storage/{storage}/content/{volume}" ||
           template_path == "/nodes/{node}/storage/{storage}/prunebackups";
  }
  // A bulk shutdown force-stops what does not shut down in time, as stopall does.
  return method == "POST" &&
         (template_path == "/nodes/{node}/stopall" || template_path == "/nodes/{node}/status" ||
          template_path == "/cluster/bulk-action/guest/shutdown");
}

std::optional<GuestTarget> api_path_guest(std::string_view template_path,
                                          const nlohmann::json& params) {
  const std::optional<std::int64_t> vmid = guest_id(text_of(params, "vmid"));
  if (!vmid || text_of(params, "node").empty()) return std::nullopt;
  if (const auto guest = guest_path(template_path)) {
    return GuestTarget{text_of(params, "node"), guest->first, *vmid};
  }
  // A create or restore (POST …/qemu, …/lxc) names the guest it would replace.
  if (template_path == "/nodes/{node}/qemu" || template_path == "/nodes/{node}/lxc") {
    const GuestType type = template_path.ends_with("/lxc") ? GuestType::kLxc : GuestType::kQemu;
    return GuestTarget{text_of(params, "node"), type, *vmid};
  }
  return std::nullopt;
}

namespace {

// A parameter's values as text: one for a string, each item of an array. An indexed name
// ("scsi[n]") takes the values of every key it stands for (scsi0, scsi1, …).
std::vector<std::string> values_of(const nlohmann::json& params, const std::string& name) {
  std::vector<std::string> out;
  const auto take = [&out](const nlohmann::json& value) {
    if (value.is_string()) out.push_back(value.get<std::string>());
    if (!value.is_array()) return;
    for (const nlohmann::json& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  };
  if (!name.ends_with("[n]")) {
    if (auto it = params.find(name); it != params.end()) take(*it);
    return out;
  }
  const std::string_view prefix = std::string_view(name).substr(0, name.size() - 3);
  for (const auto& [key, value] : params.items()) {
    const std::string_view index =
        std::string_view(key).substr(std::min(key.size(), prefix.size()));
    if (key.starts_with(prefix) && !index.empty() &&
        index.find_first_not_of("0123456789") == std::string_view::npos) {
      take(value);
    }
  }
  return out;
}

// The volumes a disk or mount point value names, by its property-string format: its default
// key's ("local-lvm:vm-101-disk-0,size=32G", "file=…") and every alias's (Proxmox applies an
// alias after its duplicate check, so "…,volume=…" counts too), and the one it is imported from;
// nothing for a parameter of another kind.
struct DriveVolumes {
  std::vector<std::string> attached;
  std::string import_from;
};
std::optional<DriveVolumes> drive_volumes(const apischema::Parameter& parameter,
                                          const std::string& value) {
  nlohmann::json format = parameter.schema == nullptr
                              ? nlohmann::json()
                              : parameter.schema->value("format", nlohmann::json());
  // qemu-server reads `cdrom` as ide2, a drive like any other (its format is named pve-qm-ide).
  if (parameter.name == "cdrom") {
    format = {{"file", {{"default_key", 1}, {"format", "pve-volume-id-or-qm-path"}}},
              {"volume", {{"alias", "file"}}}};
  }
  if (!format.is_object()) return std::nullopt;
  // Only a key whose values are volumes: other formats have default keys too (a link's address,
  // an ACME domain, a USB host).
  std::string key;
  for (const auto& [name, spec] : format.items()) {
    if (!spec.is_object() || !spec.contains("default_key")) continue;
    const std::string kind = spec.value("format", std::string());
    if (kind == "pve-volume-id" || kind == "pve-volume-id-or-qm-path" ||
        kind == "pve-lxc-mp-string") {
      key = name;
    }
  }
  if (key.empty()) return std::nullopt;
  std::vector<std::string> names = {key};
  for (const auto& [name, spec] : format.items()) {
    if (spec.is_object() && spec.value("alias", std::string()) == key) names.push_back(name);
  }
  try {
    const pve::PropertyString parsed = pve::PropertyString::parse(value, key);
    DriveVolumes volumes{.attached = {}, .import_from = parsed.get("import-from").value_or("")};
    for (const std::string& name : names) {
      if (std::optional<std::string> volume = parsed.get(name)) volumes.attached.push_back(*volume);
    }
    return volumes;
  } catch (const pve::PropertyStringError&) {
    throw Refusal("'" + parameter.name + "' is not a disk value this server can read (" + value +
                  "), so it cannot check whose volume it names.");
  }
}

// The named format of a parameter, or of its items when it is an array.
std::string format_of(const apischema::Parameter& parameter) {
  if (!parameter.format.empty() || parameter.schema == nullptr) return parameter.format;
  const nlohmann::json& items = parameter.schema->value("items", nlohmann::json::object());
  return items.is_object() ? items.value("format", std::string()) : std::string();
}

// Requests that act on every guest of a node, a pool or the cluster when no list narrows them.
bool every_guest(const apischema::Endpoint& endpoint, const nlohmann::json& params) {
  const std::string& path = endpoint.path;
  const bool listed = params.contains("vms") || params.contains("vmid");
  if (endpoint.method == "GET") return false;
  if (path == "/nodes/{node}/stopall" || path == "/nodes/{node}/startall" ||
      path == "/nodes/{node}/suspendall" || path == "/nodes/{node}/migrateall" ||
      path.starts_with("/cluster/bulk-action/guest/") ||
      path == "/nodes/{node}/storage/{storage}/prunebackups") {
    return !listed;
  }
  // A backup job of every guest or of a pool: when it runs, its `mode=stop` or pruning reach
  // guests no check of ours sees.
  if (path == "/nodes/{node}/vzdump" || path == "/cluster/backup" ||
      path == "/cluster/backup/{id}") {
    return set(params, "all") || params.contains("pool");
  }
  return path == "/nodes/{node}/status";  // a node shut down or rebooted takes its guests along
}

}  // namespace

Reach api_call_reach(const apischema::Endpoint& endpoint, const nlohmann::json& params) {
  Reach reach{.write = endpoint.method != "GET", .every_guest = every_guest(endpoint, params)};
  const bool copies =
      (endpoint.path.ends_with("/clone") || endpoint.path == "/nodes/{node}/vzdump") &&
      text_of(params, "mode") != "stop";
  const auto add = [&](std::optional<std::int64_t> vmid, bool changes) {
    if (vmid) (changes ? reach.changed : reach.read).push_back(*vmid);
  };
  for (const apischema::Parameter& parameter : endpoint.parameters) {
    const std::string format = format_of(parameter);
    const bool changes = reach.write && !(copies && parameter.name == "vmid");
    for (const std::string& value : values_of(params, parameter.name)) {
      if (format == "pve-node" || format == "pve-node-list" || format == "pve-ha-node-list") {
        // An HA node list gives priorities: "pve1:2,pve2".
        for (const std::string& item : apischema::split_pve_list(value)) {
          reach.nodes.push_back(item.substr(0, item.find(':')));
        }
      } else if (format == "pve-vmid" || format == "pve-ha-resource-or-vm-id" ||
                 format == "pve-ha-resource-id" ||
                 (format == "pve-vmid-list" && parameter.name != "exclude") ||
                 format == "pve-ha-resource-id-list") {
        // Proxmox splits lists on ',', ';', blanks and NUL alike; an HA resource ID is "vm:100",
        // "ct:100" or the bare ID. What cannot be read as a guest ID is not let through.
        for (const std::string& item : apischema::split_pve_list(value)) {
          const std::string id =
              item.substr(item.find(':') == std::string::npos ? 0 : item.find(':') + 1);
          const std::optional<std::int64_t> vmid = guest_id(id);
          if (!vmid) {
            throw Refusal("'" + parameter.name + "' names '" + item +
                          "', which this server cannot check against its scope and protected "
                          "guests.");
          }
          add(vmid, changes);
        }
      } else if (parameter.name == "volume" || parameter.name == "archive" ||
                 parameter.name == "ostemplate" || format.starts_with("pve-volume-id")) {
        // A volume belongs to the guest its name carries: deleting it changes that guest. A
        // container restore names its backup as `ostemplate`.
        add(volume_owner(value), endpoint.method == "DELETE");
      } else if (const std::optional<DriveVolumes> drive = drive_volumes(parameter, value)) {
        // Another guest's disk given to this one is written through it; an import copies it.
        for (const std::string& volume : drive->attached) add(volume_owner(volume), reach.write);
        add(volume_owner(drive->import_from), false);
      }
    }
  }
  return reach;
}

}  // namespace tools
