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

// An "any of" list: one of its privileges on one path.
struct Choice {
  std::vector<std::string> privileges;
  std::string path;
};

// ["perm", path, [privileges], "any", 1]: all of them, or a choice of one with "any".
void add_perm(const Json& check, std::vector<Privilege>& out, std::vector<Choice>& choices) {
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
  if (any && privileges.size() > 1) {
    choices.push_back({std::move(privileges), path});
    return;
  }
  for (const std::string& name : privileges) out.push_back({name, path});
}

void add_check(const Json& check, std::vector<Privilege>& out, std::vector<Choice>& choices) {
  if (!check.is_array() || check.empty()) return;
  const std::string head = text_at(check, 0);
  if (head == "perm") add_perm(check, out, choices);
  if (head == "and") {
    for (size_t i = 1; i < check.size(); ++i) add_check(check[i], out, choices);
  }
  if (head == "or" && check.size() > 1) add_check(check[1], out, choices);
}

// A choice the tool's other privileges already meet costs nothing; otherwise its first
// privilege stands for it.
void add_choices(const std::vector<Choice>& choices, std::vector<Privilege>& out) {
  for (const Choice& choice : choices) {
    const bool met = std::any_of(out.begin(), out.end(), [&](const Privilege& held) {
      return held.path == choice.path &&
             std::find(choice.privileges.begin(), choice.privileges.end(), held.name) !=
                 choice.privileges.end();
    });
    if (!met) out.push_back({choice.privileges.front(), choice.path});
  }
}

// The method and the template of "METHOD /path".
std::pair<std::string_view, std::string_view> split(std::string_view request) {
  const size_t space = request.find(' ');
  return {request.substr(0, space), request.substr(space + 1)};
}

}  // namespace

std::vector<Privilege> tool_privileges(std::string_view tool) {
  std::vector<Privilege> out;
  std::vector<Choice> choices;
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
      add_check(permissions["check"], out, choices);
    }
    for (const Need& need : request.needs) {
      out.push_back({std::string(need.privilege), std::string(need.path)});
    }
  }
  add_choices(choices, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace tools
