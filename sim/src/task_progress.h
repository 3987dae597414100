// The progress lines PVE's workers print while they copy data, in PVE::Format's units.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pvesim {

// PVE::Format::render_bytes: "1.5 GiB" (`precision` decimals; 0 means PVE's default, 2).
std::string render_bytes(std::int64_t bytes, int precision);

// PVE::Format::render_duration: "0s", "45s", "2m 10s", "1h 2m 3s", "1w 2d 3h 0m 5s" style.
std::string render_duration(std::int64_t seconds);

// clone_disk copying `size` bytes into `volid`: "allocated target volume '…'" (qemu-server
// 9.1.7), then qemu-img convert -p through QemuImage::convert: "transferred 0.0 B of 32.0 GiB
// (0.00%)" for every percent qemu-img reports, 0.00 to 100.00.
std::vector<std::string> image_copy_log(const std::string& volid, std::int64_t size);

// VZDump::QemuServer's backup loop for `target` bytes of disks holding `data` bytes over
// `seconds`: a status line about every 3 s and the last one at 100%, then the sparse and the
// transfer summary; each line after "INFO: ".
std::vector<std::string> qemu_backup_progress(std::int64_t target, std::int64_t data,
                                              std::int64_t seconds);

}  // namespace pvesim
