// Users, API tokens, roles and ACLs, evaluated the way pve-access-control does.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api_types.h"

namespace pvesim {

struct ApiToken {
  std::string userid;  // "auditor@pve"
  std::string name;    // "ro"
  bool privsep = true;
  std::string secret;  // a UUID
  std::string comment;
  std::string full_id() const { return userid + "!" + name; }
};

enum class AclKind { kUser, kGroup, kToken };

struct AclEntry {
  std::string path;  // "/", "/vms/100", "/storage/local"
  AclKind kind = AclKind::kUser;
  std::string ugid;  // user id, group name or full token id
  std::string role;
  bool propagate = true;
};

class AccessControl {
 public:
  // privilege → whether it propagates to children of the path (the 1/0 /access/permissions shows)
  using Privileges = std::map<std::string, bool>;

  AccessControl();  // knows the built-in roles and root@pam

  void add_role(const std::string& role, std::set<std::string> privileges);
  void add_user(const std::string& userid, std::vector<std::string> groups = {});
  void add_token(ApiToken token);
  void add_acl(AclEntry entry);
  // Drops every ACL entry on `path` (delete_pool_acl when a pool goes).
  void remove_acls(const std::string& path);
  // Resource pool members: "/vms/100" → "prod", "/storage/local" → "lab". Roles on
  // /pool/<pool> then apply to its members too (RPCEnvironment's compile_acl_path).
  using PoolMembers = std::function<std::map<std::string, std::string>()>;
  void set_pool_members(PoolMembers members) { pool_members_ = std::move(members); }

  bool has_role(const std::string& role) const { return roles_.contains(role); }
  bool has_user(const std::string& userid) const { return users_.contains(userid); }
  bool has_token(const std::string& token_id) const { return tokens_.contains(token_id); }
  bool token_valid(const std::string& token_id, const std::string& secret) const;
  std::string token_secret(const std::string& token_id) const;  // "" if unknown
  std::vector<std::string> token_ids() const;
  std::vector<std::string> user_ids() const;  // added for tickets: users that may log in

  // Effective privileges of a user ("root@pam") or token ("root@pam!mcpserver") on a path.
  Privileges privileges(const std::string& auth_id, const std::string& path) const;
  bool has_privilege(const std::string& auth_id, const std::string& path,
                     const std::string& privilege) const;
  bool has_any_privilege(const std::string& auth_id, const std::string& path,
                         const std::vector<std::string>& privileges) const;
  // GET /access/permissions without `path`: every interesting path with its privileges.
  Json effective_permissions(const std::string& auth_id) const;

  static const std::set<std::string>& all_privileges();

 private:
  // role → propagate, for one principal (a user or, separately, a token) on a path, with
  // NoAccess still in (roles_of drops everything then).
  std::map<std::string, bool> acl_roles(const std::string& principal, bool is_token,
                                        const std::string& path) const;
  // acl_roles plus the roles the principal has on the pool `path` belongs to.
  std::map<std::string, bool> roles_of(const std::string& principal, bool is_token,
                                       const std::string& path) const;
  Privileges privileges_of_roles(const std::map<std::string, bool>& roles) const;
  Privileges user_privileges(const std::string& userid, const std::string& path) const;

  std::map<std::string, std::set<std::string>> roles_;
  std::map<std::string, std::vector<std::string>> users_;  // userid → groups
  std::map<std::string, ApiToken> tokens_;                 // full id → token
  std::vector<AclEntry> acl_;
  PoolMembers pool_members_;
};

// "/vms/100/" → "/vms/100"; "" → "/".
std::string normalize_acl_path(const std::string& path);

}  // namespace pvesim
