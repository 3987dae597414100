#include "policy/scope.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>

#include "policy/tool_choice.h"

namespace policy {

namespace {

constexpr std::int64_t kFirstVmid = 100;  // Proxmox's pve-vmid range
constexpr std::int64_t kLastVmid = 999999999;

std::optional<std::int64_t> vmid_of(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < kFirstVmid ||
      value > kLastVmid) {
    return std::nullopt;
  }
  return value;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool in(const std::vector<IdRange>& ranges, std::int64_t vmid) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const IdRange& r) { return vmid >= r.first && vmid <= r.last; });
}

std::string ranges_text(const std::vector<IdRange>& ranges) {
  std::string out;
  for (const IdRange& r : ranges) {
    if (!out.empty()) out += ", ";
    out += std::to_string(r.first);
    if (r.last != r.first) out += "-" + std::to_string(r.last);
  }
  return out;
}

}  // namespace

IdRangesParse parse_id_ranges(std::string_view text) {
  IdRangesParse out;
  for (const std::string& item : parse_name_list(text)) {
    const size_t dash = item.find('-', 1);
    const std::optional<std::int64_t> first = vmid_of(std::string_view(item).substr(0, dash));
    const std::optional<std::int64_t> last =
        dash == std::string::npos ? first : vmid_of(std::string_view(item).substr(dash + 1));
    if (!first || !last || *last < *first) {
      out.ranges.clear();
      out.problem = "'" + item + "' is not a guest ID (100–999999999) or a range of them (100-199)";
      return out;
    }
    out.ranges.push_back({*first, *last});
  }
  return out;
}

ScopeParse parse_scope(std::string_view nodes, std::string_view vmids,
                       std::string_view protected_vmids, std::string_view protected_tags) {
  ScopeParse out;
  out.scope.nodes = parse_name_list(nodes);
  for (const std::string& node : out.scope.nodes) {
    const bool name = std::all_of(node.begin(), node.end(), [](unsigned char c) {
      return std::isalnum(c) != 0 || c == '-' || c == '.';
    });
    if (!name) {
      out.problem = "PROXMOX_NODES: '" + node + "' is not a node name";
      return out;
    }
  }
  for (const auto& [variable, text, ranges] :
       {std::tuple{"PROXMOX_VMIDS", vmids, &out.scope.vmids},
        std::tuple{"PROXMOX_PROTECTED_VMIDS", protected_vmids, &out.scope.protected_vmids}}) {
    IdRangesParse parsed = parse_id_ranges(text);
    if (!parsed.problem.empty()) {
      out.problem = std::string(variable) + ": " + parsed.problem;
      return out;
    }
    *ranges = std::move(parsed.ranges);
  }
  for (const std::string& tag : parse_name_list(lower(protected_tags))) {
    out.scope.protected_tags.push_back(tag);
  }
  return out;
}

bool Scope::node_in(std::string_view node) const {
  return nodes.empty() || std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

bool Scope::vmid_in(std::int64_t vmid) const {
  return vmids.empty() || in(vmids, vmid);
}

bool Scope::protected_id(std::int64_t vmid) const {
  return in(protected_vmids, vmid);
}

std::vector<std::string> guest_tags(std::string_view tags) {
  std::string list(tags);
  std::replace(list.begin(), list.end(), ';', ',');
  return parse_name_list(list);
}

bool has_tag(std::string_view tags, std::string_view tag) {
  const std::string wanted = lower(tag);
  const std::vector<std::string> list = guest_tags(tags);
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& t) { return lower(t) == wanted; });
}

std::optional<std::string> Scope::protected_tag(std::string_view tags) const {
  if (protected_tags.empty()) return std::nullopt;
  for (const std::string& tag : guest_tags(lower(tags))) {
    if (std::find(protected_tags.begin(), protected_tags.end(), tag) != protected_tags.end()) {
      return tag;
    }
  }
  return std::nullopt;
}

std::string Scope::nodes_text() const {
  std::string out;
  for (const std::string& node : nodes) out += (out.empty() ? "" : ", ") + node;
  return out;
}

std::string Scope::vmids_text() const {
  return ranges_text(vmids);
}

std::string outside_vmids(const Scope& scope, std::string_view guest) {
  return std::string(guest) +
         " is outside what this server acts on (PROXMOX_VMIDS: " + scope.vmids_text() + ").";
}

std::string outside_nodes(const Scope& scope, std::string_view node) {
  return "Node '" + std::string(node) +
         "' is outside what this server acts on (PROXMOX_NODES: " + scope.nodes_text() + ").";
}

std::string guest_protected(std::string_view guest, std::string_view why, std::string_view action) {
  return std::string(guest) + " is protected on this server (" + std::string(why) +
         "): refusing to " + std::string(action) +
         ". Only the server's administrator can lift this, in its settings.";
}

}  // namespace policy
