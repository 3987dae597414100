// A privilege holds on a path when /access/permissions lists it there or on a parent path with
// propagation (PVE::AccessControl's permission inheritance).
#include "setup/doctor_permissions.h"

#include <algorithm>

#include "setup/bootstrap_plan.h"
#include "tools/tool_privileges.h"

namespace setup {

namespace {

bool held_at(const nlohmann::json& permissions, const std::string& privilege,
             const std::string& path) {
  for (const auto& [held_path, privileges] : permissions.items()) {
    if (!privileges.is_object() || !privileges.contains(privilege)) continue;
    if (held_path == path) return true;
    const bool parent = held_path == "/" || path.starts_with(held_path + "/");
    const nlohmann::json& propagate = privileges[privilege];
    if (parent && (propagate == 1 || propagate == true)) return true;
  }
  return false;
}

std::vector<std::string> held_below(const nlohmann::json& permissions, const std::string& privilege,
                                    const std::string& root) {
  std::vector<std::string> paths;
  for (const auto& [path, privileges] : permissions.items()) {
    if (privileges.is_object() && privileges.contains(privilege) &&
        path.starts_with(root == "/" ? root : root + "/")) {
      paths.push_back(path);
    }
  }
  return paths;
}

}  // namespace

std::string acl_root(const std::string& path_template) {
  const size_t placeholder = path_template.find("/{");
  return placeholder == std::string::npos ? path_template : path_template.substr(0, placeholder);
}

std::vector<Shortfall> permission_shortfalls(const nlohmann::json& permissions,
                                             const std::vector<std::string>& tools, int pve) {
  std::vector<Shortfall> out;
  for (const std::string& tool : tools) {
    for (const tools::Privilege& need : tools::tool_privileges(tool)) {
      const std::string privilege = pve == 8 ? pve8_name(need.name) : need.name;
      const std::string root = acl_root(need.path);
      if (held_at(permissions, privilege, root)) continue;
      const bool seen = std::any_of(out.begin(), out.end(), [&](const Shortfall& s) {
        return s.tool == tool && s.privilege == privilege && s.root == root;
      });
      if (!seen) out.push_back({tool, privilege, root, held_below(permissions, privilege, root)});
    }
  }
  return out;
}

}  // namespace setup
