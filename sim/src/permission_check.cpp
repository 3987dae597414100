// Mirrors exec_api2_perm_check: "and" members fail loudly with their own message, "or" members
// are tried quietly and the "or" fails with the bare message.
#include "permission_check.h"

#include <regex>
#include <vector>

#include "apischema/json_fields.h"
#include "apischema/named_formats.h"

namespace pvesim {

namespace {

struct Denied {
  std::string what;  // the text inside "Permission check failed (...)", may be empty
};

struct Died {
  std::string message;  // a plain die(): answered 500
};

std::string param_text(const Json& params, const std::string& key) {
  auto it = params.find(key);
  if (it == params.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    std::string joined;
    for (const auto& e : *it)
      joined += (joined.empty() ? "" : ",") + (e.is_string() ? e.get<std::string>() : e.dump());
    return joined;
  }
  if (it->is_boolean()) return it->get<bool>() ? "1" : "0";
  return it->dump();
}

// PVE::Tools::template_replace: "{x}" becomes the parameter, or "-" when it is false.
std::string template_replace(const std::string& tmpl, const Json& params) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      const size_t close = tmpl.find('}', i);
      if (close == std::string::npos) break;
      const std::string value = param_text(params, tmpl.substr(i + 1, close - i - 1));
      out += value.empty() || value == "0" ? "-" : value;
      i = close + 1;
    } else {
      out += tmpl[i++];
    }
  }
  return out;
}

// PVE::AccessControl::normalize_path; "" stands for undef.
std::string normalize_path(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty()) out = "/";
  if (out.front() != '/') out.insert(out.begin(), '/');
  static const std::regex allowed("[A-Za-z0-9.\\-_/]+");
  return std::regex_match(out, allowed) ? out : "";
}

std::vector<std::string> string_list(const Json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

class Evaluator {
 public:
  Evaluator(const std::string& auth_id, const Json& params, const ClusterModel& model)
      : auth_id_(auth_id), params_(params), model_(model) {}

  // Returns false only when `quiet`; otherwise a failed check throws Denied.
  bool exec(const Json& check, bool quiet) const {
    if (!check.is_array() || check.empty() || !check[0].is_string()) {
      throw Died{"no permission test specified"};
    }
    const std::string test = check[0].get<std::string>();
    if (test == "and") {
      for (size_t i = 1; i < check.size(); ++i) exec(check[i], false);
      return true;
    }
    if (test == "or") {
      for (size_t i = 1; i < check.size(); ++i) {
        if (exec(check[i], true)) return true;
      }
      return fail(quiet, "");
    }
    if (test == "perm") return perm(check, quiet);
    if (test == "userid-param") return userid_param(check, quiet);
    if (test == "userid-group") return userid_group(check, quiet);
    if (test == "perm-modify") {
      const std::string tmpl =
          check.size() > 1 && check[1].is_string() ? check[1].get<std::string>() : "";
      const std::string path = normalize_path(template_replace(tmpl, params_));
      if (path.empty()) return false;
      std::vector<std::string> privs = {"Permissions.Modify"};
      if (path.starts_with("/storage/")) privs.push_back("Datastore.Allocate");
      if (path.starts_with("/vms/")) privs.push_back("VM.Allocate");
      if (path.starts_with("/pool/")) privs.push_back("Pool.Allocate");
      return check_full(path, privs, true, quiet);
    }
    throw Died{"unknown permission test"};
  }

 private:
  static bool fail(bool quiet, const std::string& what) {
    if (quiet) return false;
    throw Denied{what};
  }

  bool check_full(const std::string& path, const std::vector<std::string>& privs, bool any,
                  bool quiet) const {
    if (any) {
      for (const auto& p : privs) {
        if (model_.has_privilege(auth_id_, path, p)) return true;
      }
      return fail(quiet, path + ", " + join(privs, "|"));
    }
    for (const auto& p : privs) {
      if (!model_.has_privilege(auth_id_, path, p)) return fail(quiet, path + ", " + p);
    }
    return true;
  }

  bool perm(const Json& check, bool quiet) const {
    if (check.size() < 3 || !check[1].is_string() || !check[2].is_array()) {
      throw Died{"missing parameters"};
    }
    bool any = false;
    std::string require_param;
    for (size_t i = 3; i + 1 < check.size(); i += 2) {
      const std::string opt = check[i].is_string() ? check[i].get<std::string>() : "";
      if (opt == "any") any = check[i + 1].is_number() ? check[i + 1].get<double>() != 0 : true;
      if (opt == "require_param" && check[i + 1].is_string()) {
        require_param = check[i + 1].get<std::string>();
      }
    }
    if (!require_param.empty() &&
        (!params_.contains(require_param) || params_[require_param].is_null())) {
      return fail(quiet, "");
    }
    const std::string path = normalize_path(template_replace(check[1].get<std::string>(), params_));
    return check_full(path, string_list(check[2]), any, quiet);
  }

  bool userid_param(const Json& check, bool quiet) const {
    const std::string userid = param_text(params_, "userid");
    if (auto err = apischema::check_named_format("pve-userid", userid)) throw Died{*err};
    const std::string sub =
        check.size() > 1 && check[1].is_string() ? check[1].get<std::string>() : "";
    if (sub == "self") return auth_id_ == userid ? true : fail(quiet, "");
    if (sub == "Realm.AllocateUser") {
      const std::string realm = userid.substr(userid.rfind('@') + 1);
      return check_full("/access/realm/" + realm, {"Realm.AllocateUser"}, false, quiet);
    }
    throw Died{"unknown userid-param test"};
  }

  // Group membership is not modelled: a caller without the privilege on all groups must have it
  // on every group named in the request, and is refused for existing users.
  bool userid_group(const Json& check, bool quiet) const {
    const auto privs = check.size() > 1 ? string_list(check[1]) : std::vector<std::string>();
    std::string groups_param;
    for (size_t i = 2; i + 1 < check.size(); i += 2) {
      if (check[i] == "groups_param" && check[i + 1].is_string()) {
        groups_param = check[i + 1].get<std::string>();
      }
    }
    if (check_full("/access/groups", privs, true, true)) return true;
    if (!groups_param.empty()) {
      const auto groups = apischema::split_pve_list(param_text(params_, "groups"));
      if (groups.empty()) return fail(false, "/access/groups, " + join(privs, "|"));
      for (const auto& g : groups) check_full("/access/groups/" + g, privs, true, false);
    }
    if (groups_param != "create") return fail(quiet, "");
    return true;
  }

  const std::string& auth_id_;
  const Json& params_;
  const ClusterModel& model_;
};

}  // namespace

std::optional<PermissionDenial> check_api_permissions(const Json& permissions,
                                                      const std::string& auth_id,
                                                      const Json& params,
                                                      const ClusterModel& model) {
  auto denied = [](const std::string& what) {
    return PermissionDenial{
        403, "Permission check failed" + (what.empty() ? "" : " (" + what + ")") + "\n"};
  };
  const std::string user = apischema::string_field(permissions, "user");
  if (auth_id.empty() && user == "world") return std::nullopt;
  if (auth_id.empty()) return denied("user != null");
  if (auth_id == "root@pam") return std::nullopt;
  if (!permissions.is_object()) return denied("user != root@pam");
  if (user == "all") return std::nullopt;
  if (!permissions.contains("check")) return denied("");
  try {
    Evaluator(auth_id, params, model).exec(permissions["check"], false);
    return std::nullopt;
  } catch (const Denied& d) {
    return denied(d.what);
  } catch (const Died& d) {
    std::string msg = d.message;
    if (msg.empty() || msg.back() != '\n') msg += "\n";
    return PermissionDenial{500, msg};
  }
}

}  // namespace pvesim
