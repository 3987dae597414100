// What the network tools share: reading and editing a netN property string the way Proxmox
// writes it, and showing it.
#pragma once

#include <string>
#include <vector>

#include "pve/property_string.h"
#include "tools/guest_write.h"
#include "tools/network.h"
#include "tools/write_pipeline.h"

namespace tools::nic {

// A netN value as stored ("virtio=MAC,bridge=vmbr0" or "name=eth0,bridge=vmbr0,…"); ArgError
// when the guest's config holds something unreadable.
pve::PropertyString parse(const std::string& value, GuestType type, const std::string& key);
// Sets a VM NIC's MAC in the form Proxmox itself writes: as its model key's value.
void set_qemu_mac(pve::PropertyString& nic, const std::string& mac);
// Changes a VM NIC's model and keeps its MAC.
void set_qemu_model(pve::PropertyString& nic, const std::string& model);
// 0 removes the tag.
void set_vlan(pve::PropertyString& nic, std::int64_t vlan);
// The container addressing options given in `args`.
void set_addressing(pve::PropertyString& nic, const NicOptions& args);

// The bullets describing a NIC value as stored (Markdown only: the value itself is a field).
std::vector<Fact> facts(const pve::PropertyString& nic, GuestType type);

}  // namespace tools::nic
