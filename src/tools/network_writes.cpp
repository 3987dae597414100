// Network write tools: add, update and remove a guest's network interfaces (VMs and containers).

#include "pve/property_string.h"
#include "tools/areas.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_devices.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;
namespace dev = devices;

bool lxc(GuestType type) {
  return type == GuestType::kLxc;
}

bool given(const json& args, std::string_view key) {
  if (!args.is_object()) return false;
  auto it = args.find(key);
  return it != args.end() && !it->is_null();
}

[[noreturn]] void invalid(std::string_view key, std::string_view rule) {
  throw ArgError("Invalid argument '" + std::string(key) + "': " + std::string(rule));
}

std::string net_slot(const json& args) {
  return dev::slot_arg(args, "net", dev::is_net, "net0-31");
}

std::optional<std::string> checked(const json& args, std::string_view key,
                                   bool (*valid)(std::string_view), std::string_view rule) {
  auto value = args::optional_string(args, key);
  if (value && !valid(*value)) invalid(key, rule);
  return value;
}

std::optional<std::string> bridge_arg(const json& args) {
  return checked(args, "bridge", pve::is_bridge_name,
                 "must be a bridge name such as vmbr0 (letters, digits, '-', '_' or '.', at most "
                 "15 characters)");
}
std::optional<std::string> mac_arg(const json& args) {
  return checked(args, "macaddr", pve::is_mac_address,
                 "must be a unicast MAC address such as BC:24:11:AA:BB:CC");
}
// `vlan` → tag; with allow_zero (updates) 0 removes the tag.
std::optional<std::int64_t> vlan_arg(const json& args, bool allow_zero) {
  if (!given(args, "vlan")) return std::nullopt;
  return args::integer(args, "vlan", 0, allow_zero ? 0 : 1, 4094);
}
std::optional<bool> firewall_arg(const json& args) {
  if (!given(args, "firewall")) return std::nullopt;
  return args::boolean(args, "firewall", false);
}
std::optional<std::string> model_arg(const json& args) {
  if (!given(args, "model")) return std::nullopt;
  return args::choice(args, "model", pve::qemu_nic_models(), "virtio");
}

struct LxcAddressing {
  std::optional<std::string> ip, gw, ip6, gw6;
};
LxcAddressing lxc_addressing(const json& args) {
  LxcAddressing a;
  a.ip = checked(args, "ip", pve::is_ipv4_config,
                 "must be dhcp, manual or an IPv4 address with prefix such as 192.168.1.100/24");
  a.gw = checked(args, "gw", pve::is_ipv4, "must be an IPv4 address such as 192.168.1.1");
  a.ip6 = checked(args, "ip6", pve::is_ipv6_config,
                  "must be auto, dhcp, manual or an IPv6 address with prefix such as fd00::5/64");
  a.gw6 = checked(args, "gw6", pve::is_ipv6, "must be an IPv6 address such as fd00::1");
  return a;
}

// The model entry of a qemu NIC: "virtio=MAC" (key virtio, value MAC) or "model=virtio".
struct ModelEntry {
  std::string key;    // the model name, or "model"
  std::string model;  // the model
};
std::optional<ModelEntry> model_entry(const pve::PropertyString& nic) {
  if (auto model = nic.get("model")) return ModelEntry{"model", *model};
  for (const auto& e : nic.entries()) {
    if (pve::is_qemu_nic_model(e.key)) return ModelEntry{e.key, e.key};
  }
  return std::nullopt;
}

// The NIC's MAC: the value of its model key (virtio=MAC), macaddr= or hwaddr= (containers).
std::string mac_of(const pve::PropertyString& nic) {
  if (auto hw = nic.get("hwaddr")) return *hw;
  if (auto mac = nic.get("macaddr")) return *mac;
  auto model = model_entry(nic);
  if (model && model->key != "model") return nic.get(model->key).value_or("");
  return "";
}

// Sets the qemu NIC's MAC in the form Proxmox itself writes: as the model key's value.
void set_qemu_mac(pve::PropertyString& nic, const std::string& mac) {
  if (nic.has("macaddr")) {
    nic.set("macaddr", mac);
    return;
  }
  auto model = model_entry(nic);
  if (!model) {
    nic.set("macaddr", mac);
  } else if (model->key == "model") {
    nic.rename("model", model->model);
    nic.set(model->model, mac);
  } else {
    nic.set(model->key, mac);
  }
}

void set_qemu_model(pve::PropertyString& nic, const std::string& model) {
  auto current = model_entry(nic);
  if (!current || current->key == "model") {
    nic.set("model", model);
  } else {
    nic.rename(current->key, model);  // keeps the MAC, which is this key's value
  }
}

void set_vlan(pve::PropertyString& nic, std::int64_t vlan) {
  if (vlan == 0) {
    nic.erase("tag");
  } else {
    nic.set("tag", std::to_string(vlan));
  }
}

void set_addressing(pve::PropertyString& nic, const LxcAddressing& a) {
  if (a.ip) nic.set("ip", *a.ip);
  if (a.gw) nic.set("gw", *a.gw);
  if (a.ip6) nic.set("ip6", *a.ip6);
  if (a.gw6) nic.set("gw6", *a.gw6);
}

pve::PropertyString parse_nic(const std::string& value, GuestType type, const std::string& key) {
  try {
    return pve::PropertyString::parse(value, lxc(type) ? "" : "model");
  } catch (const pve::PropertyStringError& e) {
    throw ArgError("Cannot read " + key + " of the guest config (\"" + md::one_line(value) +
                   "\"): " + e.what());
  }
}

// The bullets describing a NIC value as stored.
std::string nic_bullets(const pve::PropertyString& nic, GuestType type) {
  std::string text;
  auto line = [&text](std::string_view key, const std::optional<std::string>& v) {
    if (v) text += md::bullet(key, *v) + "\n";
  };
  if (lxc(type)) line("Name", nic.get("name"));
  line("Bridge", nic.get("bridge"));
  if (!lxc(type)) {
    auto model = model_entry(nic);
    if (model) line("Model", model->model);
  }
  std::string mac = mac_of(nic);
  if (!mac.empty()) line("MAC", mac);
  line("VLAN", nic.get("tag"));
  if (lxc(type)) {
    line("IP", nic.get("ip"));
    line("Gateway", nic.get("gw"));
    line("IPv6", nic.get("ip6"));
    line("Gateway IPv6", nic.get("gw6"));
  }
  if (auto fw = nic.get("firewall")) line("Firewall", *fw == "1" ? "on" : "off");
  return text;
}

struct ChangeReport {
  std::string value_after;  // as Proxmox stored it (pending or in effect); empty when unknown
  bool pending = false;
};

// Applies `params` with PUT …/config (synchronous for both guest types; a NIC allocates no
// storage) and reads the config back to report what Proxmox stored.
ChangeReport apply(pve::Api& api, const GuestTarget& guest, const std::string& key,
                   const pve::Params& params, FollowedTask& task, mcp::CallContext& ctx) {
  json answer = api.put(guest.path({"config"}), params);
  task = follow_task(api, answer, guest.node, FollowOptions{}, ctx);
  ChangeReport report;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      report.pending = after->waits(key);
      report.value_after = after->stored(key);
    }
  }
  return report;
}

// The pending bullet and the sent/config/pending fields of an add or update.
void report_change(const ChangeReport& report, GuestType type, const std::string& sent,
                   std::string& text, json& out) {
  if (report.pending) text += pending_bullet(type);
  out["sent"] = sent;
  if (!report.value_after.empty()) out["config"] = report.value_after;
  out["pending"] = report.pending;
}

// ---- add ----

mcp::ToolResult run_add(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string key = net_slot(args);
  std::optional<std::string> bridge = bridge_arg(args);
  if (!bridge) invalid("bridge", "is required");
  std::optional<std::string> mac = mac_arg(args);
  std::optional<std::int64_t> vlan = vlan_arg(args, false);
  bool firewall = firewall_arg(args).value_or(false);
  const std::string index = key.substr(3);

  pve::PropertyString nic(lxc(type) ? "" : "model");
  if (lxc(type)) {
    std::string name = checked(args, "name", pve::is_bridge_name,
                               "must be an interface name such as eth1 (at most 15 characters)")
                           .value_or("eth" + index);
    LxcAddressing addressing = lxc_addressing(args);
    if (!addressing.ip && !addressing.ip6) addressing.ip = "dhcp";
    nic.set("name", name);
    nic.set("bridge", *bridge);
    if (mac) nic.set("hwaddr", *mac);
    set_addressing(nic, addressing);
  } else {
    std::string model = model_arg(args).value_or("virtio");
    if (mac) {
      nic.set(model, *mac);
    } else {
      nic.set("model", model);
    }
    nic.set("bridge", *bridge);
  }
  if (vlan) nic.set("tag", std::to_string(*vlan));
  if (firewall) nic.set("firewall", "1");

  json config = config_before(api, guest);
  if (config.contains(key)) {
    throw ArgError(guest.label() + " already has " + key + " (" +
                   md::one_line(dev::value(config, key)) + "): use proxmox_update_network_" +
                   (lxc(type) ? "lxc" : "vm") + " to change it, or choose a free netN");
  }
  pve::Params params{{key, nic.format()}};
  add_digest(params, config);
  FollowedTask task;
  ChangeReport report = apply(api, guest, key, params, task, ctx);

  std::string text =
      outcome_heading(
          task,
          {"🌐", "Network Interface Addition Started",
           lxc(type) ? "Network Interface Added to Container" : "Network Interface Added to VM",
           "Adding the Network Interface Failed", "Network Interface Addition Pending"},
          report.pending) +
      "\n\n" + guest.bullets() + md::bullet("Interface", key) + "\n";
  const pve::PropertyString& shown =
      report.value_after.empty() ? nic : parse_nic(report.value_after, type, key);
  text += nic_bullets(shown, type);
  json out = guest.fields();
  out["net"] = key;
  report_change(report, type, nic.format(), text, out);
  return task_result(std::move(text), std::move(out), task);
}

// ---- update ----

mcp::ToolResult run_update(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string key = net_slot(args);
  std::optional<std::string> bridge = bridge_arg(args);
  std::optional<std::string> mac = mac_arg(args);
  std::optional<std::int64_t> vlan = vlan_arg(args, true);
  std::optional<bool> firewall = firewall_arg(args);
  std::optional<std::string> model = lxc(type) ? std::nullopt : model_arg(args);
  LxcAddressing addressing = lxc(type) ? lxc_addressing(args) : LxcAddressing{};

  std::vector<std::string> updated;
  if (bridge) updated.emplace_back("bridge");
  if (model) updated.emplace_back("model");
  if (mac) updated.emplace_back("macaddr");
  if (vlan) updated.emplace_back("vlan");
  if (firewall) updated.emplace_back("firewall");
  for (auto [name, v] : {std::pair{"ip", &addressing.ip}, std::pair{"gw", &addressing.gw},
                         std::pair{"ip6", &addressing.ip6}, std::pair{"gw6", &addressing.gw6}}) {
    if (*v) updated.emplace_back(name);
  }
  if (updated.empty()) {
    throw ArgError(std::string("Nothing to update: give at least one of ") +
                   (lxc(type) ? "bridge, ip, gw, ip6, gw6, macaddr, vlan or firewall"
                              : "bridge, model, macaddr, vlan or firewall"));
  }

  json config = config_before(api, guest);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", dev::keys_list(config, dev::is_net)));
  }
  const std::string before = dev::value(config, key);
  pve::PropertyString nic = parse_nic(before, type, key);
  // Only the given options change; the MAC and every other option stay as they are.
  try {
    if (bridge) nic.set("bridge", *bridge);
    if (lxc(type)) {
      if (mac) nic.set("hwaddr", *mac);
      set_addressing(nic, addressing);
    } else {
      if (model) set_qemu_model(nic, *model);
      if (mac) set_qemu_mac(nic, *mac);
    }
    if (vlan) set_vlan(nic, *vlan);
    if (firewall) nic.set("firewall", *firewall ? "1" : "0");
  } catch (const pve::PropertyStringError& e) {
    throw ArgError("Cannot update " + key + ": " + e.what());
  }
  const std::string wanted = nic.format();

  json out = guest.fields();
  out["net"] = key;
  out["updated"] = updated;
  out["previous"] = before;
  if (wanted == before) {
    // Nothing is sent, so there is no task and no change to report as "done".
    out.update({{"config", before},
                {"pending", false},
                {"node", guest.node},
                {"status", "unknown"},
                {"waited", false},
                {"timed_out", false},
                {"cancelled", false},
                {"succeeded", true}});
    mcp::ToolResult unchanged;
    unchanged.text = md::heading("🔧", "Network Interface Unchanged") + "\n\n" + guest.bullets() +
                     md::bullet("Interface", key) + "\n" + md::bullet("Config", before) + "\n" +
                     md::bullet("Result", "already as asked; nothing was sent to Proxmox") + "\n";
    unchanged.structured = std::move(out);
    return unchanged;
  }
  pve::Params params{{key, wanted}};
  add_digest(params, config);
  FollowedTask task;
  ChangeReport report = apply(api, guest, key, params, task, ctx);
  std::string updated_list;
  for (const auto& u : updated) updated_list += (updated_list.empty() ? "" : ", ") + u;
  std::string text =
      outcome_heading(task,
                      {"🔧", "Network Interface Update Started", "Network Interface Updated",
                       "Updating the Network Interface Failed", "Network Interface Update Pending"},
                      report.pending) +
      "\n\n" + guest.bullets() + md::bullet("Interface", key) + "\n" +
      md::bullet("Updated", updated_list) + "\n" + md::bullet("Before", before) + "\n" +
      md::bullet(report.pending ? "After the Next Start" : "Now",
                 report.value_after.empty() ? wanted : report.value_after) +
      "\n";
  report_change(report, type, wanted, text, out);
  return task_result(std::move(text), std::move(out), task);
}

// ---- remove ----

mcp::ToolResult run_remove(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string key = net_slot(args);
  json config = config_before(api, guest);
  std::vector<std::string> nics = dev::keys(config, dev::is_net);
  if (!config.contains(key)) {
    throw ArgError(
        missing_key(guest, key, "network interfaces", dev::keys_list(config, dev::is_net)));
  }
  const std::string before = dev::value(config, key);
  pve::Params params{{"delete", key}};
  add_digest(params, config);
  FollowedTask task;
  ChangeReport report = apply(api, guest, key, params, task, ctx);
  const bool last = nics.size() == 1;
  std::string text =
      outcome_heading(
          task,
          {"➖", "Network Interface Removal Started", "Network Interface Removed",
           "Removing the Network Interface Failed", "Network Interface Removal Pending"},
          report.pending) +
      "\n\n" + guest.bullets() + md::bullet("Interface", key) + "\n" + md::bullet("Was", before) +
      "\n";
  if (report.pending) text += pending_bullet(type);
  if (last) {
    text += md::bullet("Warning", "⚠️ it " + std::string(report.pending ? "is" : "was") +
                                      " the " + guest_noun(type) + "'s only network interface: " +
                                      (report.pending ? "it will have no network once this applies"
                                                      : "it has no network now")) +
            "\n";
  }
  json out = guest.fields();
  out["net"] = key;
  out["previous"] = before;
  out["pending"] = report.pending;
  out["last_interface"] = last;
  return task_result(std::move(text), std::move(out), task);
}

// ---- schemas and registration ----

constexpr std::string_view kNetOutput = R"({
  "type": "object",
  "properties": {
    "net": {"type": "string"},
    "sent": {"type": "string", "description": "the property string sent to Proxmox"},
    "config": {"type": "string", "description": "the value Proxmox stored, read back"},
    "previous": {"type": "string"},
    "updated": {"type": "array", "items": {"type": "string"}},
    "pending": {"type": "boolean", "description": "applies at the guest's next restart"},
    "last_interface": {"type": "boolean"}
  },
  "required": ["net", "pending"]
})";

json string_property(std::string_view description) {
  return {{"type", "string"}, {"description", description}};
}

json nic_properties(GuestType type, bool update) {
  json p = {{"net",
             {{"type", "string"},
              {"description", update ? "Network interface to change, e.g. net0"
                                     : "Free network interface slot, e.g. net1 (net0-31)"},
              {"pattern", "^net([0-9]|[12][0-9]|3[01])$"}}},
            {"bridge",
             {{"type", "string"},
              {"description", update ? "New bridge" : "Bridge to attach to, e.g. vmbr0"},
              {"pattern", "^[-_.A-Za-z0-9]{1,15}$"}}},
            {"macaddr",
             {{"type", "string"},
              {"description", update ? "New MAC address"
                                     : "MAC address, e.g. BC:24:11:AA:BB:CC (Proxmox "
                                       "generates one when omitted)"},
              {"pattern", "^[0-9a-fA-F][02468aceACE](:[0-9a-fA-F]{2}){5}$"}}},
            {"vlan",
             {{"type", "integer"},
              {"minimum", update ? 0 : 1},
              {"maximum", 4094},
              {"description",
               update ? "New VLAN tag (1-4094); 0 removes the tag" : "VLAN tag (1-4094)"}}},
            {"firewall",
             {{"type", "boolean"},
              {"description", update ? "Enable or disable the Proxmox firewall on it"
                                     : "Enable the Proxmox firewall on this interface"}}}};
  if (lxc(type)) {
    p["ip"] = string_property(update ? "New IPv4 setting: dhcp, manual or address/prefix"
                                     : "IPv4: dhcp (default when neither ip nor ip6 is given), "
                                       "manual, or address/prefix such as 192.168.1.100/24");
    p["gw"] = string_property("IPv4 gateway, e.g. 192.168.1.1");
    p["ip6"] = string_property("IPv6: auto, dhcp, manual or address/prefix");
    p["gw6"] = string_property("IPv6 gateway");
    if (!update) {
      p["name"] = string_property("Interface name inside the container (default ethN for netN)");
    }
  } else {
    // Not an enum: the full list (pve::qemu_nic_models) is checked inside and named in the
    // error, while every tool listing stays short.
    p["model"] = {{"type", "string"},
                  {"description", std::string(update ? "New NIC model (the MAC is kept)"
                                                     : "NIC model (default virtio)") +
                                      ": virtio, e1000, e1000e, rtl8139, vmxnet3 or another "
                                      "QEMU model"}};
  }
  return p;
}

mcp::Tool make(pve::Api& api, const policy::Policy& policy, GuestType type, const std::string& verb,
               std::string title, std::string description, json props,
               std::vector<std::string> required, mcp::Annotations annotations, GuestHandler run) {
  WriteSpec spec;
  spec.name = "proxmox_" + verb + "_network_" + (lxc(type) ? "lxc" : "vm");
  spec.title = std::move(title);
  spec.description = std::move(description);
  spec.input_schema = guest_input_schema(type, std::move(props), std::move(required));
  spec.output_schema = kNetOutput;
  spec.annotations = annotations;
  spec.privilege = "VM.Config.Network";
  spec.follows_task = true;
  spec.guest = type;
  spec.body = bind_guest(api, type, run);
  return write_tool(std::move(spec), policy);
}

}  // namespace

std::vector<mcp::Tool> network_write_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> tools;
  for (GuestType type : {GuestType::kQemu, GuestType::kLxc}) {
    const std::string noun = guest_noun(type);
    tools.push_back(make(
        api, policy, type, "add", "Add network interface to " + noun,
        "Adds a network interface to a " + noun +
            ". Refused when the slot is already used (update_network changes an existing one).",
        nic_properties(type, false), {"net", "bridge"}, write_annotations(false, false), run_add));
    tools.push_back(
        make(api, policy, type, "update", "Update network interface of " + noun,
             "Changes only the given options of an existing network interface of a " + noun +
                 "; the MAC address and every other option are kept. Sends the config digest so a "
                 "concurrent edit is not overwritten.",
             nic_properties(type, true), {"net"}, write_annotations(false, true), run_update));
    json remove_props = {{"net",
                          {{"type", "string"},
                           {"description", "Network interface to remove, e.g. net1"},
                           {"pattern", "^net([0-9]|[12][0-9]|3[01])$"}}}};
    tools.push_back(make(api, policy, type, "remove", "Remove network interface from " + noun,
                         "Removes a network interface from a " + noun +
                             " (sends the config digest; warns when it was the last one).",
                         std::move(remove_props), {"net"}, write_annotations(true, true),
                         run_remove));
  }
  return tools;
}

}  // namespace tools
