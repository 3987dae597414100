// set_cloudinit: a VM's cloud-init user, password, SSH keys, net0 addressing and DNS, written
// in one config change; the password is never echoed.
#include <algorithm>
#include <cctype>
#include <sstream>

#include "pve/encoding.h"
#include "pve/property_string.h"
#include "tools/device_write.h"
#include "tools/guest_config.h"
#include "tools/guest_devices.h"
#include "tools/write_pipeline.h"

namespace tools::typed {
namespace {

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) != 0; });
}

std::vector<std::string> words(const std::string& text, std::string_view separators) {
  std::string spaced = text;
  std::replace_if(
      spaced.begin(), spaced.end(),
      [separators](char c) { return separators.find(c) != std::string_view::npos; }, ' ');
  std::istringstream in(spaced);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// One ipconfig option's value, by PVE's pve-qm-ipconfig format.
bool ipconfig_value(const std::string& key, const std::string& value) {
  if (key == "ip") return value == "dhcp" || pve::is_ipv4_cidr(value);
  if (key == "ip6") return value == "dhcp" || value == "auto" || pve::is_ipv6_cidr(value);
  if (key == "gw") return pve::is_ipv4(value);
  return key == "gw6" && pve::is_ipv6(value);
}

}  // namespace

Problem ipconfig(const std::string& text) {
  const std::string rule =
      "must be ip=<IPv4/prefix|dhcp>, gw=<IPv4>, ip6=<IPv6/prefix|dhcp|auto>, gw6=<IPv6>, "
      "comma-separated, e.g. ip=10.0.0.5/24,gw=10.0.0.1";
  try {
    const pve::PropertyString parsed = pve::PropertyString::parse(text);
    if (parsed.entries().empty()) return rule;
    for (const auto& [key, value] : parsed.entries()) {
      if (!ipconfig_value(key, value)) return rule;
    }
    // qemu-server's parse_ipconfig: a gateway needs a static address of its family.
    if (parsed.has("gw") && !pve::is_ipv4_cidr(parsed.get("ip").value_or(""))) {
      return "gw needs a static ip (address/prefix)";
    }
    if (parsed.has("gw6") && !pve::is_ipv6_cidr(parsed.get("ip6").value_or(""))) {
      return "gw6 needs a static ip6 (address/prefix)";
    }
  } catch (const pve::PropertyStringError&) {
    return rule;
  }
  return std::nullopt;
}

Problem address_list(const std::string& text) {
  const auto list = words(text, ",; ");
  const bool valid = !list.empty() && std::all_of(list.begin(), list.end(), [](const auto& w) {
    return pve::is_ipv4(w) || pve::is_ipv6(w);
  });
  if (valid) return std::nullopt;
  return "must be IP addresses separated by spaces, e.g. 1.1.1.1 9.9.9.9";
}

Problem domain_list(const std::string& text) {
  const auto list = words(text, " ");
  const bool valid = !list.empty() && std::all_of(list.begin(), list.end(), [](const auto& w) {
    return w.size() <= 253 && std::all_of(w.begin(), w.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
           });
  });
  if (valid) return std::nullopt;
  return "must be DNS domain names separated by spaces, e.g. example.com";
}

Problem ssh_public_keys(const std::string& text) {
  int keys = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto fields = words(line, " \t");
    if (fields.empty()) continue;  // a line of blanks
    const std::string& kind = fields.front();
    const bool typed =
        kind.rfind("ssh-", 0) == 0 || kind.rfind("ecdsa-", 0) == 0 || kind.rfind("sk-", 0) == 0;
    if (!typed || fields.size() < 2 || has_control(line)) {
      return "must be OpenSSH public keys, one a line (ssh-ed25519 AAAA… comment)";
    }
    ++keys;
  }
  if (keys == 0) return "must hold at least one OpenSSH public key";
  return std::nullopt;
}

Problem single_line_text(const std::string& text) {
  if (!text.empty() && !has_control(text)) return std::nullopt;
  return "must be non-empty text without control characters";
}

Problem user_name(const std::string& text) {
  const bool valid =
      !text.empty() && text.size() <= 64 && std::none_of(text.begin(), text.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ':' ||
               std::iscntrl(static_cast<unsigned char>(c)) != 0;
      });
  if (valid) return std::nullopt;
  return "must be a user name without spaces or ':'";
}

}  // namespace tools::typed

namespace tools {

using nlohmann::json;

extern const std::string_view kCloudinitOutput = R"({
  "type": "object",
  "properties": {
    "set": {"type": "array", "items": {"type": "string"}},
    "values": {"type": "object", "description": "what was set, cipassword left out"},
    "cloudinit_drive": {"type": "string", "description": "the slot holding it; empty: none"},
    "pending": {"type": "boolean"}
  },
  "required": ["set", "values", "cloudinit_drive"]
})";

namespace {

struct Option {
  const char* key;
  const std::optional<std::string>* value;
};

// The drive slot (ide2, scsi1, …) whose volume is a cloud-init image, or "".
std::string cloudinit_drive(const json& config) {
  for (const auto& key : devices::keys(config, devices::is_qemu_disk)) {
    if (devices::value(config, key).find("cloudinit") != std::string::npos) return key;
  }
  return "";
}

// How a set value is listed: SSH keys by their number, the rest as given.
std::string display(const std::string& key, const std::string& value) {
  if (key == "sshkeys") {
    auto count = std::count_if(value.begin(), value.end(), [](char c) { return c == '\n'; });
    if (!value.empty() && value.back() != '\n') ++count;
    return std::to_string(count) + " key line(s)";
  }
  return value;
}

}  // namespace

mcp::ToolResult set_cloudinit(const Call& call, const CloudinitArgs& args) {
  const GuestTarget guest = GuestTarget::of(args, GuestType::kQemu);
  const std::vector<Option> options = {
      {"ciuser", &args.ciuser},         {"cipassword", &args.cipassword},
      {"sshkeys", &args.sshkeys},       {"ipconfig0", &args.ipconfig0},
      {"nameserver", &args.nameserver}, {"searchdomain", &args.searchdomain}};
  pve::Params params;
  std::vector<std::string> keys;
  json values = json::object();
  std::string list;
  for (const auto& [key, value] : options) {
    if (!value->has_value()) continue;
    // qemu-server stores sshkeys URI-encoded and decodes them itself (its 'urlencoded' format).
    params.emplace_back(key,
                        std::string(key) == "sshkeys" ? pve::percent_encode(**value) : **value);
    keys.emplace_back(key);
    list += (list.empty() ? "" : ", ") + std::string(key);
    if (std::string(key) != "cipassword") values[key] = **value;
  }
  if (keys.empty()) {
    throw ArgError(
        "Nothing to set: give at least one of ciuser, cipassword, sshkeys, ipconfig0, "
        "nameserver or searchdomain");
  }

  const json config = config_before(call.api, guest);
  const std::string drive = cloudinit_drive(config);
  const WriteOutcome outcome =
      perform(call, config_put(call.api, guest, params, config, keys), FollowOptions{});

  WriteReport report{.titles = {"☁️", "Cloud-Init Update Started", "Cloud-Init Updated",
                                "Updating Cloud-Init Failed", "Cloud-Init Update Pending"},
                     .facts = guest_facts(guest),
                     .tip =
                         "**Tip**: the guest reads cloud-init when it boots: restart it to "
                         "apply.\n"};
  report.facts.insert(report.facts.end(), {fact("Set", list, "set", keys), field("values", values),
                                           fact("Cloud-Init Drive", drive.empty() ? "none" : drive,
                                                "cloudinit_drive", drive)});
  for (const auto& key : keys) {
    if (key != "cipassword") {
      report.facts.push_back(shown(key, display(key, values[key].get<std::string>())));
    }
  }
  if (args.cipassword) report.facts.push_back(shown("Password", "set (not shown)"));
  if (drive.empty()) {
    report.after_pending.push_back(
        shown("Note",
              "the VM has no cloud-init drive; add one (e.g. ide2: local-lvm:cloudinit) "
              "for these to reach the guest"));
  }
  return render(report, outcome);
}

}  // namespace tools
