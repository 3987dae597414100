// POST /nodes/{node}/{qemu,lxc}/{vmid}/template, as qemu-server's and pve-container's `template`
// (API2/Qemu.pm, API2/LXC.pm): refused for a locked guest, one with snapshots, a template and a
// running guest; the worker (qmtemplate, vztemplate) sets `template: 1` and turns each disk into
// a base volume (vdisk_create_base: "vm-106-disk-0" → "base-106-disk-0"). The qemu endpoint
// answers with the UPID, the lxc one with null while its worker runs on.
#include <functional>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

// load_and_check (qemu) / updatefn (lxc): PVE's refusal text, or "".
std::string template_refusal(const Guest& guest, bool one_disk) {
  const bool qemu = guest.type == GuestType::kQemu;
  const char* kind = qemu ? "VM" : "CT";
  if (const std::string lock = guest_lock(guest); !lock.empty()) {
    return std::string(kind) + " is locked (" + lock + ")";
  }
  if (!guest.snapshots.empty()) {
    return std::string("unable to create template, because ") + kind + " contains snapshots";
  }
  if (guest_is_template(guest) && !one_disk) return "you can't convert a template to a template";
  if (guest.running) {
    return qemu ? "you can't convert a VM to template if VM is running"
                : "you can't convert a CT to template if the CT is running";
  }
  return "";
}

// template_create: `template: 1`, and each disk (only `disk` when given) on a base volume.
std::function<void()> create_template(ClusterState& state, int vmid, const std::string& disk) {
  return [&state, vmid, disk] {
    auto it = state.guests.find(vmid);
    if (it == state.guests.end()) return;
    Guest& guest = it->second;
    guest.config["template"] = 1;
    for (const auto& [key, volid] : guest_disks(guest, false)) {
      if (!disk.empty() && key != disk) continue;
      const std::string text = guest.config[key].get<std::string>();
      guest.config[key] = make_base_volume(state, guest.node, volid) + text.substr(volid.size());
    }
  };
}

}  // namespace

ApiResponse post_qemu_template(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  if (guest == nullptr) return config_missing(GuestType::kQemu, node, request_vmid(request));
  const std::string disk = param_string(request, "disk").value_or("");
  if (const std::string refusal = template_refusal(*guest, !disk.empty()); !refusal.empty()) {
    return ApiResponse::error(500, refusal + "\n");
  }
  const std::string id = std::to_string(guest->vmid);
  return ApiResponse::ok(start_request_task(state, request, "qmtemplate", id, "OK", {},
                                            create_template(state, guest->vmid, disk)));
}

ApiResponse post_lxc_template(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  if (guest == nullptr) return config_missing(GuestType::kLxc, node, request_vmid(request));
  if (const std::string refusal = template_refusal(*guest, false); !refusal.empty()) {
    return ApiResponse::error(500, refusal + "\n");
  }
  for (const auto& [key, value] : guest->config.items()) {
    const std::string text = config_value_text(value);
    if (is_guest_disk_key(GuestType::kLxc, key) && volid_storage(text).empty()) {
      return failed_guest_task(
          state, request, "vztemplate",
          "Template feature is not available for '" + text.substr(0, text.find(',')) + "'");
    }
  }
  start_request_task(state, request, "vztemplate", std::to_string(guest->vmid), "OK", {},
                     create_template(state, guest->vmid, ""));
  return ApiResponse::ok(nullptr);
}

}  // namespace pvesim
