// A tool's privileges from the schema's permission checks (PVE::RPCEnvironment's
// check_api2_permissions language) plus its request table's needs.
#include "tools/tool_privileges.h"

#include <algorithm>
#include <stdexcept>

#include "apischema/catalogue.h"
#include "tools/tool_requests.h"

namespace tools {

namespace {

using apischema::Json;

std::string text_at(const Json& list, size_t index) {
  return list.size() > index && list[index].is_string() ? list[index].get<std::string>() : "";
}

bool names(const std::vector<Need>& needs, const std::string& privilege, const std::string& path) {
  return std::any_of(needs.begin(), needs.end(), [&](const Need& need) {
    return need.privilege == privilege && need.path == path;
  });
}

// ["perm", path, [privileges], "any", 1]: all of them, or one of them with "any".
void add_perm(const Json& check, const std::vector<Need>& needs, std::vector<Privilege>& out) {
  const std::string path = text_at(check, 1);
  const Json& listed = check.size() > 2 && check[2].is_array() ? check[2] : Json::array();
  bool any = false;
  for (size_t i = 3; i + 1 < check.size(); i += 2) {
    if (text_at(check, i) == "any") any = check[i + 1] == 1 || check[i + 1] == true;
  }
  std::vector<std::string> privileges;
  for (const Json& item : listed) {
    if (item.is_string()) privileges.push_back(item.get<std::string>());
  }
  if (!any || privileges.size() < 2) {
    for (const std::string& name : privileges) out.push_back({name, path});
    return;
  }
  // The tool's needs say which of the list it uses; the first of it stands for the rest.
  for (const std::string& name : privileges) {
    if (names(needs, name, path)) return;
  }
  out.push_back({privileges.front(), path});
}

void add_check(const Json& check, const std::vector<Need>& needs, std::vector<Privilege>& out) {
  if (!check.is_array() || check.empty()) return;
  const std::string head = text_at(check, 0);
  if (head == "perm") add_perm(check, needs, out);
  if (head == "and") {
    for (size_t i = 1; i < check.size(); ++i) add_check(check[i], needs, out);
  }
  if (head == "or" && check.size() > 1) add_check(check[1], needs, out);
}

// The method and the template of "METHOD /path".
std::pair<std::string_view, std::string_view> split(std::string_view request) {
  const size_t space = request.find(' ');
  return {request.substr(0, space), request.substr(space + 1)};
}

}  // namespace

std::vector<Privilege> tool_privileges(std::string_view tool) {
  std::vector<Privilege> out;
  const ToolRequests* entry = requests_of(tool);
  if (entry == nullptr) return out;
  for (const ToolRequest& request : entry->requests) {
    const auto [method, path] = split(request.request);
    const auto resolved = apischema::Catalogue::embedded().resolve(method, path);
    if (!resolved) {
      throw std::logic_error(std::string(tool) + ": no endpoint " + std::string(request.request));
    }
    const Json& permissions = resolved->endpoint->schema->permissions;
    if (permissions.is_object() && permissions.contains("check")) {
      add_check(permissions["check"], request.needs, out);
    }
    for (const Need& need : request.needs) {
      out.push_back({std::string(need.privilege), std::string(need.path)});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace tools
