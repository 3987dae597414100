// The argument rules only create_vm and create_lxc need: sizes with units, names, volume ids,
// network devices, root access. Each is a server rule: checked, never advertised.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/typed_args.h"

namespace tools::create {

// A new volume's size as Proxmox's STORAGE:SIZE wants it, in GiB: "1.5G" → "1.5", "512M" →
// "0.5", "1T" → "1024", "8" or 8 → "8" (a bare number is GiB). Units are binary (M = MiB) and
// may be written M/MB/MiB, G/GB/GiB, T/TB/TiB. Rounded up to a whole KiB, as Proxmox allocates.
// nullopt for anything else, so only digits and one '.' reach the property string.
std::optional<std::string> volume_gib(const nlohmann::json& size);

inline constexpr std::string_view kSizeRule =
    "must be a size such as \"8G\", \"1.5G\", \"512M\" or \"1T\" (a bare number is GiB; at most "
    "6 decimals)";

// A size argument: as the caller wrote it (the advertised default shows it so) and in GiB.
struct VolumeSize {
  std::string given;
  std::string gib;
};
// A size the code itself names, for a default; it must be valid.
VolumeSize volume_size(std::string_view text);
void to_json(nlohmann::json& out, const VolumeSize& size);

// PVE's dns-name format (a guest name or container hostname): dot-separated labels of letters,
// digits and inner hyphens, at most 63 characters each and 255 in all.
bool is_dns_name(std::string_view text);
typed::Problem dns_name(const std::string& text);

// "<storage>:iso/<file>.iso|.img" and "<storage>:vztmpl/<file>.tar.{gz,xz,zst,bz2}": the
// storage id, or nullopt when the volume id is not of that content type or could smuggle an
// option (',' '=' control characters) or a path ('/', "..") in.
std::optional<std::string> iso_storage(std::string_view volid);
std::optional<std::string> template_storage(std::string_view volid);
typed::Problem iso_volume(const std::string& volid);
typed::Problem template_volume(const std::string& volid);

// A VM's CPU type name (host, x86-64-v2-AES, custom-mine): no ',' or '=' to add options with.
typed::Problem cpu_type(const std::string& text);
// Network devices as Proxmox writes them, option by option (pve/property_string.h).
typed::Problem qemu_net(const std::string& text);
typed::Problem lxc_net(const std::string& text);
// The choices apidata.json lists, too many to advertise.
typed::Problem os_type(const std::string& text);
typed::Problem scsi_controller(const std::string& text);

// ssh_public_keys: one key per line, each "<type> <base64> [comment]" in OpenSSH format (a
// string, as the Node.js server took it; an array would make the schema a union type); blank
// lines are skipped. `problem` names the first line that is not a key, or says there is none.
struct SshKeys {
  std::vector<std::string> keys;
  typed::Problem problem;
};
SshKeys read_ssh_keys(std::string_view text);
typed::Problem ssh_keys(const std::string& text);

// A root password a caller gives: 5 to 256 characters (Unicode code points, as PVE's minLength
// counts them), no control characters. The problem never repeats the value: it is a secret.
typed::Problem root_password(const std::string& text);
// A random root password (24 characters of [A-Za-z0-9] from std::random_device) for when the
// caller gave neither a password nor a key; it is sent to Proxmox and never shown.
std::string random_password();

}  // namespace tools::create

namespace tools::typed {

// A size reads from a string or, as models also send it, a number.
template <>
struct Value<create::VolumeSize> {
  static constexpr std::string_view kType = "string";
  static constexpr std::string_view kRule = create::kSizeRule;
  static std::optional<create::VolumeSize> read(const nlohmann::json& v);
};

}  // namespace tools::typed
