// get_guest_ips: the addresses a running guest holds, per interface: a VM's from its QEMU guest
// agent, a container's from its network namespace (…/lxc/{vmid}/interfaces).
#include <algorithm>

#include "pve/error.h"
#include "tools/guest_config.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kGuestIpsOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "vmid": {"type": "integer"}, "type": {"type": "string"},
    "available": {"type": "boolean", "description": "false: not running or no agent answer"},
    "reason": {"type": "string"},
    "interfaces": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "mac": {"type": "string"},
      "addresses": {"type": "array", "items": {"type": "string"}}},
      "required": ["name", "addresses"]}}
  },
  "required": ["node", "vmid", "type", "available", "interfaces"]
})";

namespace {

struct Interface {
  std::string name, mac;
  std::vector<std::string> addresses;  // "10.0.0.5/24"
};

bool local_only(const std::string& address) {
  for (std::string_view prefix : {"127.", "::1/", "169.254.", "fe8", "fe9", "fea", "feb"}) {
    if (address.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The agent's ip-addresses (and PVE 9's container answer) as "address/prefix".
std::vector<std::string> listed_addresses(const json& item) {
  std::vector<std::string> out;
  const json list = item.value("ip-addresses", json::array());
  if (!list.is_array()) return out;
  for (const auto& a : list) {
    const std::string address = text_field(a, "ip-address");
    if (address.empty()) continue;
    const std::string prefix = text_field(a, "prefix");
    out.push_back(prefix.empty() ? address : address + "/" + prefix);
  }
  return out;
}

Interface read_interface(const json& item) {
  Interface i{md::one_line(text_field(item, "name")), md::one_line(text_field(item, "hwaddr")),
              listed_addresses(item)};
  if (i.mac.empty()) i.mac = md::one_line(text_field(item, "hardware-address"));
  // Before PVE 9 a container's answer had only the last address of each family.
  for (const char* family : {"inet", "inet6"}) {
    if (!item.contains("ip-addresses") && !text_field(item, family).empty()) {
      i.addresses.push_back(text_field(item, family));
    }
  }
  for (auto& a : i.addresses) a = md::one_line(a);
  return i;
}

// Null for a stopped container; an agent error (not running, none configured) for a VM.
std::optional<json> fetch(const Call& call, const GuestTarget& guest, std::string& reason) {
  if (guest.type == GuestType::kLxc) {
    json list = call.api.get(guest.path({"interfaces"}));
    if (list.is_array()) return list;
    reason = "the container is not running";
    return std::nullopt;
  }
  try {
    json answer = call.api.get(guest.path({"agent", "network-get-interfaces"}));
    return answer.value("result", json::array());
  } catch (const pve::Error& e) {
    if (e.kind() != pve::ErrorKind::kServer) throw;
    reason = md::one_line(e.pve_message());
    while (!reason.empty() && reason.back() == ' ') reason.pop_back();
    return std::nullopt;
  }
}

}  // namespace

mcp::ToolResult get_guest_ips(const Call& call, const GuestIpsArgs& a) {
  const GuestType type = a.type == "lxc" ? GuestType::kLxc : GuestType::kQemu;
  const GuestTarget guest{a.node, type, a.vmid};
  std::string reason;
  const std::optional<json> list = fetch(call, guest, reason);

  std::string text = md::heading("🌐", "IP addresses — " + guest.label() + " on " + a.node) + "\n\n";
  json out = {
      {"node", a.node}, {"vmid", a.vmid}, {"type", a.type}, {"available", list.has_value()}};
  json interfaces = json::array();
  if (!list) {
    out["reason"] = reason;
    text += "No addresses: " + reason + ".\n";
    if (type == GuestType::kQemu) {
      text += "The VM must be running with the QEMU guest agent installed and enabled.\n";
    }
  }
  for (const auto& item : list.value_or(json::array())) {
    Interface i = read_interface(item);
    if (!a.all && i.name == "lo") continue;
    if (!a.all) std::erase_if(i.addresses, local_only);
    text += "• **" + i.name + "**" + (i.mac.empty() ? "" : " (" + i.mac + ")") +
            (i.addresses.empty() ? ": no addresses" : "") + "\n";
    for (const auto& address : i.addresses) text += "   • " + address + "\n";
    interfaces.push_back({{"name", i.name}, {"mac", i.mac}, {"addresses", i.addresses}});
  }
  if (list && interfaces.empty()) text += "No interfaces reported.\n";
  if (list && !a.all) text += "\nLoopback and link-local left out; all=true shows them.\n";
  out["interfaces"] = interfaces;
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
