// Backups: POST /nodes/{node}/vzdump writing archives to a backup storage.
//
// Archive names use the guest backup's start time in UTC ("vzdump-qemu-100-2026_11_26-10_00_00
// .vma.zst"); PVE uses the node's local time zone, and simulated nodes run on UTC.
// On a PBS storage the archive is a snapshot "vm/100/2026-11-26T10:00:00Z" (PBSPlugin's volume
// names), deduplicated and compressed whatever `compress` says.
// Not modelled: pruning (`remove`, `prune-backups`), `stdout`.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <regex>
#include <sstream>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "pbs_backup.h"
#include "task_progress.h"
#include "text_concat.h"
#include "time_text.h"

namespace pvesim {
namespace {

// compress 0|1|gzip|lzo|zstd → archive suffix and the share of the guest's data it keeps.
struct Compression {
  std::string suffix;  // "", ".lzo", ".gz", ".zst"
  double ratio = 1.0;
};
Compression compression(const std::string& compress) {
  if (compress == "1" || compress == "lzo") return {".lzo", 0.24};
  if (compress == "gzip") return {".gz", 0.16};
  if (compress == "zstd") return {".zst", 0.14};
  return {"", 1.0};
}

std::vector<int> parse_vmid_list(const std::string& text) {
  std::vector<int> out;
  std::string list = text;
  std::replace_if(
      list.begin(), list.end(), [](char c) { return c == ';' || c == ' ' || c == '\0'; }, ',');
  std::istringstream parts(list);
  for (std::string part; std::getline(parts, part, ',');) {
    if (part.empty()) continue;
    try {
      out.push_back(std::stoi(part));
    } catch (const std::exception&) {
      // The schema's pve-vmid-list format already refused anything else.
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// "vzdump 100 --compress zstd --storage local": the job as PVE echoes it, options sorted.
std::string command_line(const ApiRequest& request, const std::vector<int>& vmids) {
  static const std::regex kPlain("^[\\w\\-.:/@,=]+$");
  std::string out = "vzdump";
  if (request.params.contains("vmid")) {
    for (int vmid : vmids) out += " " + std::to_string(vmid);
  }
  for (const auto& [key, value] : request.params.items()) {  // nlohmann keeps keys sorted
    if (key == "vmid" || key == "node") continue;
    const std::string text = param_string(request, key).value_or("");
    out += " --" + key + " " + (std::regex_match(text, kPlain) ? text : "'" + text + "'");
  }
  return out;
}

// notes-template: {{cluster}}, {{guestname}}, {{node}}, {{vmid}}; "\n" and "\\" escapes.
std::string render_notes(const std::string& tmpl, const ClusterState& state, const Guest& guest) {
  std::string unescaped;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '\\' && i + 1 < tmpl.size() && (tmpl[i + 1] == 'n' || tmpl[i + 1] == '\\')) {
      unescaped += tmpl[i + 1] == 'n' ? '\n' : '\\';
      ++i;
    } else {
      unescaped += tmpl[i];
    }
  }
  const std::pair<std::string, std::string> vars[] = {{"{{cluster}}", state.cluster_name},
                                                      {"{{guestname}}", guest_name(guest)},
                                                      {"{{node}}", guest.node},
                                                      {"{{vmid}}", std::to_string(guest.vmid)}};
  for (const auto& [name, value] : vars) {
    for (auto at = unescaped.find(name); at != std::string::npos;
         at = unescaped.find(name, at + value.size())) {
      unescaped.replace(at, name.size(), value);
    }
  }
  return unescaped;
}

// Bytes of data a backup reads: allocated space of the guest's volumes (zeroes are sparse).
std::int64_t guest_data_bytes(ClusterState& state, const Guest& guest) {
  if (guest.type == GuestType::kLxc && guest.disk_used > 0) return guest.disk_used;
  std::int64_t bytes = 0;
  for (const auto& disk : guest_disks(guest, false)) {
    if (const Volume* volume = find_volume(state, guest.node, disk.volid)) {
      bytes += volume->used >= 0 ? volume->used : volume->size;
    }
  }
  return bytes;
}

// One guest's archive, computed when the job starts and written when it ends.
struct PlannedArchive {
  int vmid = 0;
  Volume volume;
};

bool has_backup_content(const StorageDef& storage) {
  return std::find(storage.content.begin(), storage.content.end(), "backup") !=
         storage.content.end();
}

// vzdump's option checks: one way to pick the guests, and a pool that exists.
std::optional<ApiResponse> selection_error(const ClusterState& state, const ApiRequest& request) {
  const bool all = param_bool(request, "all", false);
  const auto vmid_text = param_string(request, "vmid");
  if (all && vmid_text) return param_error("all", "option conflicts with option 'vmid'");
  if (param_string(request, "exclude") && vmid_text) {
    return param_error("exclude", "option conflicts with option 'vmid'");
  }
  if (param_string(request, "pool") && vmid_text) {
    return param_error("pool", "option conflicts with option 'vmid'");
  }
  if (!all && !vmid_text && !param_string(request, "pool") && !param_bool(request, "stop", false)) {
    return param_error("vmid", "property is missing");
  }
  const auto pool_id = param_string(request, "pool");
  if (pool_id && !state.resource_pools.contains(*pool_id)) {
    return ApiResponse::error(500, "pool '" + *pool_id + "' does not exist\n");
  }
  return std::nullopt;
}

// The guests of this node; others belong to the vzdump of their own node. A VMID that names
// no guest stays, for the job to report.
std::vector<int> local_guests(const ClusterState& state, const ApiRequest& request,
                              const std::string& node) {
  std::vector<int> local;
  const auto vmid_text = param_string(request, "vmid");
  const auto pool_id = param_string(request, "pool");
  if (param_bool(request, "all", false)) {
    const auto excluded = parse_vmid_list(param_string(request, "exclude").value_or(""));
    for (const auto& [vmid, guest] : state.guests) {
      if (guest.node != node) continue;
      if (std::find(excluded.begin(), excluded.end(), vmid) != excluded.end()) continue;
      local.push_back(vmid);
    }
  } else if (pool_id) {
    for (int vmid : state.resource_pools.at(*pool_id).vms) {
      auto it = state.guests.find(vmid);
      if (it != state.guests.end() && it->second.node == node) local.push_back(vmid);
    }
  } else if (vmid_text) {
    for (int vmid : parse_vmid_list(*vmid_text)) {
      auto it = state.guests.find(vmid);
      if (it == state.guests.end() || it->second.node == node) local.push_back(vmid);
    }
  }
  return local;
}

// Datastore.AllocateSpace on the target storage, then VM.Backup on each guest.
std::optional<ApiResponse> permission_error(const ClusterState& state, const ApiRequest& request,
                                            const std::string& storage_id,
                                            const std::vector<int>& vmids) {
  if (!state.access.has_privilege(request.auth_id, "/storage/" + storage_id,
                                  "Datastore.AllocateSpace")) {
    return permission_denied("/storage/" + storage_id, "Datastore.AllocateSpace");
  }
  for (int vmid : vmids) {
    const std::string path = "/vms/" + std::to_string(vmid);
    if (!state.access.has_privilege(request.auth_id, path, "VM.Backup")) {
      return permission_denied(path, "VM.Backup");
    }
  }
  return std::nullopt;
}

// One vzdump run: its options, and what it has logged and planned so far.
struct BackupJob {
  const StorageDef* storage = nullptr;
  std::string storage_id;
  std::string mode;
  Compression packing;
  std::optional<std::string> notes_template;
  bool is_protected = false;
  std::int64_t per_guest = 0;   // seconds each guest's backup takes
  std::int64_t free_bytes = 0;  // what the storage has left for the archives to come
  std::vector<std::string> log;
  std::vector<PlannedArchive> archives;
  std::vector<int> locked;  // the guests that hold `lock: backup` until the task ends
  int errors = 0;
};

// The archive volume of a guest's backup, with the config vzdump stores in it.
PlannedArchive plan_archive(const ClusterState& state, BackupJob& job, const Guest& guest,
                            const std::string& filename, const std::string& format,
                            std::int64_t size, std::int64_t started) {
  PlannedArchive archive;
  archive.vmid = guest.vmid;
  archive.volume.volid = concat(job.storage_id, ":backup/", filename);
  archive.volume.content = "backup";
  archive.volume.format = format;
  archive.volume.size = size;
  archive.volume.ctime = started;
  archive.volume.vmid = guest.vmid;
  archive.volume.is_protected = job.is_protected;
  if (job.notes_template) {
    archive.volume.notes = render_notes(*job.notes_template, state, guest);
    job.log.push_back("INFO: adding notes to backup");
  }
  if (job.is_protected) job.log.push_back("INFO: marking backup as protected");
  Json config = guest.config;
  config.erase("lock");
  config.erase("parent");
  archive.volume.backup_config = std::move(config);
  return archive;
}

// Where a guest's backup goes: its name on the storage, format, the log line that names it, and
// the share of the guest's data it keeps.
struct ArchiveName {
  std::string filename;  // "vzdump-qemu-100-2026_11_26-10_00_00.vma.zst" | "vm/100/2026-…Z"
  std::string format;    // "vma.zst" | "pbs-vm"
  std::string creating;  // "INFO: creating vzdump archive '/var/lib/vz/dump/…'"
  double ratio = 1.0;
  bool pbs = false;
};

ArchiveName archive_name(const BackupJob& job, const Guest& guest, std::int64_t started) {
  ArchiveName out;
  if (job.storage->type == "pbs") {
    out.filename = pbs_snapshot_name(guest.type, guest.vmid, started);
    out.format = guest.type == GuestType::kLxc ? "pbs-ct" : "pbs-vm";
    out.creating = "INFO: creating Proxmox Backup Server archive '" + out.filename + "'";
    out.ratio = compression("zstd").ratio;
    out.pbs = true;
    return out;
  }
  const bool qemu = guest.type == GuestType::kQemu;
  out.filename = concat("vzdump-", guest_type_name(guest.type), "-", std::to_string(guest.vmid),
                        "-", utc_time(started, "%Y_%m_%d-%H_%M_%S"));
  out.format = std::string(qemu ? "vma" : "tar") + job.packing.suffix;
  out.filename += "." + out.format;
  out.creating = "INFO: creating vzdump archive '" + storage_path(*job.storage) + "/dump/" +
                 out.filename + "'";
  out.ratio = job.packing.ratio;
  return out;
}

// One guest's part of the job log; a failure is logged and counted, and the job goes on.
void back_up_guest(ClusterState& state, BackupJob& job, int vmid, std::int64_t started) {
  std::vector<std::string>& log = job.log;
  const std::string id = std::to_string(vmid);
  auto it = state.guests.find(vmid);
  if (it == state.guests.end()) {
    log.push_back(concat("ERROR: Backup of VM ", id, " failed - unable to find VM '", id, "'"));
    ++job.errors;
    return;
  }
  Guest& guest = it->second;
  const bool qemu = guest.type == GuestType::kQemu;
  log.push_back("INFO: Starting Backup of VM " + id + " (" + guest_type_name(guest.type) + ")");
  log.push_back("INFO: Backup started at " + utc_time(started, "%Y-%m-%d %H:%M:%S"));
  if (!guest_lock(guest).empty()) {
    log.push_back("ERROR: Backup of VM " + id + " failed - " + guest_kind(guest.type) +
                  " is locked (" + guest_lock(guest) + ")");
    ++job.errors;
    return;
  }
  const ArchiveName archive = archive_name(job, guest, started);
  const std::int64_t data = guest_data_bytes(state, guest);
  const std::int64_t size = std::max<std::int64_t>(
      4096, static_cast<std::int64_t>(static_cast<double>(data) * archive.ratio));
  log.push_back("INFO: status = " + std::string(guest.running ? "running" : "stopped"));
  log.push_back(std::string("INFO: ") + (qemu ? "VM" : "CT") + " Name: " + guest_name(guest));
  std::int64_t disk_bytes = 0;  // what the VM's backup reads (its progress target)
  if (qemu) {
    for (const auto& disk : guest_disks(guest, false)) {
      const Volume* volume = find_volume(state, guest.node, disk.volid);
      const std::int64_t bytes = volume != nullptr ? volume->size : 0;
      disk_bytes += bytes;
      log.push_back("INFO: include disk '" + disk.key + "' '" + disk.volid + "' " +
                    format_disk_size(bytes));
    }
  }
  log.push_back("INFO: backup mode: " + job.mode);
  log.push_back(archive.creating);
  if (size > job.free_bytes) {
    log.push_back("ERROR: Backup of VM " + id + " failed - " +
                  (qemu ? "vma_queue_write: write error - No space left on device"
                        : "command 'tar' failed: No space left on device"));
    ++job.errors;
    return;
  }
  job.free_bytes -= size;
  if (qemu) {
    for (const auto& line : qemu_backup_progress(disk_bytes, data, job.per_guest)) {
      log.push_back("INFO: " + line);
    }
  }
  char size_text[32];
  std::snprintf(size_text, sizeof size_text, "%.2fGB",
                static_cast<double>(size) / (1024.0 * 1024 * 1024));
  if (!archive.pbs) log.push_back(std::string("INFO: archive file size: ") + size_text);
  job.archives.push_back(
      plan_archive(state, job, guest, archive.filename, archive.format, size, started));
  log.push_back("INFO: Finished Backup of VM " + id + " (" + hms(job.per_guest) + ")");
  log.push_back("INFO: Backup finished at " +
                utc_time(started + job.per_guest, "%Y-%m-%d %H:%M:%S"));
  guest.config["lock"] = "backup";
  job.locked.push_back(vmid);
}

}  // namespace

ApiResponse post_vzdump(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  if (auto refusal = selection_error(state, request)) return *refusal;
  const std::vector<int> local = local_guests(state, request, node);
  if (local.empty()) return ApiResponse::ok("OK");

  const std::string storage_id = param_string(request, "storage").value_or("local");
  if (auto denial = permission_error(state, request, storage_id, local)) return *denial;
  const std::string task_id = local.size() == 1 ? std::to_string(local.front()) : "";

  BackupJob job;
  job.storage = state.find_storage(storage_id);
  if (job.storage == nullptr || !has_backup_content(*job.storage)) {
    const std::string error = job.storage == nullptr ? "storage '" + storage_id + "' does not exist"
                                                     : "can't use storage '" + storage_id +
                                                           "' for backups - wrong content type";
    return ApiResponse::ok(start_request_task(state, request, "vzdump", task_id, error, {}));
  }
  job.storage_id = storage_id;
  job.mode = param_string(request, "mode").value_or("snapshot");
  job.packing = compression(param_string(request, "compress").value_or("0"));
  job.notes_template = param_string(request, "notes-template");
  job.is_protected = param_bool(request, "protected", false);
  job.per_guest = state.task_ms / 1000 / static_cast<std::int64_t>(local.size());
  job.free_bytes = storage_free(state, node, storage_id);
  job.log = {"INFO: starting new backup job: " + command_line(request, local)};
  const std::int64_t job_start = state.now_ms() / 1000;
  for (std::size_t i = 0; i < local.size(); ++i) {
    back_up_guest(state, job, local[i], job_start + static_cast<std::int64_t>(i) * job.per_guest);
  }
  job.log.push_back(job.errors == 0 ? "INFO: Backup job finished successfully"
                                    : "INFO: Backup job finished with errors");

  // The archives appear, and the locks go, when the task ends.
  return ApiResponse::ok(start_request_task(
      state, request, "vzdump", task_id, job.errors == 0 ? "OK" : "job errors", std::move(job.log),
      [&state, node, storage_id, archives = job.archives, locked = job.locked] {
        for (int vmid : locked) {
          if (auto it = state.guests.find(vmid); it != state.guests.end()) {
            it->second.config.erase("lock");
          }
        }
        if (StoragePool* pool = state.pool(node, storage_id)) {
          for (const auto& archive : archives) pool->volumes.push_back(archive.volume);
        }
      }));
}

}  // namespace pvesim
