// What the network tools share: reading and editing a netN property string the way Proxmox
// writes it, showing it, and writing it to the guest's config.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "pve/property_string.h"
#include "tools/guest_write.h"
#include "tools/network.h"
#include "tools/task_follow.h"

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

// The bullets describing a NIC value as stored.
std::string bullets(const pve::PropertyString& nic, GuestType type);

struct Change {
  FollowedTask task;
  std::string value_after;  // as Proxmox stored it (pending or in effect); empty when unknown
  bool pending = false;
};
// Applies `params` with PUT …/config (synchronous for both guest types: a NIC allocates no
// storage) and reads the config back to report what Proxmox stored under `key`.
Change apply(pve::Api& api, const GuestTarget& guest, const std::string& key,
             const pve::Params& params, mcp::CallContext& ctx);
// The pending bullet (added to `text`) and the sent, config and pending fields of an add or
// update that sent `sent`.
void report(const Change& change, GuestType type, const std::string& sent, std::string& text,
            nlohmann::json& out);

}  // namespace tools::nic
