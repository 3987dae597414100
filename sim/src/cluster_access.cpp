#include "cluster_access.h"

#include <algorithm>
#include <sstream>

namespace pvesim {
namespace {

// Privilege groups of pve-access-control (PVE 9), by tier. Roles are built from them.
struct PrivilegeGroup {
  std::vector<std::string> root, admin, user, audit;
};

const std::map<std::string, PrivilegeGroup>& privilege_groups() {
  static const std::map<std::string, PrivilegeGroup> groups = {
      {"VM",
       {{},
        {"VM.Allocate", "VM.Clone", "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk",
         "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options",
         "VM.Migrate", "VM.Replicate", "VM.Snapshot", "VM.Snapshot.Rollback",
         "VM.GuestAgent.FileRead", "VM.GuestAgent.FileWrite", "VM.GuestAgent.FileSystemMgmt",
         "VM.GuestAgent.Unrestricted"},
        {"VM.Backup", "VM.Config.CDROM", "VM.Console", "VM.PowerMgmt"},
        {"VM.Audit", "VM.GuestAgent.Audit"}}},
      {"Sys",
       {{"Sys.AccessNetwork", "Sys.Incoming", "Sys.Modify", "Sys.PowerMgmt"},
        {"Sys.Console", "Sys.Syslog"},
        {},
        {"Sys.Audit"}}},
      {"Datastore",
       {{},
        {"Datastore.Allocate", "Datastore.AllocateTemplate"},
        {"Datastore.AllocateSpace"},
        {"Datastore.Audit"}}},
      {"SDN", {{}, {"SDN.Allocate"}, {"SDN.Use"}, {"SDN.Audit"}}},
      {"User",
       {{"Realm.Allocate"}, {"Group.Allocate", "Realm.AllocateUser", "User.Modify"}, {}, {}}},
      {"Pool", {{}, {"Pool.Allocate"}, {}, {"Pool.Audit"}}},
      {"Mapping", {{"Mapping.Modify"}, {}, {"Mapping.Use"}, {"Mapping.Audit"}}},
      {"Permissions", {{"Permissions.Modify"}, {}, {}, {}}},
  };
  return groups;
}

void insert_all(std::set<std::string>& into, const std::vector<std::string>& privileges) {
  into.insert(privileges.begin(), privileges.end());
}

bool is_token_id(const std::string& auth_id) {
  return auth_id.find('!') != std::string::npos;
}

std::vector<std::string> path_levels(const std::string& path) {
  std::vector<std::string> levels = {"/"};
  std::string current;
  std::istringstream parts(path);
  for (std::string part; std::getline(parts, part, '/');) {
    if (part.empty()) continue;
    current += "/" + part;
    levels.push_back(current);
  }
  return levels;
}

}  // namespace

std::string normalize_acl_path(const std::string& path) {
  const auto levels = path_levels(path);
  return levels.back();
}

const std::set<std::string>& AccessControl::all_privileges() {
  static const std::set<std::string> all = [] {
    std::set<std::string> out;
    for (const auto& [name, group] : privilege_groups()) {
      insert_all(out, group.root);
      insert_all(out, group.admin);
      insert_all(out, group.user);
      insert_all(out, group.audit);
    }
    return out;
  }();
  return all;
}

AccessControl::AccessControl() {
  std::set<std::string> pve_admin, auditor;
  for (const auto& [name, group] : privilege_groups()) {
    std::set<std::string> admin_role, user_role;
    insert_all(admin_role, group.admin);
    insert_all(admin_role, group.user);
    insert_all(admin_role, group.audit);
    insert_all(user_role, group.user);
    insert_all(user_role, group.audit);
    insert_all(auditor, group.audit);
    pve_admin.insert(admin_role.begin(), admin_role.end());
    if (!admin_role.empty()) roles_["PVE" + name + "Admin"] = admin_role;
    if (!user_role.empty()) roles_["PVE" + name + "User"] = user_role;
  }
  roles_["Administrator"] = all_privileges();
  roles_["NoAccess"] = {};
  roles_["PVEAdmin"] = pve_admin;
  roles_["PVEAuditor"] = auditor;
  roles_["PVETemplateUser"] = {"VM.Audit", "VM.Clone"};
  users_["root@pam"] = {};
}

void AccessControl::add_role(const std::string& role, std::set<std::string> privileges) {
  roles_[role] = std::move(privileges);
}

void AccessControl::add_user(const std::string& userid, std::vector<std::string> groups) {
  users_[userid] = std::move(groups);
}

void AccessControl::add_token(ApiToken token) {
  const std::string id = token.full_id();
  tokens_[id] = std::move(token);
}

void AccessControl::add_acl(AclEntry entry) {
  entry.path = normalize_acl_path(entry.path);
  acl_.push_back(std::move(entry));
}

void AccessControl::remove_acls(const std::string& path) {
  const std::string normalized = normalize_acl_path(path);
  std::erase_if(acl_, [&](const AclEntry& entry) { return entry.path == normalized; });
}

bool AccessControl::token_valid(const std::string& token_id, const std::string& secret) const {
  auto it = tokens_.find(token_id);
  if (it == tokens_.end() || !users_.contains(it->second.userid)) return false;
  const std::string& expected = it->second.secret;
  if (expected.size() != secret.size() || expected.empty()) return false;
  unsigned char diff = 0;  // constant time: no early exit on the first differing byte
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ secret[i]);
  }
  return diff == 0;
}

std::string AccessControl::token_secret(const std::string& token_id) const {
  auto it = tokens_.find(token_id);
  return it == tokens_.end() ? "" : it->second.secret;
}

std::vector<std::string> AccessControl::token_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, token] : tokens_) ids.push_back(id);
  return ids;
}

std::vector<std::string> AccessControl::user_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, groups] : users_) ids.push_back(id);
  return ids;
}

std::map<std::string, bool> AccessControl::acl_roles(const std::string& principal, bool is_token,
                                                     const std::string& path) const {
  // Walk from "/" down; at each level the first non-empty match (token, else user, else
  // groups) replaces what was inherited. Ancestors count only with propagate.
  std::map<std::string, bool> roles;
  const auto levels = path_levels(path);
  const std::string& target = levels.back();
  auto groups_it = users_.find(principal);
  for (const auto& level : levels) {
    const bool final_level = level == target;
    auto collect = [&](AclKind kind, auto&& matches) {
      std::map<std::string, bool> found;
      for (const auto& entry : acl_) {
        if (entry.kind != kind || entry.path != level || !matches(entry.ugid)) continue;
        if (final_level || entry.propagate) found[entry.role] = entry.propagate;
      }
      return found;
    };
    std::map<std::string, bool> level_roles;
    if (is_token) {
      level_roles =
          collect(AclKind::kToken, [&](const std::string& id) { return id == principal; });
    } else {
      level_roles = collect(AclKind::kUser, [&](const std::string& id) { return id == principal; });
      if (level_roles.empty() && groups_it != users_.end()) {
        const auto& groups = groups_it->second;
        level_roles = collect(AclKind::kGroup, [&](const std::string& group) {
          return std::find(groups.begin(), groups.end(), group) != groups.end();
        });
      }
    }
    if (!level_roles.empty()) roles = std::move(level_roles);
  }
  return roles;
}

std::map<std::string, bool> AccessControl::roles_of(const std::string& principal, bool is_token,
                                                    const std::string& path) const {
  std::map<std::string, bool> roles = acl_roles(principal, is_token, path);
  if (pool_members_ && !roles.contains("NoAccess")) {
    const auto members = pool_members_();
    if (auto pool = members.find(normalize_acl_path(path)); pool != members.end()) {
      const auto pool_roles = acl_roles(principal, is_token, "/pool/" + pool->second);
      if (pool_roles.contains("NoAccess")) {
        roles = {{"NoAccess", false}};  // the pool's NoAccess trumps the member's own ACLs
      } else {
        // Pool roles add to the member's own and never propagate.
        for (const auto& [role, propagate] : pool_roles) roles.emplace(role, false);
      }
    }
  }
  if (roles.contains("NoAccess")) return {};
  return roles;
}

AccessControl::Privileges AccessControl::privileges_of_roles(
    const std::map<std::string, bool>& roles) const {
  Privileges out;
  for (const auto& [role, propagate] : roles) {
    auto it = roles_.find(role);
    if (it == roles_.end()) continue;
    for (const auto& privilege : it->second) out[privilege] = out[privilege] || propagate;
  }
  return out;
}

AccessControl::Privileges AccessControl::user_privileges(const std::string& userid,
                                                         const std::string& path) const {
  if (!users_.contains(userid)) return {};
  if (userid == "root@pam") {
    Privileges all;
    for (const auto& privilege : all_privileges()) all[privilege] = true;
    return all;
  }
  return privileges_of_roles(roles_of(userid, false, path));
}

AccessControl::Privileges AccessControl::privileges(const std::string& auth_id,
                                                    const std::string& path) const {
  if (!is_token_id(auth_id)) return user_privileges(auth_id, path);
  auto it = tokens_.find(auth_id);
  if (it == tokens_.end()) return {};
  Privileges user = user_privileges(it->second.userid, path);
  if (!it->second.privsep) return user;
  // Privilege separation: the token gets the intersection of its own ACLs and its user's.
  const Privileges token = privileges_of_roles(roles_of(auth_id, true, path));
  Privileges both;
  for (const auto& [privilege, propagate] : token) {
    auto user_it = user.find(privilege);
    if (user_it != user.end()) both[privilege] = propagate && user_it->second;
  }
  return both;
}

bool AccessControl::has_privilege(const std::string& auth_id, const std::string& path,
                                  const std::string& privilege) const {
  return privileges(auth_id, path).contains(privilege);
}

bool AccessControl::has_any_privilege(const std::string& auth_id, const std::string& path,
                                      const std::vector<std::string>& privileges_wanted) const {
  const Privileges have = privileges(auth_id, path);
  return std::any_of(privileges_wanted.begin(), privileges_wanted.end(),
                     [&](const std::string& p) { return have.contains(p); });
}

Json AccessControl::effective_permissions(const std::string& auth_id) const {
  // The top-level paths PVE always reports, plus every path an ACL names.
  std::set<std::string> paths = {"/",     "/access", "/access/groups", "/mapping", "/nodes",
                                 "/pool", "/sdn",    "/storage",       "/vms"};
  for (const auto& entry : acl_) paths.insert(entry.path);
  if (pool_members_) {
    for (const auto& [member, pool] : pool_members_()) paths.insert(member);
  }
  Json out = Json::object();
  for (const auto& path : paths) {
    const Privileges privileges_here = privileges(auth_id, path);
    if (privileges_here.empty()) continue;
    Json entry = Json::object();
    for (const auto& [privilege, propagate] : privileges_here) entry[privilege] = propagate ? 1 : 0;
    out[path] = std::move(entry);
  }
  return out;
}

}  // namespace pvesim
