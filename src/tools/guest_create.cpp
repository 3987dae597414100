// What create_vm and create_lxc share: the new guest's id, the storage checks, the request
// and the facts of its answer.
#include "tools/guest_create.h"

#include <algorithm>

#include "pve/error.h"
#include "tools/args.h"
#include "tools/guest_devices.h"
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

WriteRequest create_request(pve::Api& api, const GuestTarget& guest, pve::Params params) {
  WriteRequest request =
      task_request(guest, guest_task_type(guest.type, "create"),
                   [&api, path = pve::path({"nodes", guest.node, guest_type_name(guest.type)}),
                    params = std::move(params)] { return api.post(path, params); });
  request.read_back = guest;
  return request;
}

void add_opening(std::vector<Fact>& facts, const NewGuest& guest, std::string label,
                 std::string key, const std::string& name) {
  const GuestTarget& target = guest.target;
  facts.push_back(fact(
      "VM ID", std::to_string(target.vmid) + (guest.vmid_from_nextid ? " (the next free ID)" : ""),
      "vmid", target.vmid));
  facts.push_back(fact(std::move(label), name, std::move(key), name));
  facts.push_back(fact("Node", target.node, "node", target.node));
  facts.push_back(field("type", guest_type_name(target.type)));
  facts.push_back(field("vmid_source", guest.vmid_from_nextid ? "nextid" : "given"));
}

void add_disk_and_network(std::vector<Fact>& facts, const NewDisk& disk, const std::string& net0,
                          const WriteOutcome& outcome) {
  std::string volume;
  std::optional<std::string> stored_net0;
  if (outcome.after) {
    const json& config = outcome.after->current;
    volume = devices::volume_of(devices::value(config, disk.key));
    if (config.contains("net0")) stored_net0 = devices::value(config, "net0");
  }
  const std::string where = disk.prefix + disk.gib + " GiB on " + disk.storage;
  facts.push_back(volume.empty() ? shown(disk.label, where)
                                 : fact(disk.label, where + " (" + volume + ")", "volume", volume));
  facts.push_back(field("size_gib", std::stod(disk.gib)));
  facts.push_back(field("storage", disk.storage));
  facts.push_back(stored_net0 ? fact("Network", *stored_net0, "net0", *stored_net0)
                              : shown("Network", net0));
}

void add_closing(std::vector<Fact>& facts, const NewGuestArgs& args, const pve::Params& params,
                 std::string_view secret) {
  if (args.start) facts.push_back(shown("Start", "after creation"));
  if (args.onboot) facts.push_back(shown("Start at Boot", "yes"));
  json sent = json::object();
  for (const auto& [key, value] : params) {
    if (key != secret) sent[key] = value;
  }
  facts.push_back(field("sent", std::move(sent)));
}

}  // namespace tools::create
