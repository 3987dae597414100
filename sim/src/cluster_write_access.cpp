// The access writes pveum sends to set up a token: POST /access/roles (PVE::API2::Role
// create_role), POST /access/users (PVE::API2::User create_user), POST
// /access/users/{userid}/token/{tokenid} (PVE::API2::User generate_token) and PUT /access/acl
// (PVE::API2::ACL update_acl, adding entries), each under lock_user_config. The schema's
// permission checks have run before.
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "cluster_write_guests.h"

namespace pvesim {

namespace {

std::string realm_of(const std::string& userid) {
  const size_t at = userid.rfind('@');
  return at == std::string::npos ? "" : userid.substr(at + 1);
}

// The ACL entries of one principal kind named in `list`, or the first one that does not exist.
std::optional<std::string> add_entries(ClusterState& state, const std::vector<std::string>& roles,
                                       const std::string& path, bool propagate, AclKind kind,
                                       const std::string& list) {
  for (const std::string& ugid : split_list(list)) {
    if (kind == AclKind::kUser && !state.access.has_user(ugid)) {
      return "user '" + ugid + "' does not exist";
    }
    if (kind == AclKind::kToken && !state.access.has_token(ugid)) {
      const size_t bang = ugid.find('!');
      return "no such token '" + (bang == std::string::npos ? ugid : ugid.substr(bang + 1)) +
             "' for user '" + ugid.substr(0, bang) + "'";
    }
    for (const std::string& role : roles) state.access.add_acl({path, kind, ugid, role, propagate});
  }
  return std::nullopt;
}

}  // namespace

ApiResponse post_access_roles(ClusterState& state, const ApiRequest& request) {
  const std::string role = param_string(request, "roleid").value_or("");
  const std::string failed = "create role failed";
  if (state.access.has_role(role))
    return user_config_failed(failed, "role '" + role + "' already exists");
  std::set<std::string> privileges;
  for (const std::string& privilege : split_list(param_string(request, "privs").value_or(""))) {
    if (!AccessControl::all_privileges().contains(privilege)) {
      return user_config_failed(failed, "invalid privilege '" + privilege + "'");
    }
    privileges.insert(privilege);
  }
  state.access.add_role(role, std::move(privileges));
  return ApiResponse::ok(nullptr);
}

ApiResponse post_access_users(ClusterState& state, const ApiRequest& request) {
  const std::string userid = param_string(request, "userid").value_or("");
  const std::string failed = "create user failed";
  const std::string realm = realm_of(userid);
  if (realm != "pve" && realm != "pam") {
    return user_config_failed(failed, "domain '" + realm + "' does not exist");
  }
  if (state.access.has_user(userid)) {
    return user_config_failed(failed, "user '" + userid + "' already exists");
  }
  state.access.add_user(userid);
  return ApiResponse::ok(nullptr);
}

ApiResponse post_access_user_token(ClusterState& state, const ApiRequest& request) {
  const std::string userid = param_string(request, "userid").value_or("");
  const std::string name = param_string(request, "tokenid").value_or("");
  // generate_token checks both before it takes the lock: a plain 500, a parameter error.
  if (!state.access.has_user(userid)) {
    return ApiResponse::error(500, "no such user ('" + userid + "')\n");
  }
  ApiToken token{userid, name, param_bool(request, "privsep", true), random_uuid(),
                 param_string(request, "comment").value_or("")};
  if (state.access.has_token(token.full_id())) {
    return param_error("tokenid", "Token already exists.");
  }
  // `info` is the user.cfg entry as written: privsep as sent (text) or the default 1, the
  // comment only when there is one.
  const auto privsep = param_string(request, "privsep");
  Json info = {{"privsep", privsep ? Json(*privsep) : Json(1)}};
  if (!token.comment.empty()) info["comment"] = token.comment;
  Json data = {
      {"full-tokenid", token.full_id()}, {"info", std::move(info)}, {"value", token.secret}};
  state.access.add_token(std::move(token));
  return ApiResponse::ok(std::move(data));
}

ApiResponse put_access_acl(ClusterState& state, const ApiRequest& request) {
  if (param_bool(request, "delete", false) || param_string(request, "groups")) {
    return not_implemented(request);
  }
  const std::string path = normalize_acl_path(param_string(request, "path").value_or("/"));
  const std::string failed = "ACL update failed";
  const std::vector<std::string> roles = split_list(param_string(request, "roles").value_or(""));
  for (const std::string& role : roles) {
    if (!state.access.has_role(role)) {
      return user_config_failed(failed, "role '" + role + "' does not exist");
    }
  }
  const bool propagate = param_bool(request, "propagate", true);
  // user.cfg is written once at the end: on a copy, so that a failure changes nothing.
  AccessControl before = state.access;
  for (const auto& [kind, name] :
       {std::pair{AclKind::kUser, "users"}, std::pair{AclKind::kToken, "tokens"}}) {
    const std::string list = param_string(request, name).value_or("");
    if (auto missing = add_entries(state, roles, path, propagate, kind, list)) {
      state.access = std::move(before);
      return user_config_failed(failed, *missing);
    }
  }
  return ApiResponse::ok(nullptr);
}

}  // namespace pvesim
