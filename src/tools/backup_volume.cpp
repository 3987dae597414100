#include "tools/backup_volume.h"

#include <cctype>
#include <charconv>

#include "tools/args.h"

namespace tools {
namespace {

constexpr std::string_view kBackupDir = "backup/";

bool clean_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  for (char c : name) {
    if (std::iscntrl(static_cast<unsigned char>(c)) != 0) return false;
  }
  return true;
}

// The text between `prefix` and the next "'" in `line`, if `line` contains `prefix`.
std::optional<std::string_view> quoted_after(std::string_view line, std::string_view prefix) {
  std::size_t at = line.find(prefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + prefix.size());
  std::size_t end = rest.find('\'');
  if (end == std::string_view::npos || end == 0) return std::nullopt;
  return rest.substr(0, end);
}

}  // namespace

std::optional<BackupVolume> parse_backup_volid(std::string_view volid) {
  std::size_t colon = volid.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view storage = volid.substr(0, colon);
  std::string_view path = volid.substr(colon + 1);
  if (!is_storage_id(storage) || path.substr(0, kBackupDir.size()) != kBackupDir) {
    return std::nullopt;
  }
  std::string_view name = path.substr(kBackupDir.size());
  if (!clean_name(name)) return std::nullopt;
  return BackupVolume{std::string(storage), std::string(name)};
}

std::string backup_guest_type(std::string_view name) {
  auto starts = [name](std::string_view p) { return name.substr(0, p.size()) == p; };
  if (starts("vzdump-qemu-") || starts("vm/")) return "qemu";
  if (starts("vzdump-lxc-") || starts("vzdump-openvz-") || starts("ct/")) return "lxc";
  return "";
}

std::optional<std::int64_t> backup_guest_id(std::string_view name) {
  for (std::string_view prefix : {"vzdump-qemu-", "vzdump-lxc-", "vzdump-openvz-", "vm/", "ct/"}) {
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = name.substr(prefix.size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    const bool ends_id =
        end != rest.data() && (end == rest.data() + rest.size() || *end == '-' || *end == '/');
    if (ec == std::errc() && ends_id) return id;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> volid_from_vzdump_log(const std::vector<std::string>& lines,
                                                 std::string_view storage) {
  for (const auto& line : lines) {
    std::string name;
    if (auto path = quoted_after(line, "creating vzdump archive '")) {
      std::size_t slash = path->rfind('/');
      name = std::string(slash == std::string_view::npos ? *path : path->substr(slash + 1));
    } else if (auto archive = quoted_after(line, "creating Proxmox Backup Server archive '")) {
      name = std::string(*archive);
    } else {
      continue;
    }
    std::string volid = std::string(storage) + ":" + std::string(kBackupDir) + name;
    if (parse_backup_volid(volid)) return volid;
  }
  return std::nullopt;
}

}  // namespace tools
