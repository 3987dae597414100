// The "small" seed's HA resources (ha/resources.cfg) and firewall rules (cluster.fw, host.fw,
// <vmid>.fw), each rule as parse_fw_rule reads it.
#include "cluster_seed.h"

namespace pvesim {
namespace {

void add_ha_resources(ClusterState& state) {
  state.ha_resources["vm:100"] = {{"type", "vm"},
                                  {"state", "started"},
                                  {"max_restart", 1},
                                  {"max_relocate", 1},
                                  {"comment", "Public web server"}};
  state.ha_resources["ct:101"] = {{"type", "ct"}, {"state", "started"}, {"failback", 0}};
  state.ha_resources["ct:103"] = {{"type", "ct"}, {"state", "stopped"}};
}

void add_firewall_rules(ClusterState& state) {
  state.firewall.cluster = {
      {{"type", "in"},
       {"action", "ACCEPT"},
       {"macro", "SSH"},
       {"source", "192.168.1.0/24"},
       {"log", "nolog"},
       {"enable", 1},
       {"ipversion", 4},
       {"comment", "Admin SSH from the LAN"}},
      {{"type", "in"},
       {"action", "ACCEPT"},
       {"proto", "tcp"},
       {"dport", "8006"},
       {"source", "192.168.1.0/24"},
       {"enable", 1},
       {"ipversion", 4},
       {"comment", "Web UI from the LAN"}},
      {{"type", "in"}, {"action", "ACCEPT"}, {"proto", "icmp"}, {"enable", 0}},
      {{"type", "out"},
       {"action", "DROP"},
       {"dest", "10.0.0.0/8"},
       {"log", "warning"},
       {"enable", 1},
       {"ipversion", 4}},
  };
  state.firewall.hosts["pve1"] = {
      {{"type", "in"},
       {"action", "ACCEPT"},
       {"iface", "vmbr0"},
       {"proto", "tcp"},
       {"dport", "22"},
       {"source", "192.168.1.50"},
       {"enable", 1},
       {"ipversion", 4},
       {"comment", "Backup server"}},
      {{"type", "in"},
       {"action", "DROP"},
       {"proto", "udp"},
       {"dport", "111"},
       {"enable", 1},
       {"comment", "No rpcbind"}},
  };
  state.firewall.hosts["pve2"] = {
      {{"type", "in"}, {"action", "ACCEPT"}, {"macro", "Ping"}, {"enable", 1}}};
  state.firewall.guests[100] = {
      {{"type", "group"},
       {"action", "webservers"},
       {"iface", "net0"},
       {"enable", 1},
       {"comment", "HTTP and HTTPS"}},
      {{"type", "in"},
       {"action", "ACCEPT"},
       {"macro", "SSH"},
       {"source", "192.168.1.0/24"},
       {"enable", 1},
       {"ipversion", 4}},
      {{"type", "in"},
       {"action", "REJECT"},
       {"proto", "tcp"},
       {"dport", "3306"},
       {"log", "info"},
       {"enable", 1},
       {"comment", "No database from outside"}},
  };
  state.firewall.guests[101] = {
      {{"type", "in"},
       {"action", "ACCEPT"},
       {"proto", "tcp"},
       {"dport", "8080:8090"},
       {"enable", 1},
       {"comment", "Published container ports"}},
      {{"type", "out"},
       {"action", "ACCEPT"},
       {"proto", "udp"},
       {"dport", "53"},
       {"dest", "192.168.1.53"},
       {"enable", 1},
       {"ipversion", 4}},
  };
}

}  // namespace

void seed_small_observability(ClusterState& state) {
  add_ha_resources(state);
  add_firewall_rules(state);
}

}  // namespace pvesim
