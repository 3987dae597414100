#include "tools/nic.h"

#include "tools/markdown.h"

namespace tools::nic {
namespace {

// The model entry of a VM NIC: "virtio=MAC" (key virtio, value MAC) or "model=virtio".
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

}  // namespace

pve::PropertyString parse(const std::string& value, GuestType type, const std::string& key) {
  try {
    return pve::PropertyString::parse(value, type == GuestType::kLxc ? "" : "model");
  } catch (const pve::PropertyStringError& e) {
    throw ArgError("Cannot read " + key + " of the guest config (\"" + md::one_line(value) +
                   "\"): " + e.what());
  }
}

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

void set_addressing(pve::PropertyString& nic, const NicOptions& args) {
  if (args.ip) nic.set("ip", *args.ip);
  if (args.gw) nic.set("gw", *args.gw);
  if (args.ip6) nic.set("ip6", *args.ip6);
  if (args.gw6) nic.set("gw6", *args.gw6);
}

std::vector<Fact> facts(const pve::PropertyString& nic, GuestType type) {
  const bool lxc = type == GuestType::kLxc;
  std::vector<Fact> out;
  auto line = [&out](std::string_view key, const std::optional<std::string>& v) {
    if (v) out.push_back(shown(std::string(key), *v));
  };
  if (lxc) line("Name", nic.get("name"));
  line("Bridge", nic.get("bridge"));
  if (!lxc) {
    auto model = model_entry(nic);
    if (model) line("Model", model->model);
  }
  std::string mac = mac_of(nic);
  if (!mac.empty()) line("MAC", mac);
  line("VLAN", nic.get("tag"));
  if (lxc) {
    line("IP", nic.get("ip"));
    line("Gateway", nic.get("gw"));
    line("IPv6", nic.get("ip6"));
    line("Gateway IPv6", nic.get("gw6"));
  }
  if (auto fw = nic.get("firewall")) line("Firewall", *fw == "1" ? "on" : "off");
  return out;
}

}  // namespace tools::nic
