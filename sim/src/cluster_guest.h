// Guests (qemu VMs and lxc containers): config, snapshots, runtime state and derived figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api_types.h"

namespace pvesim {

enum class GuestType { kQemu, kLxc };

// "qemu" / "lxc": the word PVE uses in paths, resource ids and /cluster/resources.
const char* guest_type_name(GuestType type);

// One snapshot section of a guest config. `config` holds the section as PVE stores it:
// the guest's keys at snapshot time plus description, parent, snaptime and (qemu) vmstate.
struct Snapshot {
  std::string name;
  Json config = Json::object();
};

struct Guest {
  GuestType type = GuestType::kQemu;
  int vmid = 0;
  std::string node;
  // The current config section, typed as GET …/config returns it (integers and booleans as
  // numbers, everything else as strings). Holds `lock`, `template`, `parent` like PVE's file.
  Json config = Json::object();
  // The [PENDING] section: changes written but not yet in effect (a running guest's
  // non-hotpluggable ones), plus `delete`: "key,!forced_key" (guest_pending.h).
  Json pending = Json::object();
  std::vector<Snapshot> snapshots;  // in creation order; the tree is given by `parent`

  // Runtime state, not part of the config file.
  bool running = false;
  bool paused = false;          // qemu only: qmpstatus "paused" while running
  std::int64_t started_ms = 0;  // when it was started (uptime origin)
  int pid = 0;
  double cpu = 0;              // load as a fraction of its cpus, 0..1
  std::int64_t mem = 0;        // bytes in use while running
  std::int64_t disk_used = 0;  // lxc: bytes used on the root filesystem
  std::int64_t netin = 0, netout = 0, diskread = 0, diskwrite = 0;
};

// Figures PVE derives from the config.
std::string guest_name(const Guest& guest);      // name / hostname, or "VM 100" / "CT 100"
std::int64_t guest_maxmem(const Guest& guest);   // bytes
std::int64_t guest_maxswap(const Guest& guest);  // bytes (lxc)
double guest_cpus(const Guest& guest, int node_maxcpu);
// pve-container's vmstatus `cpus`: `cores`, else `cpulimit` as the config holds it (text for
// that number-typed key), else the host's cpus; Perl's truth decides ("0.0" counts, 0 not).
Json lxc_cpus(const Guest& guest, int node_maxcpu);
// qemu's `balloon` target in MiB, nullopt without the key (0: no balloon device).
std::optional<std::int64_t> guest_balloon(const Guest& guest);
// The guest's HA service id: "vm:100" or "ct:101".
std::string guest_ha_sid(const Guest& guest);
std::int64_t guest_maxdisk(const Guest& guest);  // bytes of the boot disk / rootfs
bool guest_is_template(const Guest& guest);
std::string guest_lock(const Guest& guest);  // "" when not locked
bool guest_agent_enabled(const Guest& guest);
std::int64_t guest_uptime(const Guest& guest, std::int64_t now_ms);  // seconds, 0 when stopped
const Snapshot* find_snapshot(const Guest& guest, const std::string& name);

// The config file as pmxcfs stores it (description as comments, sorted keys, the pending
// section as [PENDING] (qemu) or [pve:pending] (lxc), then one [section] per snapshot); its
// SHA-1 is the `digest` PVE returns.
std::string guest_config_text(const Guest& guest);
std::string guest_config_digest(const Guest& guest);

// Config path relative to /etc/pve as PVE names it in errors:
// "nodes/pve1/qemu-server/100.conf" or "nodes/pve1/lxc/101.conf".
std::string guest_config_path(GuestType type, const std::string& node, int vmid);

// Property strings ("virtio=AA:..,bridge=vmbr0,size=32G"): the value of `key`, if present.
std::optional<std::string> property_value(const std::string& property_string,
                                          const std::string& key);
// "32G", "512M", "1.5T", "4096" (bytes) → bytes; nullopt when malformed.
std::optional<std::int64_t> parse_size(const std::string& text);

// A JSON value as it appears in a config file: strings verbatim, numbers without quotes.
std::string config_value_text(const Json& value);

}  // namespace pvesim
