// What PVE reads from a running guest beyond its config: QEMU monitor answers and cgroup pressure.
#pragma once

#include <cstdint>

#include "api_types.h"
#include "cluster_guest.h"

namespace pvesim {

// The keys qemu-server's vmstatus adds with `full` for a running VM from its QMP answers
// (query-proxmox-support, query-blockstats, query-machines, query-version, query-balloon) and
// the tap devices: proxmox-support, blockstat, diskread, diskwrite, running-machine,
// running-qemu, nics and, with a balloon device, balloon, ballooninfo, freemem and maxmem.
Json qemu_monitor_fields(const Guest& guest, std::int64_t maxmem, std::int64_t now_ms);

// The six pressure stall averages (avg10) of a running guest's cgroup: numbers for qemu
// (qemu-server multiplies by 1), the text read from the file for lxc (pve-container does not).
Json guest_pressure(const Guest& guest);

// The memory the VM's cgroup holds (memory.current less file cache): QEMU's own overhead on top
// of what the guest uses.
std::int64_t qemu_memhost(const Guest& guest, std::int64_t maxmem);

}  // namespace pvesim
