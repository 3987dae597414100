// Network write tools: add, update and remove a guest's network interfaces (net0-31). A VM's
// NIC has a model; a container's has an interface name and its addressing. Each tool lists only
// its own arguments; a _vm/_lxc pair's handler takes the struct both derive from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools::typed {

Problem net_key(const std::string& key);          // net0-31
Problem bridge_name(const std::string& text);     // vmbr0: at most 15 characters
Problem interface_name(const std::string& text);  // eth1: at most 15 characters
Problem mac_address(const std::string& text);     // unicast
Problem qemu_nic_model(const std::string& text);  // virtio, e1000, …: pve::qemu_nic_models()
Problem ipv4_config(const std::string& text);     // dhcp, manual or address/prefix
Problem ipv4_address(const std::string& text);    // a gateway
Problem ipv6_config(const std::string& text);     // auto, dhcp, manual or address/prefix
Problem ipv6_address(const std::string& text);    // a gateway

}  // namespace tools::typed

namespace tools {

// remove_network_vm / remove_network_lxc: the interface alone.
struct NicSlot : GuestArgs {
  std::string net;

  static auto net_field() { return typed::field(&NicSlot::net, "net").checked(typed::net_key); }
  static auto fields() { return std::tuple_cat(GuestArgs::fields(), std::tuple{net_field()}); }
};

// What adding and changing an interface share besides its bridge and a VM's model.
struct NicOptions : NicSlot {
  std::optional<std::string> macaddr;
  std::optional<std::int64_t> vlan;
  std::optional<bool> firewall;
  std::optional<std::string> ip, gw, ip6, gw6;  // containers

  // node, vmid, net, bridge, macaddr, vlan, firewall.
  template <class Bridge, class Vlan>
  static auto fields_with(std::string_view net_about, Bridge bridge, Vlan vlan) {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{net_field().about(net_about), bridge,
                   typed::field(&NicOptions::macaddr, "macaddr").checked(typed::mac_address), vlan,
                   typed::field(&NicOptions::firewall, "firewall")});
  }
  // A container's ip, gw, ip6 and gw6.
  static auto addressing(std::string_view ip_about) {
    return std::tuple{
        typed::field(&NicOptions::ip, "ip").about(ip_about).checked(typed::ipv4_config),
        typed::field(&NicOptions::gw, "gw").checked(typed::ipv4_address),
        typed::field(&NicOptions::ip6, "ip6").checked(typed::ipv6_config),
        typed::field(&NicOptions::gw6, "gw6").checked(typed::ipv6_address),
    };
  }
};

// ---- add_network_vm / add_network_lxc ----

inline constexpr std::int64_t kMaxVlan = 4094;

struct NewNic : NicOptions {
  std::string bridge;
  std::string model;                // VMs
  std::optional<std::string> name;  // containers; ethN for netN when absent

  static auto common_fields() {
    return fields_with(
        "Free slot, e.g. net1", typed::field(&NewNic::bridge, "bridge").checked(typed::bridge_name),
        typed::field(&NicOptions::vlan, "vlan").checked(typed::between<1, kMaxVlan>));
  }
};

struct AddNetworkVmArgs : NewNic {
  static auto fields() {
    return std::tuple_cat(common_fields(), std::tuple{typed::field(&NewNic::model, "model")
                                                          .or_default("virtio")
                                                          .checked(typed::qemu_nic_model)});
  }
};

struct AddNetworkLxcArgs : NewNic {
  static auto fields() {
    return std::tuple_cat(common_fields(), addressing("dhcp (default), manual or CIDR"),
                          std::tuple{typed::field(&NewNic::name, "name")
                                         .about("Default ethN")
                                         .checked(typed::interface_name)});
  }
};

// ---- update_network_vm / update_network_lxc: only what is given changes ----

struct NicChange : NicOptions {
  std::optional<std::string> bridge;
  std::optional<std::string> model;  // VMs

  static auto common_fields() {
    return fields_with("e.g. net0",
                       typed::field(&NicChange::bridge, "bridge").checked(typed::bridge_name),
                       typed::field(&NicOptions::vlan, "vlan")
                           .about("0 removes the tag")
                           .checked(typed::between<0, kMaxVlan>));
  }
};

struct UpdateNetworkVmArgs : NicChange {
  static auto fields() {
    return std::tuple_cat(
        common_fields(),
        std::tuple{typed::field(&NicChange::model, "model").checked(typed::qemu_nic_model)});
  }
};

struct UpdateNetworkLxcArgs : NicChange {
  static auto fields() {
    return std::tuple_cat(common_fields(), addressing("dhcp, manual or CIDR"));
  }
};

mcp::ToolResult add_network(const Call& call, const NewNic& args);
mcp::ToolResult update_network(const Call& call, const NicChange& args);
mcp::ToolResult remove_network(const Call& call, const NicSlot& args);

extern const std::string_view kNetworkOutput;

}  // namespace tools
