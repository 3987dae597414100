#include "guest_monitor.h"

#include <cstdio>
#include <regex>

#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

bool is_cdrom(const Json& value) {
  return value.is_string() &&
         property_value(value.get<std::string>(), "media") == std::optional<std::string>("cdrom");
}

// QEMU's BlockDeviceStats for one drive (pve-qemu's QAPI, as query-blockstats answers it): all
// counters are integers, the two `account_*` flags JSON booleans (true for disks, false for
// a CD-ROM drive), `idle_time_ns` only once the drive has seen I/O.
Json block_device_stats(std::int64_t read, std::int64_t written, bool disk) {
  constexpr std::int64_t kRequest = std::int64_t{16} * 1024;  // average request size
  const std::int64_t reads = read / kRequest;
  const std::int64_t writes = written / kRequest;
  const std::int64_t flushes = writes / 8;
  Json stats = {{"rd_bytes", read},
                {"wr_bytes", written},
                {"zone_append_bytes", 0},
                {"unmap_bytes", 0},
                {"rd_operations", reads},
                {"wr_operations", writes},
                {"zone_append_operations", 0},
                {"flush_operations", flushes},
                {"unmap_operations", 0},
                {"rd_total_time_ns", reads * 250'000},
                {"wr_total_time_ns", writes * 400'000},
                {"zone_append_total_time_ns", 0},
                {"flush_total_time_ns", flushes * 1'000'000},
                {"unmap_total_time_ns", 0},
                {"wr_highest_offset", written},
                {"rd_merged", 0},
                {"wr_merged", 0},
                {"zone_append_merged", 0},
                {"unmap_merged", 0},
                {"failed_rd_operations", 0},
                {"failed_wr_operations", 0},
                {"failed_zone_append_operations", 0},
                {"failed_flush_operations", 0},
                {"failed_unmap_operations", 0},
                {"invalid_rd_operations", 0},
                {"invalid_wr_operations", 0},
                {"invalid_zone_append_operations", 0},
                {"invalid_flush_operations", 0},
                {"invalid_unmap_operations", 0},
                {"account_invalid", disk},
                {"account_failed", disk},
                {"timed_stats", Json::array()}};
  // QEMU reports the idle time once a request has completed: every disk of a booted VM.
  if (disk) stats["idle_time_ns"] = 1'500'000'000;
  return stats;
}

// query-blockstats per drive (tpmstate0 lives in swtpm, not QEMU); the guest's disk traffic is
// on its first disk. diskread/diskwrite are the sums, as vmstatus adds them up.
void add_blockstats(const Guest& guest, Json& out) {
  Json blockstat = Json::object();
  bool first_disk = true;
  std::int64_t read = 0;
  std::int64_t written = 0;
  for (const auto& [key, value] : guest.config.items()) {
    if (!is_guest_disk_key(GuestType::kQemu, key) || key == "tpmstate0") continue;
    const bool disk = !is_cdrom(value) && key != "efidisk0";
    const bool busy = disk && first_disk;
    if (busy) first_disk = false;
    blockstat[key] =
        block_device_stats(busy ? guest.diskread : 0, busy ? guest.diskwrite : 0, !is_cdrom(value));
    read += busy ? guest.diskread : 0;
    written += busy ? guest.diskwrite : 0;
  }
  out["blockstat"] = std::move(blockstat);
  out["diskread"] = read;
  out["diskwrite"] = written;
}

// /proc/net/dev of the tap devices: tap<vmid>i<N> per netN, the traffic on the first.
Json tap_counters(const Guest& guest) {
  static const std::regex kNet("^net(\\d+)$");
  Json nics = Json::object();
  bool first = true;
  for (const auto& [key, value] : guest.config.items()) {
    std::smatch m;
    if (!std::regex_match(key, m, kNet)) continue;
    nics["tap" + std::to_string(guest.vmid) + "i" + m[1].str()] = {
        {"netin", first ? guest.netin : 0}, {"netout", first ? guest.netout : 0}};
    first = false;
  }
  return nics;
}

// The balloon device is there unless `balloon: 0`; the guest's driver reports its memory
// statistics every 2 s (qemu-server sets guest-stats-polling-interval at start).
void add_balloon(const Guest& guest, std::int64_t maxmem, std::int64_t now_ms, Json& out) {
  if (guest_balloon(guest) == std::optional<std::int64_t>(0)) return;
  const std::int64_t free_mem = maxmem > guest.mem ? maxmem - guest.mem : 0;
  out["maxmem"] = maxmem;
  out["balloon"] = maxmem;
  out["mem"] = maxmem - free_mem;  // total_mem - free_mem replaces the cgroup's figure
  out["freemem"] = free_mem;
  out["ballooninfo"] = {{"actual", maxmem},
                        {"max_mem", maxmem},
                        {"total_mem", maxmem},
                        {"free_mem", free_mem},
                        {"last_update", now_ms / 1000 - 1},
                        {"major_page_faults", 1'203},
                        {"minor_page_faults", 2'785'124},
                        {"mem_swapped_in", 0},
                        {"mem_swapped_out", 0}};
}

std::string running_machine(const Guest& guest) {
  const std::string machine = guest.config.value("machine", std::string("pc-i440fx-10.0"));
  return machine.find("+pve") == std::string::npos ? machine + "+pve0" : machine;
}

}  // namespace

Json qemu_monitor_fields(const Guest& guest, std::int64_t maxmem, std::int64_t now_ms) {
  // query-proxmox-support: pve-qemu's capability flags, JSON booleans as QMP sends them.
  Json out = {{"proxmox-support",
               {{"backup-access-api", true},
                {"backup-fleecing", true},
                {"backup-max-workers", true},
                {"pbs-dirty-bitmap", true},
                {"pbs-dirty-bitmap-migration", true},
                {"pbs-dirty-bitmap-savevm", true},
                {"pbs-masterkey", true},
                {"query-bitmap-info", true},
                {"pbs-library-version", "1.5.2 (UNKNOWN)"}}},
              {"running-machine", running_machine(guest)},
              {"running-qemu", "10.0.2"},
              {"nics", tap_counters(guest)}};
  add_blockstats(guest, out);
  add_balloon(guest, maxmem, now_ms, out);
  return out;
}

Json guest_pressure(const Guest& guest) {
  // Stalls follow the load: a tenth of the cpu share waits on cpu, less on io and memory.
  const double cpu = guest.cpu * 10.0;
  const double values[] = {cpu, cpu / 4, cpu / 8, cpu / 16, 0.0, 0.0};
  const char* keys[] = {"pressurecpusome", "pressurecpufull",    "pressureiosome",
                        "pressureiofull",  "pressurememorysome", "pressurememoryfull"};
  Json out = Json::object();
  for (std::size_t i = 0; i < 6; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", values[i]);  // the kernel's avg10 format
    out[keys[i]] = guest.type == GuestType::kQemu ? number(std::stod(text)) : Json(text);
  }
  return out;
}

std::int64_t qemu_memhost(const Guest& guest, std::int64_t maxmem) {
  return guest.mem + maxmem / 32;
}

}  // namespace pvesim
