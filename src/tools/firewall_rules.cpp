// proxmox_get_firewall_rules: one rule list (the cluster's, a node's or a guest's) in the order
// the firewall applies it.
#include "pve/api.h"
#include "tools/markdown.h"
#include "tools/observe.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kFirewallRulesOutput = R"({
  "type": "object",
  "properties": {
    "level": {"type": "string"}, "node": {"type": "string"}, "vmid": {"type": "integer"},
    "type": {"type": "string"},
    "count": {"type": "integer"},
    "digest": {"type": "string", "description": "of the rule list, for later edits"},
    "rules": {"type": "array", "items": {"type": "object", "properties": {
      "pos": {"type": "integer"}, "type": {"type": "string", "description": "in, out or group"},
      "action": {"type": "string", "description": "ACCEPT, DROP, REJECT or a security group"},
      "enable": {"type": "boolean"}, "macro": {"type": "string"}, "proto": {"type": "string"},
      "source": {"type": "string"}, "dest": {"type": "string"}, "sport": {"type": "string"},
      "dport": {"type": "string"}, "icmp-type": {"type": "string"}, "iface": {"type": "string"},
      "log": {"type": "string"}, "ipversion": {"type": "integer"}, "comment": {"type": "string"}},
      "required": ["pos", "type", "action", "enable"]}}
  },
  "required": ["level", "count", "rules"]
})";

namespace {

struct RuleKey {
  const char* key;
  const char* label;
};
constexpr RuleKey kTextKeys[] = {
    {"macro", "Macro"}, {"proto", "Proto"},    {"source", "Source"},       {"dest", "Dest"},
    {"sport", "Sport"}, {"dport", "Dport"},    {"icmp-type", "ICMP type"}, {"iface", "Iface"},
    {"log", "Log"},     {"comment", "Comment"}};

struct RuleList {
  std::string path;
  std::string label;
};

// The list `args` names; a node or guest level without its node (and vmid) is refused here.
RuleList rule_list(const FirewallRulesArgs& args) {
  if (args.level == "cluster") return {"/cluster/firewall/rules", "cluster"};
  if (!args.node) {
    throw ArgError("Invalid argument 'node': is required for level=" + args.level);
  }
  if (args.level == "node") {
    return {pve::path({"nodes", *args.node, "firewall", "rules"}), "node " + *args.node};
  }
  if (!args.vmid) throw ArgError("Invalid argument 'vmid': is required for level=guest");
  const std::string vmid = std::to_string(*args.vmid);
  return {pve::path({"nodes", *args.node, args.type, vmid, "firewall", "rules"}),
          (args.type == "lxc" ? "CT " : "VM ") + vmid + " on " + *args.node};
}

json rule_facts(const json& rule) {
  json out = {{"pos", integer_field(rule, "pos").value_or(0)},
              {"type", text_field(rule, "type")},
              {"action", text_field(rule, "action")},
              // parse_fw_rule always sets it; a rule without one is enabled.
              {"enable", !rule.contains("enable") || flag_field(rule, "enable")}};
  for (const auto& [key, label] : kTextKeys) {
    if (rule.contains(key) && !text_field(rule, key).empty()) out[key] = text_field(rule, key);
  }
  put_integer(out, "ipversion", integer_field(rule, "ipversion"));
  return out;
}

// Columns that no rule uses are left out: a short list reads as a short table.
std::string rules_table(const json& rules) {
  std::vector<std::string> header = {"#", "On", "Dir", "Action"};
  std::vector<const char*> used;
  for (const auto& [key, label] : kTextKeys) {
    for (const auto& rule : rules) {
      if (rule.contains(key)) {
        used.push_back(key);
        header.emplace_back(label);
        break;
      }
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& rule : rules) {
    std::vector<std::string> row = {
        std::to_string(rule["pos"].get<std::int64_t>()), rule["enable"].get<bool>() ? "yes" : "no",
        rule["type"].get<std::string>(), rule["action"].get<std::string>()};
    for (const char* key : used) row.push_back(rule.value(key, std::string()));
    rows.push_back(std::move(row));
  }
  return md::table(header, rows);
}

}  // namespace

mcp::ToolResult get_firewall_rules(const Call& call, const FirewallRulesArgs& args) {
  const RuleList list = rule_list(args);
  const json answer = call.api.get(list.path);
  json rules = json::array();
  std::string digest;
  for (const auto& rule : answer.is_array() ? answer : json::array()) {
    rules.push_back(rule_facts(rule));
    if (digest.empty()) digest = text_field(rule, "digest");
  }
  json out = {{"level", args.level}, {"count", rules.size()}, {"rules", rules}};
  if (args.level != "cluster") out["node"] = *args.node;
  if (args.level == "guest") {
    out["vmid"] = *args.vmid;
    out["type"] = args.type;
  }
  if (!digest.empty()) out["digest"] = digest;
  std::string text = md::heading("🧱", "Firewall rules — " + list.label + " (" +
                                             std::to_string(rules.size()) + ")") +
                     "\n\n";
  text += rules.empty()
              ? "No rules defined.\n"
              : "Applied top to bottom; the first matching rule decides.\n\n" + rules_table(rules);
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
