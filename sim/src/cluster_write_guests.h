// Shared by guest create, clone and config writes: new disks ("local-lvm:32") allocated on
// storage, and network devices given a MAC address when they have none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// "local-lvm:32,iothread=1" asks for a new 32 GiB volume; nullopt when `value` names an
// existing volume, a path, "none" or a cdrom.
struct NewDiskRequest {
  std::string storage;
  double size_gib = 0;
  std::string options;  // ",iothread=1" (with the leading comma) or ""
};
std::optional<NewDiskRequest> parse_new_disk(const std::string& value);

// The outcome of allocating a new disk: the config value, or PVE's error text.
struct DiskAllocation {
  std::string value;  // "local-lvm:vm-106-disk-0,iothread=1,size=32G"
  std::string error;  // "storage 'local' does not support content-type 'images'"
  std::vector<std::string> log;
};
// Allocates `request` for guest `vmid` on `node`: the
// storage must exist there, carry images (qemu) / rootdir (lxc) and have the space.
DiskAllocation allocate_disk(ClusterState& state, const std::string& node, GuestType type, int vmid,
                             const NewDiskRequest& request);

// The next free "vm-<vmid>-disk-<n>" name on `storage` as `node` sees it.
std::string free_disk_name(const ClusterState& state, const std::string& node,
                           const std::string& storage, int vmid, const std::string& prefix);

// "BC:24:11:xx:xx:xx", PVE's default prefix (Proxmox's OUI) since 8.0.
std::string generate_mac();
// netN with a MAC: qemu "virtio,bridge=vmbr0" → "virtio=BC:24:11:…,bridge=vmbr0"; lxc gets
// hwaddr (and type=veth). An existing MAC is kept.
std::string with_mac(GuestType type, const std::string& net);

// Whether `key` is a network device key (net0…).
bool is_net_key(const std::string& key);

// A request parameter as the config file stores it, typed from the method's schema:
// integers and booleans as numbers (booleans 0/1), everything else as a string.
Json typed_config_value(const ApiRequest& request, const std::string& key, const std::string& text);
// The config keys a create/update request sets: every parameter except the path ones and
// the method's own controls (`controls`, e.g. delete, digest, skiplock).
std::vector<std::string> config_keys_of(const ApiRequest& request,
                                        const std::vector<std::string>& controls);

// PVE's split_list: items separated by commas, semicolons or white space.
std::vector<std::string> split_list(const std::string& text);

// The first "unusedN" key the config does not use.
std::string free_unused_key(const Json& config);
// Whether `volid` is already an unusedN of `config`.
bool is_unused_volume(const Json& config, const std::string& volid);

}  // namespace pvesim
