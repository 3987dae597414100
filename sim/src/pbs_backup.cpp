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

namespace {

// [^\s_]+: one or more characters, none blank or '_'.
bool plain_word(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c == '_' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      return false;
    }
  }
  return true;
}

// \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ
bool snapshot_time(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<PbsVolname> parse_pbs_volname(std::string_view name) {
  constexpr std::string_view kPrefix = "backup/";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  const std::size_t first = name.find('/');
  const std::size_t second = first == std::string_view::npos ? first : name.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  PbsVolname out{std::string(name.substr(0, first)),
                 std::string(name.substr(first + 1, second - first - 1)),
                 std::string(name.substr(second + 1))};
  if (!plain_word(out.btype) || !plain_word(out.id) || !snapshot_time(out.time)) {
    return std::nullopt;
  }
  return out;
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
