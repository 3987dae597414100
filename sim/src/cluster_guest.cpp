#include "cluster_guest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "byte_units.h"
#include "cluster_sha1.h"

namespace pvesim {
namespace {

std::int64_t int_or(const Json& config, const char* key, std::int64_t fallback) {
  auto it = config.find(key);
  if (it == config.end()) return fallback;
  if (it->is_number()) return it->get<std::int64_t>();
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

std::string string_or(const Json& config, const char* key, const std::string& fallback) {
  auto it = config.find(key);
  if (it == config.end()) return fallback;
  return config_value_text(*it);
}

void append_section(std::ostringstream& out, const Json& config) {
  // PVE writes the description as leading comment lines, then the keys in sorted order.
  if (auto it = config.find("description"); it != config.end() && it->is_string()) {
    std::istringstream lines(it->get<std::string>());
    for (std::string line; std::getline(lines, line);) out << '#' << line << '\n';
  }
  for (const auto& [key, value] : config.items()) {  // nlohmann::json keeps keys sorted
    if (key == "description") continue;
    out << key << ": " << config_value_text(value) << '\n';
  }
}

}  // namespace

const char* guest_type_name(GuestType type) {
  return type == GuestType::kQemu ? "qemu" : "lxc";
}

std::string guest_name(const Guest& guest) {
  const char* key = guest.type == GuestType::kQemu ? "name" : "hostname";
  const std::string fallback =
      (guest.type == GuestType::kQemu ? "VM " : "CT ") + std::to_string(guest.vmid);
  return string_or(guest.config, key, fallback);
}

std::int64_t guest_maxmem(const Guest& guest) {
  if (guest.type == GuestType::kLxc) return int_or(guest.config, "memory", 512) * kMiB;
  // qemu `memory` is a property string since PVE 8.1: "4096" or "current=4096".
  auto it = guest.config.find("memory");
  if (it == guest.config.end()) return 512 * kMiB;
  const std::string text = config_value_text(*it);
  const std::string mib = property_value(text, "current").value_or(text);
  try {
    return std::stoll(mib) * kMiB;
  } catch (const std::exception&) {
    return 512 * kMiB;
  }
}

std::int64_t guest_maxswap(const Guest& guest) {
  return int_or(guest.config, "swap", 512) * kMiB;
}

double guest_cpus(const Guest& guest, int node_maxcpu) {
  if (guest.type == GuestType::kLxc) {
    // /cluster/resources' maxcpu: the status line's cpus made a number ("0.0" + 0 is 0).
    const Json cpus = lxc_cpus(guest, node_maxcpu);
    return cpus.is_number() ? cpus.get<double>()
                            : std::strtod(cpus.get<std::string>().c_str(), nullptr);
  }
  if (guest.config.contains("vcpus")) return static_cast<double>(int_or(guest.config, "vcpus", 1));
  return static_cast<double>(int_or(guest.config, "cores", 1) * int_or(guest.config, "sockets", 1));
}

Json lxc_cpus(const Guest& guest, int node_maxcpu) {
  if (const std::int64_t cores = int_or(guest.config, "cores", 0); cores != 0) return cores;
  if (auto limit = guest.config.find("cpulimit"); limit != guest.config.end()) {
    // Perl's truth: a string is false only when empty or "0", a number when 0.
    if (limit->is_string() && !limit->get<std::string>().empty() && *limit != "0") return *limit;
    if (limit->is_number() && limit->get<double>() != 0) return *limit;
  }
  return node_maxcpu;
}

std::optional<std::int64_t> guest_balloon(const Guest& guest) {
  if (!guest.config.contains("balloon")) return std::nullopt;
  return int_or(guest.config, "balloon", 0);
}

std::string guest_ha_sid(const Guest& guest) {
  return (guest.type == GuestType::kQemu ? "vm:" : "ct:") + std::to_string(guest.vmid);
}

std::int64_t guest_maxdisk(const Guest& guest) {
  std::vector<std::string> keys;
  if (guest.type == GuestType::kLxc) {
    keys = {"rootfs"};
  } else {
    // The boot disk: the first disk named in `boot: order=…`, else the first disk bus slot.
    const std::string boot = string_or(guest.config, "boot", "");
    if (auto order = property_value(boot, "order")) {
      std::istringstream parts(*order);
      for (std::string part; std::getline(parts, part, ';');) keys.push_back(part);
    }
    for (const char* key : {"scsi0", "virtio0", "sata0", "ide0"}) keys.emplace_back(key);
  }
  for (const auto& key : keys) {
    auto it = guest.config.find(key);
    if (it == guest.config.end() || !it->is_string()) continue;
    const std::string disk = it->get<std::string>();
    if (property_value(disk, "media") == std::optional<std::string>("cdrom")) continue;
    if (auto size = property_value(disk, "size")) {
      if (auto bytes = parse_size(*size)) return *bytes;
    }
  }
  return 0;
}

bool guest_is_template(const Guest& guest) {
  return int_or(guest.config, "template", 0) == 1;
}

std::string guest_lock(const Guest& guest) {
  return string_or(guest.config, "lock", "");
}

bool guest_agent_enabled(const Guest& guest) {
  if (guest.type != GuestType::kQemu) return false;
  const std::string agent = string_or(guest.config, "agent", "0");
  // "1", "enabled=1,fstrim_cloned_disks=1", "0,type=virtio"…: the default key is `enabled`.
  const std::string first = agent.substr(0, agent.find(','));
  if (first.find('=') == std::string::npos) return first == "1";
  return property_value(agent, "enabled") == std::optional<std::string>("1");
}

std::int64_t guest_uptime(const Guest& guest, std::int64_t now_ms) {
  if (!guest.running) return 0;
  return std::max<std::int64_t>(0, (now_ms - guest.started_ms) / 1000);
}

const Snapshot* find_snapshot(const Guest& guest, const std::string& name) {
  for (const auto& snapshot : guest.snapshots) {
    if (snapshot.name == name) return &snapshot;
  }
  return nullptr;
}

std::string guest_config_text(const Guest& guest) {
  std::ostringstream out;
  append_section(out, guest.config);
  if (!guest.pending.empty()) {
    out << (guest.type == GuestType::kQemu ? "\n[PENDING]\n" : "\n[pve:pending]\n");
    append_section(out, guest.pending);
  }
  for (const auto& snapshot : guest.snapshots) {
    out << "\n[" << snapshot.name << "]\n";
    append_section(out, snapshot.config);
  }
  return out.str();
}

std::string guest_config_digest(const Guest& guest) {
  return sha1_hex(guest_config_text(guest));
}

std::string guest_config_path(GuestType type, const std::string& node, int vmid) {
  return "nodes/" + node + (type == GuestType::kQemu ? "/qemu-server/" : "/lxc/") +
         std::to_string(vmid) + ".conf";
}

std::optional<std::string> property_value(const std::string& property_string,
                                          const std::string& key) {
  std::istringstream parts(property_string);
  for (std::string part; std::getline(parts, part, ',');) {
    const auto eq = part.find('=');
    if (eq != std::string::npos && part.compare(0, eq, key) == 0 && eq == key.size()) {
      return part.substr(eq + 1);
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (number < 0 || !std::isfinite(number)) return std::nullopt;
  const std::string unit = text.substr(used);
  double factor = 1;
  if (unit == "K") {
    factor = 1024.0;
  } else if (unit == "M") {
    factor = 1024.0 * 1024;
  } else if (unit == "G") {
    factor = 1024.0 * 1024 * 1024;
  } else if (unit == "T") {
    factor = 1024.0 * 1024 * 1024 * 1024;
  } else if (!unit.empty()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::llround(number * factor));
}

std::string config_value_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  return value.dump();
}

}  // namespace pvesim
