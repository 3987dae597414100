// The arguments only create_vm and create_lxc take: sizes with units, names, volume ids, keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tools::create {

// A new volume's size as Proxmox's STORAGE:SIZE wants it, in GiB: "1.5G" → "1.5", "512M" →
// "0.5", "1T" → "1024", "8" or 8 → "8" (a bare number is GiB). Units are binary (M = MiB) and
// may be written M/MB/MiB, G/GB/GiB, T/TB/TiB. Rounded up to a whole KiB, as Proxmox allocates.
// nullopt for anything else, so only digits and one '.' reach the property string.
std::optional<std::string> volume_gib(const nlohmann::json& size);
// The argument `key` through volume_gib, `fallback` when absent; ArgError naming the forms.
std::string size_arg(const nlohmann::json& args, std::string_view key, std::string_view fallback);

// PVE's dns-name format (a guest name or container hostname): dot-separated labels of letters,
// digits and inner hyphens, at most 63 characters each and 255 in all.
bool is_dns_name(std::string_view text);
// The argument `key` held to is_dns_name; nullopt when absent.
std::optional<std::string> dns_name_arg(const nlohmann::json& args, std::string_view key);

// "<storage>:iso/<file>.iso|.img" and "<storage>:vztmpl/<file>.tar.{gz,xz,zst,bz2}": the
// storage id, or nullopt when the volume id is not of that content type or could smuggle an
// option (',' '=' control characters) or a path ('/', "..") in.
std::optional<std::string> iso_storage(std::string_view volid);
std::optional<std::string> template_storage(std::string_view volid);

// ssh_public_keys: one key per line, each "<type> <base64> [comment]" in OpenSSH format (a
// string, as the Node.js server took it; an array would make the schema a union type). Empty when
// absent; ArgError for anything else.
std::vector<std::string> ssh_keys_arg(const nlohmann::json& args, std::string_view key);

// A root password a caller gives: 5..256 characters, no control characters (PVE's minimum).
std::optional<std::string> password_arg(const nlohmann::json& args, std::string_view key);
// A random root password (24 characters of [A-Za-z0-9] from std::random_device) for when the
// caller gave neither a password nor a key; it is sent to Proxmox and never shown.
std::string random_password();

}  // namespace tools::create
