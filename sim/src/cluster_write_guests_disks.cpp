// New disks on storage and MAC addresses for new network devices (cluster_write_guests.h).
#include <cmath>
#include <cstdio>
#include <random>
#include <regex>

#include "byte_units.h"
#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

bool has_content(const StorageDef& storage, const std::string& content) {
  for (const auto& item : storage.content) {
    if (item == content) return true;
  }
  return false;
}

// Whether `name` ("vm-106-disk-0") is taken on the pool: by a volume of its own, a file
// ("local:106/vm-106-disk-0.qcow2") or the clone part of a linked clone
// ("local-lvm:base-9000-disk-0/vm-106-disk-0").
bool disk_name_taken(const StoragePool& pool, const std::string& name) {
  for (const auto& volume : pool.volumes) {
    std::string base = volume.volid.substr(volume.volid.find_last_of(":/") + 1);
    base = base.substr(0, base.find('.'));
    if (base == name) return true;
  }
  return false;
}

// The text lvcreate / the file system prints when a pool is full.
std::string out_of_space(const StorageDef& storage, const std::string& name, std::int64_t size,
                         std::int64_t free) {
  if (storage.type == "lvmthin" || storage.type == "lvm") {
    const std::string vg = storage.options.value("vgname", std::string("pve"));
    const std::int64_t extent = 4LL * 1024 * 1024;
    return "lvcreate '" + vg + "/" + name + "' error:   Volume group \"" + vg +
           "\" has insufficient free space (" + std::to_string(free / extent) +
           " extents): " + std::to_string(size / extent) + " required.";
  }
  return "unable to create image: No space left on device";
}

}  // namespace

std::optional<NewDiskRequest> parse_new_disk(const std::string& value) {
  static const std::regex kNew("^([a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]):(\\d+(\\.\\d+)?)(,.*)?$");
  std::smatch m;
  if (!std::regex_match(value, m, kNew)) return std::nullopt;
  const std::string options = m[4].str();
  if (options.find("media=cdrom") != std::string::npos) return std::nullopt;
  NewDiskRequest request;
  request.storage = m[1];
  request.size_gib = std::stod(m[2]);
  request.options = options;
  return request;
}

std::string free_disk_name(const ClusterState& state, const std::string& node,
                           const std::string& storage, int vmid, const std::string& prefix) {
  const StoragePool* pool = state.pool(node, storage);
  for (int n = 0;; ++n) {
    const std::string name = prefix + "-" + std::to_string(vmid) + "-disk-" + std::to_string(n);
    if (pool == nullptr || !disk_name_taken(*pool, name)) return name;
  }
}

DiskAllocation allocate_disk(ClusterState& state, const std::string& node, GuestType type, int vmid,
                             const NewDiskRequest& request) {
  DiskAllocation out;
  const StorageDef* storage = state.find_storage(request.storage);
  StoragePool* pool = state.pool(node, request.storage);
  if (storage == nullptr) {
    out.error = "storage '" + request.storage + "' does not exist";
    return out;
  }
  if (pool == nullptr) {
    out.error = "storage '" + request.storage + "' is not available on node '" + node + "'";
    return out;
  }
  const std::string content = type == GuestType::kQemu ? "images" : "rootdir";
  if (!has_content(*storage, content)) {
    out.error = "storage '" + request.storage + "' does not support content-type '" + content + "'";
    return out;
  }
  const auto bytes = static_cast<std::int64_t>(std::llround(request.size_gib * kGiB));
  // Directory-like storages keep images in <vmid>/ subdirectories as files.
  const bool file_based =
      storage->type == "dir" || storage->type == "nfs" || storage->type == "cifs";
  const std::string name = free_disk_name(state, node, request.storage, vmid, "vm");
  std::string volname = name;
  std::string format = "raw";
  if (file_based) {
    format = type == GuestType::kQemu ? "qcow2" : "raw";
    volname = std::to_string(vmid) + "/" + name + "." + format;
  }
  const std::int64_t free = storage_free(state, node, request.storage);
  if (bytes > free) {
    out.error = out_of_space(*storage, name, bytes, free);
    return out;
  }
  Volume volume;
  volume.volid = request.storage + ":" + volname;
  volume.content = content;
  volume.format = format;
  volume.size = bytes;
  volume.used = storage->type == "lvmthin" ? 0 : -1;
  volume.ctime = state.now_ms() / 1000;
  volume.vmid = vmid;
  pool->volumes.push_back(volume);
  out.value = volume.volid + request.options + ",size=" + format_disk_size(bytes);
  if (storage->type == "lvmthin" || storage->type == "lvm") {
    out.log.push_back("  Logical volume \"" + name + "\" created.");
  } else if (file_based) {
    out.log.push_back("Formatting '" + storage->options.value("path", std::string()) + "/images/" +
                      volname + "', fmt=" + format + " size=" + std::to_string(bytes));
  }
  return out;
}

std::string generate_mac() {
  static thread_local std::mt19937 engine{std::random_device{}()};
  std::uniform_int_distribution<int> byte(0, 255);
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "BC:24:11:%02X:%02X:%02X", byte(engine), byte(engine),
                byte(engine));
  return buffer;
}

bool is_net_key(const std::string& key) {
  static const std::regex kNet("^net\\d+$");
  return std::regex_match(key, kNet);
}

std::string with_mac(GuestType type, const std::string& net) {
  std::vector<std::string> parts;
  std::string part;
  for (std::size_t start = 0;;) {
    const auto comma = net.find(',', start);
    parts.push_back(net.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (type == GuestType::kLxc) {
    for (const auto& p : parts) {
      if (p.rfind("hwaddr=", 0) == 0) return net;
    }
    // PVE writes hwaddr before the IP settings, and always a type.
    std::vector<std::string> out;
    bool placed = false;
    bool typed = false;
    for (const auto& p : parts) {
      const std::string k = p.substr(0, p.find('='));
      if (!placed && (k == "ip" || k == "ip6" || k == "gw" || k == "gw6" || k == "mtu" ||
                      k == "rate" || k == "tag" || k == "trunks" || k == "type")) {
        out.push_back("hwaddr=" + generate_mac());
        placed = true;
      }
      typed = typed || k == "type";
      out.push_back(p);
    }
    if (!placed) out.push_back("hwaddr=" + generate_mac());
    if (!typed) out.push_back("type=veth");
    std::string joined;
    for (const auto& p : out) joined += (joined.empty() ? "" : ",") + p;
    return joined;
  }
  // qemu: the model is the default key and carries the MAC ("virtio=AA:…"); "model=" and
  // "macaddr=" are the long forms of the same.
  static const std::regex kModels(
      "^(e1000|e1000-82540em|e1000-82544gc|e1000-82545em|e1000e|i82551|"
      "i82557b|i82559er|ne2k_isa|ne2k_pci|pcnet|rtl8139|virtio|"
      "vmxnet3)$");
  std::string model, mac;
  std::vector<std::string> rest;
  for (const auto& p : parts) {
    const auto eq = p.find('=');
    const std::string k = p.substr(0, eq);
    const std::string v = eq == std::string::npos ? "" : p.substr(eq + 1);
    if (std::regex_match(k, kModels)) {
      model = k;
      mac = v;
    } else if (k == "model") {
      model = v;
    } else if (k == "macaddr") {
      mac = v;
    } else {
      rest.push_back(p);
    }
  }
  if (model.empty()) return net;  // the schema requires a model; leave anything else as is
  if (mac.empty()) mac = generate_mac();
  std::string joined = model + "=" + mac;
  for (const auto& p : rest) joined += "," + p;
  return joined;
}

}  // namespace pvesim
