// What create_vm and create_lxc share: the new guest's id, the storage checks, the request
// and the fields of its answer.
#include "tools/guest_create.h"

#include <algorithm>

#include "pve/error.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/values.h"

namespace tools::create {
namespace {

using nlohmann::json;

std::string content_phrase(std::string_view content) {
  if (content == "images") return "VM disk images";
  if (content == "rootdir") return "container volumes";
  if (content == "iso") return "ISO images";
  if (content == "vztmpl") return "container templates";
  return std::string(content);
}

bool allows(const json& storage, std::string_view content) {
  std::string list = "," + text_field(storage, "content") + ",";
  return list.find("," + std::string(content) + ",") != std::string::npos;
}

bool inactive(const json& storage) {
  return storage.contains("active") && !flag_field(storage, "active");
}

// "local-lvm, ceph": the node's active storages that allow `content`.
std::string candidates(const json& list, std::string_view content) {
  std::vector<std::string> ids;
  for (const auto& s : list) {
    if (s.is_object() && allows(s, content) && !inactive(s))
      ids.push_back(text_field(s, "storage"));
  }
  std::sort(ids.begin(), ids.end());
  std::string text;
  for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text.empty() ? "none" : text;
}

// One storage a create needs, in the node's storage list: present, holding the content, active.
void check_storage(const json& list, const StorageNeed& need, const std::string& node) {
  const std::string what = content_phrase(need.content);
  auto it = std::find_if(list.begin(), list.end(), [&need](const json& s) {
    return s.is_object() && text_field(s, "storage") == need.storage;
  });
  std::string problem;
  if (it == list.end()) {
    problem = "is not available on node " + node;
  } else if (!allows(*it, need.content)) {
    problem = "on node " + node + " does not hold " + what +
              " (its content types: " + text_field(*it, "content") + ")";
  } else if (inactive(*it)) {
    problem = "on node " + node + " is not active (Proxmox cannot reach it now)";
  }
  if (!problem.empty()) {
    throw ArgError("Invalid argument '" + std::string(need.argument) + "': storage '" +
                   need.storage + "' " + problem + "; storages there for " + what + ": " +
                   candidates(list, need.content));
  }
}

}  // namespace

NewGuest new_guest(pve::Api& api, const NewGuestArgs& args, GuestType type) {
  const std::string& node = args.node;
  if (args.vmid) return {{node, type, *args.vmid}, false};
  json next = api.get("/cluster/nextid", {});
  std::optional<std::int64_t> vmid = integer_field(json{{"id", next}}, "id");
  if (!vmid || *vmid < kMinVmid || *vmid > kMaxVmid) {
    throw ArgError("Unexpected response from Proxmox: /cluster/nextid gave " + next.dump() +
                   ", not a VM ID; give vmid explicitly");
  }
  return {{node, type, *vmid}, true};
}

void check_storages(pve::Api& api, const std::string& node, const std::vector<StorageNeed>& needs) {
  json list;
  try {
    list = api.get(pve::path({"nodes", node, "storage"}), {});
  } catch (const pve::Error& e) {
    if (e.kind() != pve::ErrorKind::kPermission) throw;
    return;
  }
  if (!list.is_array()) return;
  for (const StorageNeed& need : needs) check_storage(list, need, node);
}

Created post_create(pve::Api& api, const GuestTarget& guest, const pve::Params& params,
                    std::string_view disk_key, const FollowOptions& follow, mcp::CallContext& ctx) {
  Created created;
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(guest.type, "create"), [&] {
    return api.post(pve::path({"nodes", guest.node, guest_type_name(guest.type)}), params);
  });
  created.task = follow_task(api, answer, guest.node, follow, ctx);
  if (!outcome_done(created.task)) return created;
  if (std::optional<SettledConfig> settled = settled_config(api, guest)) {
    const json& config = settled->current;
    created.volume = devices::volume_of(devices::value(config, disk_key));
    if (config.contains("net0")) created.net0 = devices::value(config, "net0");
  }
  return created;
}

json created_fields(const NewGuest& guest, const Created& created, const std::string& gib,
                    const std::string& storage, const pve::Params& params,
                    std::string_view secret) {
  json out = guest.target.fields();
  out["vmid_source"] = guest.vmid_from_nextid ? "nextid" : "given";
  out["size_gib"] = std::stod(gib);
  out["storage"] = storage;
  json sent = json::object();
  for (const auto& [key, value] : params) {
    if (key != secret) sent[key] = value;
  }
  out["sent"] = std::move(sent);
  if (!created.volume.empty()) out["volume"] = created.volume;
  if (created.net0) out["net0"] = *created.net0;
  return out;
}

std::string vmid_bullet(const NewGuest& guest) {
  return md::bullet("VM ID", std::to_string(guest.target.vmid) +
                                 (guest.vmid_from_nextid ? " (the next free ID)" : "")) +
         "\n";
}

std::string start_bullets(bool start, bool onboot) {
  std::string text;
  if (start) text += md::bullet("Start", "after creation") + "\n";
  if (onboot) text += md::bullet("Start at Boot", "yes") + "\n";
  return text;
}

}  // namespace tools::create
