#include "pbs_backup.h"

#include "text_concat.h"
#include "time_text.h"

namespace pvesim {

std::string pbs_snapshot_name(GuestType type, int vmid, std::int64_t ctime) {
  return concat(type == GuestType::kLxc ? "ct/" : "vm/", std::to_string(vmid), "/",
                utc_time(ctime, "%Y-%m-%dT%H:%M:%SZ"));
}

Volume make_pbs_backup(const std::string& storage_id, GuestType type, int vmid, std::int64_t ctime,
                       std::int64_t size) {
  Volume volume;
  volume.volid = concat(storage_id, ":backup/", pbs_snapshot_name(type, vmid, ctime));
  volume.content = "backup";
  volume.format = type == GuestType::kLxc ? "pbs-ct" : "pbs-vm";
  volume.size = size;
  volume.ctime = ctime;
  volume.vmid = vmid;
  return volume;
}

std::string pbs_repository(const StorageDef& storage) {
  const Json& options = storage.options;
  std::string server = options.value("server", std::string());
  if (server.find(':') != std::string::npos) server = "[" + server + "]";
  std::string port;
  if (options.contains("port")) port = ":" + options["port"].dump();
  return concat(options.value("username", std::string("root@pam")), "@", server, port, ":",
                options.value("datastore", std::string()));
}

std::string pbs_client_failure(const StorageDef& storage, const std::string& arguments) {
  return concat("proxmox-backup-client failed: command '/usr/bin/proxmox-backup-client ", arguments,
                " --repository ", pbs_repository(storage), "' failed: exit code 255");
}

bool is_pbs_backup(const Volume& volume) {
  return volume.format.rfind("pbs-", 0) == 0;
}

std::string pbs_subtype(const Volume& volume) {
  if (volume.format == "pbs-vm") return "qemu";
  if (volume.format == "pbs-ct") return "lxc";
  return "";
}

}  // namespace pvesim
