// GET /nodes/{node}/lxc/{vmid}/interfaces: what `ip --json a` inside a running container's
// network namespace shows, derived from its netN config (pve-container's PVE::LXC::get_interfaces).
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

struct Address {
  std::string family;  // inet | inet6
  std::string cidr;    // "10.0.0.5/24"
};

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The kernel's link-local address: fe80:: plus the MAC's modified EUI-64.
std::string link_local(const std::string& mac) {
  unsigned b[6] = {0, 0, 0, 0, 0, 0};
  if (std::sscanf(mac.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) !=
      6) {
    return "fe80::1/64";
  }
  char text[64];
  std::snprintf(text, sizeof text, "fe80::%x:%x:%x:%x/64", ((b[0] ^ 0x02U) << 8) | b[1],
                (b[2] << 8) | 0xffU, 0xfe00U | b[3], (b[4] << 8) | b[5]);
  return text;
}

// A DHCP or SLAAC lease from a fixed pool, so every run shows the same addresses.
std::vector<Address> addresses(const Guest& guest, int index, const std::string& net,
                               const std::string& mac) {
  std::vector<Address> out;
  const std::string ip = property_value(net, "ip").value_or("");
  if (ip == "dhcp") {
    out.push_back({"inet", "10.0." + std::to_string(index) + "." +
                               std::to_string(20 + guest.vmid % 200) + "/24"});
  } else if (ip.find('/') != std::string::npos) {
    out.push_back({"inet", ip});
  }
  const std::string ip6 = property_value(net, "ip6").value_or("");
  if (ip6 == "dhcp" || ip6 == "auto") {
    char text[48];
    std::snprintf(text, sizeof text, "fd00:%x::%x/64", index, guest.vmid);
    out.push_back({"inet6", text});
  } else if (ip6.find('/') != std::string::npos) {
    out.push_back({"inet6", ip6});
  }
  out.push_back({"inet6", link_local(mac)});
  return out;
}

// get_interfaces keeps the last address of each family in inet/inet6; ip-addresses (the
// qemu agent's shape) lists them all.
Json interface_entry(const std::string& name, const std::string& mac,
                     const std::vector<Address>& list) {
  Json entry = {{"name", name}, {"hwaddr", mac}, {"hardware-address", mac}};
  Json all = Json::array();
  for (const auto& address : list) {
    entry[address.family] = address.cidr;
    const auto slash = address.cidr.find('/');
    all.push_back({{"ip-address", address.cidr.substr(0, slash)},
                   {"ip-address-type", address.family == "inet" ? "ipv4" : "ipv6"},
                   {"prefix", std::stoi(address.cidr.substr(slash + 1))}});
  }
  entry["ip-addresses"] = std::move(all);
  return entry;
}

}  // namespace

// A stopped container has no pid: get_interfaces returns nothing, so the answer is null.
ApiResponse get_lxc_interfaces(ClusterState& state, const ApiRequest& request) {
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  if (guest == nullptr) {
    return config_missing(GuestType::kLxc, param_string(request, "node").value_or(""),
                          request_vmid(request));
  }
  if (!guest->running) return ApiResponse::ok(nullptr);
  Json out = Json::array();
  out.push_back(
      interface_entry("lo", "00:00:00:00:00:00", {{"inet", "127.0.0.1/8"}, {"inet6", "::1/128"}}));
  for (int index = 0; index < 32; ++index) {
    const std::string key = "net" + std::to_string(index);
    if (!guest->config.contains(key)) continue;
    const std::string net = guest->config[key].get<std::string>();
    const std::string mac = lower(property_value(net, "hwaddr").value_or(""));
    const std::string name = property_value(net, "name").value_or("eth" + std::to_string(index));
    out.push_back(interface_entry(name, mac, addresses(*guest, index, net, mac)));
  }
  return ApiResponse::ok(std::move(out));
}

}  // namespace pvesim
