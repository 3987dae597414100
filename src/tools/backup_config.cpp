#include "tools/backup_config.h"

#include "pve/error.h"
#include "tools/guest_devices.h"

namespace tools {

std::optional<std::string> rootfs_storage_of(std::string_view config_text) {
  constexpr std::string_view kKey = "rootfs:";
  while (!config_text.empty()) {
    const std::size_t end = config_text.find('\n');
    std::string_view line = config_text.substr(0, end);
    config_text = end == std::string_view::npos ? std::string_view{} : config_text.substr(end + 1);
    if (line.starts_with('[')) break;  // the snapshot sections keep their own rootfs
    if (!line.starts_with(kKey)) continue;
    std::string_view value = line.substr(kKey.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    std::string storage = devices::storage_of(devices::volume_of(value));
    if (storage.empty()) return std::nullopt;
    return storage;
  }
  return std::nullopt;
}

namespace {

// Proxmox refusing to read the archive (no VM.Backup, an old version) leaves the storage to its
// default. An answer lost or garbled on the way says nothing about the archive, and the
// restore, which nothing has started yet, must not go ahead on a guess.
bool answered_by_proxmox(const pve::Error& e) {
  switch (e.kind()) {
    case pve::ErrorKind::kTransport:
    case pve::ErrorKind::kTls:
    case pve::ErrorKind::kTimeout:
    case pve::ErrorKind::kNodeOffline:
    case pve::ErrorKind::kProtocol:
      return false;
    case pve::ErrorKind::kServer:
      // 502-504: a proxy in front of Proxmox answered, not Proxmox.
      return e.status() < 502 || e.status() > 504;
    default:
      return true;
  }
}

// What to do about a read of the archive's config that got no answer from Proxmox. Passing
// storage skips that read, which helps when this one answer was lost, garbled or too slow; the
// restore itself needs the same connection, so without one (a TLS failure, no route to
// Proxmox or the node) only mending that helps, and a TLS error already says how.
std::string what_helps(const pve::Error& e) {
  switch (e.kind()) {
    case pve::ErrorKind::kTls:
      return "";
    case pve::ErrorKind::kTransport:
    case pve::ErrorKind::kNodeOffline:
      return ". Try again once Proxmox can be reached";
    default:
      return ". Try again, or pass storage to restore without reading it";
  }
}

}  // namespace

BackupRootfs backup_rootfs_storage(pve::Api& api, const std::string& node,
                                   const std::string& archive) {
  nlohmann::json text;
  try {
    text = api.get(pve::path({"nodes", node, "vzdump", "extractconfig"}), {{"volume", archive}});
  } catch (const pve::Error& e) {
    if (!answered_by_proxmox(e)) {
      throw pve::Error(e.kind(), e.status(), e.pve_message(),
                       "the config of backup " + archive +
                           " could not be read, so nothing was restored: " + e.what() +
                           what_helps(e));
    }
    return {std::nullopt, e.what()};
  }
  if (!text.is_string()) return {std::nullopt, "Proxmox answered with no config text"};
  BackupRootfs found{rootfs_storage_of(text.get_ref<const std::string&>()), ""};
  if (!found.storage) found.problem = "its config names no root disk on a storage";
  return found;
}

}  // namespace tools
