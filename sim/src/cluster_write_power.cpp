// Power actions for qemu and lxc: POST …/status/{start,stop,shutdown,reboot,suspend,resume}.
// Which checks are synchronous (HTTP 500) and which fail inside the worker follows
// qemu-server's API2/Qemu.pm + QemuServer::vm_start/vm_stop and pve-container's
// API2/LXC/Status.pm. The runtime state changes when the task finishes.
#include <sstream>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"
#include "pending_apply.h"

namespace pvesim {
namespace {

enum class PowerAction { kStart, kStop, kShutdown, kReboot, kSuspend, kResume };

const char* worker_type(GuestType type, PowerAction action) {
  const bool qemu = type == GuestType::kQemu;
  switch (action) {
    case PowerAction::kStart:
      return qemu ? "qmstart" : "vzstart";
    case PowerAction::kStop:
      return qemu ? "qmstop" : "vzstop";
    case PowerAction::kShutdown:
      return qemu ? "qmshutdown" : "vzshutdown";
    case PowerAction::kReboot:
      return qemu ? "qmreboot" : "vzreboot";
    case PowerAction::kSuspend:
      return qemu ? "qmpause" : "vzsuspend";
    case PowerAction::kResume:
      return qemu ? "qmresume" : "vzresume";
  }
  return "";
}

// The runtime change the worker makes, applied when the task ends.
void apply_action(ClusterState& state, int vmid, PowerAction action) {
  auto it = state.guests.find(vmid);
  if (it == state.guests.end()) return;
  Guest& guest = it->second;
  switch (action) {
    case PowerAction::kStart: {
      // vm_start applies the pending section first; what fails to apply stays pending (PVE
      // only warns).
      std::vector<std::string> log;
      apply_pending(state, guest, log);
      start_guest_runtime(guest, state.now_ms());
      // A VM resumed from hibernation drops its `suspended` lock.
      if (guest_lock(guest) == "suspended") guest.config.erase("lock");
      break;
    }
    case PowerAction::kStop:
    case PowerAction::kShutdown:
      stop_guest_runtime(guest);
      break;
    case PowerAction::kReboot: {
      // A reboot through the API is a shutdown and a start, so it applies pending changes
      // too (the endpoint's description says so for qemu and lxc).
      stop_guest_runtime(guest);
      std::vector<std::string> log;
      apply_pending(state, guest, log);
      start_guest_runtime(guest, state.now_ms());
      break;
    }
    case PowerAction::kSuspend:
      guest.paused = true;
      guest.cpu = 0;
      break;
    case PowerAction::kResume:
      guest.paused = false;
      guest.cpu = 0.02;
      break;
  }
}

// The worker's die text, without the newline the HTTP error carries.
std::string missing_config_text(GuestType type, const std::string& node, long long vmid) {
  std::string text = config_missing(type, node, vmid).message;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string locked_text(const Guest& guest) {
  return std::string(guest_kind(guest.type)) + " is locked (" + guest_lock(guest) + ")";
}

// What qemu-server's vm_start_nolock prints before QEMU runs: apply_cloudinit_config's
// "generating cloud-init ISO", check_efi_vars' note on the 2023 UEFI certificates and, from
// config_to_command, OVMF's temporary efivars. log_warn counts, so such a start ends
// "WARNINGS: n".
struct StartLog {
  std::vector<std::string> lines;
  int warnings = 0;
  void warn(const std::string& text) {
    std::istringstream parts(text);
    for (std::string line; std::getline(parts, line);) lines.push_back(line);
    ++warnings;
  }
};

StartLog qemu_start_log(const Guest& guest) {
  StartLog out;
  for (const auto& [key, value] : guest.config.items()) {
    if (value.is_string() && value.get<std::string>().find("cloudinit") != std::string::npos &&
        is_guest_disk_key(GuestType::kQemu, key)) {
      out.lines.emplace_back("generating cloud-init ISO");
      break;
    }
  }
  if (guest.config.value("bios", std::string()) != "ovmf") return out;
  const auto efidisk = guest.config.find("efidisk0");
  if (efidisk == guest.config.end()) {
    out.warn("WARN: no efidisk configured! Using temporary efivars disk.");
    return out;
  }
  const std::string efi = config_value_text(*efidisk);
  if (property_value(efi, "pre-enrolled-keys").value_or("0") == "1" &&
      property_value(efi, "ms-cert") != std::optional<std::string>("2023k")) {
    out.warn(
        "WARN: EFI disk without 'ms-cert=2023k' option, suggesting that not all UEFI 2023\n"
        "certificates from Microsoft are enrolled yet.");
    for (const char* line :
         {"The UEFI 2011 certificates expire in June 2026! The new certificates are required",
          "for secure boot update for Windows and common Linux distributions.",
          "Use 'Disk Action > Enroll Updated Certificates' in the UI or, while the VM is",
          "shut down, run 'qm enroll-efi-keys VMID' to enroll the new certificates.", "",
          "For Windows with BitLocker, run the following command inside Powershell:",
          "  manage-bde -protectors -disable <drive>",
          "for each drive with BitLocker (for example, <drive> could be 'C:').",
          "This is required for each drive with BitLocker before proceeding with enrollment.",
          "Otherwise, you will be prompted for the BitLocker recovery key on the next boot."}) {
      std::string text = line;
      if (const auto at = text.find("VMID"); at != std::string::npos) {
        text.replace(at, 4, std::to_string(guest.vmid));
      }
      out.lines.push_back(text);
    }
  }
  return out;
}

// qemu: only the reboot, suspend and resume handlers test for a running VM up front; start,
// stop and shutdown find out inside the worker (a missing config fails the task there too).
ApiResponse qemu_power(ClusterState& state, const ApiRequest& request, PowerAction action) {
  const char* worker = worker_type(GuestType::kQemu, action);
  const long long vmid = request_vmid(request);
  const std::string node = param_string(request, "node").value_or("");
  const bool skiplock = param_bool(request, "skiplock", false);
  if (skiplock && request.auth_id != "root@pam") {
    return param_error("skiplock", "Only root may use this option.");
  }
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  const bool sync_running_check = action == PowerAction::kReboot ||
                                  action == PowerAction::kSuspend || action == PowerAction::kResume;
  if (sync_running_check) {
    if (guest == nullptr) return config_missing(GuestType::kQemu, node, vmid);
    if (!guest->running) {
      return ApiResponse::error(500, "VM " + std::to_string(vmid) + " not running\n");
    }
  }
  if (action == PowerAction::kShutdown && guest != nullptr && guest->paused &&
      !param_bool(request, "forceStop", false)) {
    return ApiResponse::error(500, "VM is paused - cannot shutdown\n");
  }
  if (guest == nullptr) {
    return failed_guest_task(state, request, worker,
                             missing_config_text(GuestType::kQemu, node, vmid));
  }
  if (action == PowerAction::kStart && guest_is_template(*guest)) {
    return failed_guest_task(state, request, worker, "you can't start a vm if it's a template");
  }
  const std::string lock = guest_lock(*guest);
  const bool lock_allowed = skiplock || (action == PowerAction::kStart && lock == "suspended");
  if (!lock.empty() && !lock_allowed) {
    return failed_guest_task(state, request, worker, locked_text(*guest));
  }
  if (action == PowerAction::kStart && guest->running) {
    return failed_guest_task(state, request, worker,
                             "VM " + std::to_string(vmid) + " already running");
  }
  const int id = guest->vmid;
  StartLog log;
  if (action == PowerAction::kStart || action == PowerAction::kReboot) log = qemu_start_log(*guest);
  const std::string exitstatus =
      log.warnings > 0 ? "WARNINGS: " + std::to_string(log.warnings) : std::string("OK");
  return ApiResponse::ok(start_request_task(
      state, request, worker, std::to_string(id), exitstatus, std::move(log.lines),
      [&state, id, action] { apply_action(state, id, action); }));
}

// lxc: the handlers test check_running before forking, so those are HTTP 500s.
ApiResponse lxc_power(ClusterState& state, const ApiRequest& request, PowerAction action) {
  const char* worker = worker_type(GuestType::kLxc, action);
  const long long vmid = request_vmid(request);
  const std::string node = param_string(request, "node").value_or("");
  const bool skiplock = param_bool(request, "skiplock", false);
  if (skiplock && request.auth_id != "root@pam") {
    return param_error("skiplock", "Only root may use this option.");
  }
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  const bool running = guest != nullptr && guest->running;
  const std::string ct = "CT " + std::to_string(vmid);
  if (action == PowerAction::kStart && running) {
    return ApiResponse::error(500, ct + " already running\n");
  }
  if (action != PowerAction::kStart && !running) {
    return ApiResponse::error(500, ct + " not running\n");
  }
  if (guest == nullptr) {
    return failed_guest_task(state, request, worker,
                             missing_config_text(GuestType::kLxc, node, vmid));
  }
  if (action == PowerAction::kStart && guest_is_template(*guest)) {
    return failed_guest_task(state, request, worker, "you can't start a CT if it's a template");
  }
  if (!guest_lock(*guest).empty() && !skiplock && action != PowerAction::kResume) {
    return failed_guest_task(state, request, worker, locked_text(*guest));
  }
  const int id = guest->vmid;
  return ApiResponse::ok(
      start_request_task(state, request, worker, std::to_string(id), "OK", {},
                         [&state, id, action] { apply_action(state, id, action); }));
}

}  // namespace

ApiResponse post_qemu_start(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kStart);
}
ApiResponse post_qemu_stop(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kStop);
}
ApiResponse post_qemu_shutdown(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kShutdown);
}
ApiResponse post_qemu_reboot(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kReboot);
}
ApiResponse post_qemu_suspend(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kSuspend);
}
ApiResponse post_qemu_resume(ClusterState& state, const ApiRequest& request) {
  return qemu_power(state, request, PowerAction::kResume);
}
ApiResponse post_lxc_start(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kStart);
}
ApiResponse post_lxc_stop(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kStop);
}
ApiResponse post_lxc_shutdown(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kShutdown);
}
ApiResponse post_lxc_reboot(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kReboot);
}
ApiResponse post_lxc_suspend(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kSuspend);
}
ApiResponse post_lxc_resume(ClusterState& state, const ApiRequest& request) {
  return lxc_power(state, request, PowerAction::kResume);
}

}  // namespace pvesim
