// whoami: the identity the server authenticates as, the token's effective privileges and which
// write tools elevated mode would let it use.
#include <algorithm>
#include <regex>
#include <set>

#include "tools/catalog_rows.h"
#include "tools/identity.h"
#include "tools/markdown.h"

namespace tools::typed {

Problem acl_path(const std::string& text) {
  static const std::regex kPath("/[A-Za-z0-9_.\\-/]{0,255}");
  // The length first: a model may send any text, and std::regex is not for unbounded input.
  if (text.size() <= 256 && std::regex_match(text, kPath)) return std::nullopt;
  return "must be an ACL path such as / or /vms/100";
}

}  // namespace tools::typed

namespace tools {

using nlohmann::json;

extern const std::string_view kWhoamiOutput = R"({
  "type": "object",
  "properties": {
    "user": {"type": "string"}, "token": {"type": "string"},
    "mode": {"type": "string", "enum": ["basic", "elevated"]},
    "permissions": {"type": "object",
      "description": "path → privilege → 1 if it propagates to paths below"},
    "write_privileges": {"type": "object", "properties": {
      "held": {"type": "array", "items": {"type": "string"}},
      "missing": {"type": "array", "items": {"type": "string"}}}}
  },
  "required": ["user", "token", "mode", "permissions", "write_privileges"]
})";

namespace {

// The privileges the write tools name ("VM.Config.CPU and VM.Config.Memory" → both).
std::set<std::string> write_tool_privileges() {
  static const std::regex kPrivilege("[A-Z][A-Za-z]*\\.[A-Za-z.]*[A-Za-z]");
  std::set<std::string> out;
  for (const Row& row : all_rows()) {
    if (row.about.annotations.read_only) continue;
    const std::string text(row.about.privileges);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPrivilege);
         it != std::sregex_iterator(); ++it) {
      out.insert(it->str());
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& item : items) list += (list.empty() ? "" : ", ") + item;
  return list.empty() ? "none" : list;
}

// Paths that hold the same privileges, shown once: a root token holds them all everywhere.
struct PathGroup {
  std::vector<std::string> privileges;
  std::vector<std::string> paths;
};

void add_to_group(std::vector<PathGroup>& groups, std::string path,
                  std::vector<std::string> privileges) {
  for (auto& group : groups) {
    if (group.privileges == privileges) {
      group.paths.push_back(std::move(path));
      return;
    }
  }
  groups.push_back({std::move(privileges), {std::move(path)}});
}

// The groups as bullets, within a bound: the whole map is in structuredContent.
std::string groups_text(const std::vector<PathGroup>& groups) {
  constexpr std::size_t kMaxPaths = 8;
  constexpr std::size_t kMaxBytes = 2500;
  std::string text;
  std::size_t shown = 0;
  for (const auto& group : groups) {
    if (text.size() > kMaxBytes) break;
    std::string paths;
    for (std::size_t i = 0; i < group.paths.size() && i < kMaxPaths; ++i) {
      paths += (paths.empty() ? "`" : ", `") + group.paths[i] + "`";
    }
    if (group.paths.size() > kMaxPaths) {
      paths += " and " + std::to_string(group.paths.size() - kMaxPaths) + " more";
    }
    text += "• " + paths + ": " + md::one_line(joined(group.privileges)) + "\n";
    ++shown;
  }
  if (shown < groups.size()) {
    text += "… " + std::to_string(groups.size() - shown) +
            " more group(s) of paths: ask with path, or read structuredContent\n";
  }
  return text;
}

}  // namespace

mcp::ToolResult whoami(const Call& call, const WhoamiArgs& a) {
  const std::string id = call.api.token_id();
  const auto bang = id.find('!');
  const std::string user = id.substr(0, bang);
  const std::string token = bang == std::string::npos ? "" : id.substr(bang + 1);
  pve::Params params;
  if (a.path) params.emplace_back("path", *a.path);
  json permissions = call.api.get("/access/permissions", params);
  if (!permissions.is_object()) permissions = json::object();
  const bool elevated = call.policy != nullptr && call.policy->mode() == policy::Mode::elevated;

  std::string text =
      md::heading("🔑", "Proxmox API Identity") + "\n\n" + md::bullet("User", user) + "\n" +
      md::bullet("Token", token) + "\n" +
      md::bullet("Mode", elevated ? "elevated (write tools enabled)" : "basic (read-only tools)") +
      "\n\n";
  std::set<std::string> held;
  std::vector<PathGroup> groups;
  for (const auto& [path, privileges] : permissions.items()) {
    std::vector<std::string> names;
    if (privileges.is_object()) {
      for (const auto& entry : privileges.items()) names.push_back(entry.key());
    }
    held.insert(names.begin(), names.end());
    add_to_group(groups, md::one_line(path), std::move(names));
  }
  text += "**Privileges** (" + std::to_string(permissions.size()) + " path(s)):\n" +
          groups_text(groups);
  if (permissions.empty()) text += "None: the token has no ACL entries here.\n";

  std::vector<std::string> have, lack;
  // The catalogue is fixed for the process: its rows are built once, not at every call.
  static const std::set<std::string> kWritePrivileges = write_tool_privileges();
  for (const auto& privilege : kWritePrivileges) {
    (held.contains(privilege) ? have : lack).push_back(privilege);
  }
  text += "\n**Write tools** (" + std::string(elevated ? "enabled" : "need elevated mode") +
          ") need: held " + joined(have) + "; missing " + joined(lack) + "\n";
  if (a.path) text += "(on " + *a.path + " only)\n";

  json out = {{"user", user},
              {"token", token},
              {"mode", elevated ? "elevated" : "basic"},
              {"permissions", permissions},
              {"write_privileges", {{"held", have}, {"missing", lack}}}};
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
