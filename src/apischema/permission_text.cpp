// Renders PVE's permission check expressions (PVE::RPCEnvironment::check_api2_permissions).
#include "apischema/permission_text.h"

#include <string_view>

#include "apischema/json_fields.h"

namespace apischema {

namespace {

std::string joined(const Json& list, std::string_view separator) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += separator;
    out += item.get<std::string>();
  }
  return out;
}

// ["perm", path, [privs], "any", 1 | "require_param", name]
std::string perm_text(const Json& check) {
  const std::string path =
      check.size() > 1 && check[1].is_string() ? check[1].get<std::string>() : "?";
  const Json& privileges = check.size() > 2 ? check[2] : Json();
  bool any = false;
  std::string condition;
  for (size_t i = 3; i + 1 < check.size(); i += 2) {
    const std::string option = check[i].is_string() ? check[i].get<std::string>() : "";
    if (option == "any") any = truthy(check[i + 1]);
    if (option == "require_param" && check[i + 1].is_string()) {
      condition = " (when " + check[i + 1].get<std::string>() + " is given)";
    }
  }
  const size_t count = privileges.is_array() ? privileges.size() : 0;
  const std::string names =
      any && count > 1 ? "any of " + joined(privileges, ", ") : joined(privileges, " and ");
  return (names.empty() ? std::string("access") : names) + " on " + path + condition;
}

std::string check_text(const Json& check, bool nested) {
  if (!check.is_array() || check.empty() || !check[0].is_string()) return "see description";
  const std::string head = check[0].get<std::string>();
  if (head == "perm") return perm_text(check);
  if (head == "and" || head == "or") {
    std::string out;
    for (size_t i = 1; i < check.size(); ++i) {
      if (i > 1) out += " " + head + " ";
      out += check_text(check[i], true);
    }
    return nested && check.size() > 2 ? "(" + out + ")" : out;
  }
  if (head == "userid-param") {
    const std::string what =
        check.size() > 1 && check[1].is_string() ? check[1].get<std::string>() : "";
    return what == "self" ? "the user itself" : what + " on the user's realm";
  }
  if (head == "userid-group") {
    return joined(check.size() > 1 ? check[1] : Json(), " and ") + " on the user's groups";
  }
  if (head == "perm-modify") {
    const std::string path =
        check.size() > 1 && check[1].is_string() ? check[1].get<std::string>() : "the path";
    return "the right to modify permissions on " + path;
  }
  return head;
}

}  // namespace

std::string first_sentence(const std::string& text) {
  std::string line;
  for (char c : text) line += c == '\n' || c == '\t' ? ' ' : c;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '.' && line[i + 1] == ' ') return line.substr(0, i + 1);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string permission_text(const Json& permissions) {
  if (!permissions.is_object()) return "root@pam only";
  if (auto check = permissions.find("check"); check != permissions.end()) {
    return check_text(*check, false);
  }
  const std::string user = string_field(permissions, "user");
  if (user == "world") return "anyone, without login";
  const std::string description = string_field(permissions, "description");
  if (!description.empty()) return first_sentence(description);
  if (user == "all") return "any user";
  return "root@pam only";
}

}  // namespace apischema
