#include "tools/guest_devices.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/values.h"

namespace tools::devices {
namespace {

// Splits "scsi12" into ("scsi", 12) for natural ordering; keys without digits sort by name.
std::pair<std::string, long> natural_key(std::string_view key) {
  std::size_t digits = key.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(key[digits - 1])) != 0) --digits;
  long n = -1;
  if (digits < key.size()) std::from_chars(key.data() + digits, key.data() + key.size(), n);
  return {std::string(key.substr(0, digits)), n};
}

}  // namespace

bool is_numbered(std::string_view key, std::string_view prefix, int max) {
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return false;
  std::string_view digits = key.substr(prefix.size());
  if (digits.size() > 3 || (digits.size() > 1 && digits.front() == '0')) return false;
  // from_chars takes a leading '-': "scsi-0" would read as slot 0.
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return ec == std::errc() && end == digits.data() + digits.size() && n >= 0 && n <= max;
}

bool is_qemu_disk(std::string_view key) {
  return is_numbered(key, "scsi", 30) || is_numbered(key, "virtio", 15) ||
         is_numbered(key, "sata", 5) || is_numbered(key, "ide", 3);
}

bool is_mountpoint(std::string_view key) {
  return is_numbered(key, "mp", 255);
}

bool is_unused(std::string_view key) {
  return is_numbered(key, "unused", 255);
}

bool is_net(std::string_view key) {
  return is_numbered(key, "net", 31);
}

bool is_lxc_volume(std::string_view key) {
  return key == "rootfs" || is_mountpoint(key);
}

KeyFilter volume_keys(GuestType type) {
  if (type == GuestType::kLxc) return is_lxc_volume;
  return is_qemu_disk;
}

KeyFilter volume_or_unused_keys(GuestType type) {
  return [is = volume_keys(type)](std::string_view key) { return is(key) || is_unused(key); };
}

bool holds_volume(GuestType type, std::string_view key) {
  return volume_or_unused_keys(type)(key) || key == "efidisk0" || key == "tpmstate0";
}

std::vector<std::string> keys(const nlohmann::json& config, const KeyFilter& valid) {
  std::vector<std::string> found;
  if (!config.is_object()) return found;
  for (const auto& [key, _] : config.items()) {
    if (valid(key)) found.push_back(key);
  }
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    return natural_key(a) < natural_key(b);
  });
  return found;
}

std::string keys_list(const nlohmann::json& config, const KeyFilter& valid) {
  std::string out;
  for (const auto& key : keys(config, valid)) out += (out.empty() ? "" : ", ") + key;
  return out.empty() ? "none" : out;
}

std::string volume_of(std::string_view value) {
  try {
    return pve::PropertyString::parse(value, "volume").get("volume").value_or("");
  } catch (const pve::PropertyStringError&) {
    return "";
  }
}

std::string storage_of(std::string_view volume) {
  std::size_t colon = volume.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  std::string storage(volume.substr(0, colon));
  return is_storage_id(storage) ? storage : "";
}

std::optional<double> size_bytes(std::string_view size) {
  if (size.empty()) return std::nullopt;
  double factor = 1;
  switch (size.back()) {
    case 'K':
      factor = 1024.0;
      break;
    case 'M':
      factor = 1024.0 * 1024;
      break;
    case 'G':
      factor = 1024.0 * 1024 * 1024;
      break;
    case 'T':
      factor = 1024.0 * 1024 * 1024 * 1024;
      break;
    default:
      break;
  }
  if (factor != 1) size.remove_suffix(1);
  if (size.empty() || size.front() == '+' || size.front() == '-') return std::nullopt;
  double n = 0;
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), n);
  if (ec != std::errc() || end != size.data() + size.size() || !std::isfinite(n)) {
    return std::nullopt;
  }
  return n * factor;
}

std::optional<double> size_of(std::string_view value) {
  try {
    auto size = pve::PropertyString::parse(value, "volume").get("size");
    return size ? size_bytes(*size) : std::nullopt;
  } catch (const pve::PropertyStringError&) {
    return std::nullopt;
  }
}

std::string unused_holding(const nlohmann::json& config, std::string_view volume) {
  if (volume.empty()) return "";
  for (const auto& key : keys(config, is_unused)) {
    if (volume_of(value(config, key)) == volume) return key;
  }
  return "";
}

std::string value(const nlohmann::json& config, std::string_view key) {
  return text_field(config, key);
}

}  // namespace tools::devices
