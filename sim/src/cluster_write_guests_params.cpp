// Request parameters turned into config values, and small config-key helpers
// (cluster_write_guests.h).
#include <set>

#include "apischema/api_schema.h"
#include "cluster_request.h"
#include "cluster_write_guests.h"

namespace pvesim {
namespace {

// The schema entry of `key` for this request's method: "net0" is described as "net[n]".
const Json* parameter_schema(const ApiRequest& request, const std::string& key) {
  const auto match = apischema::ApiSchema::embedded().match(request.path);
  if (!match || match->methods == nullptr) return nullptr;
  auto method = match->methods->find(request.method);
  if (method == match->methods->end()) return nullptr;
  const Json& parameters = method->second.parameters;
  if (!parameters.is_object() || !parameters.contains("properties")) return nullptr;
  const Json& properties = parameters["properties"];
  if (auto it = properties.find(key); it != properties.end()) return &*it;
  std::size_t digits = key.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(key[digits - 1]))) --digits;
  if (digits == key.size() || digits == 0) return nullptr;
  if (auto it = properties.find(key.substr(0, digits) + "[n]"); it != properties.end()) {
    return &*it;
  }
  return nullptr;
}

}  // namespace

Json typed_config_value(const ApiRequest& request, const std::string& key,
                        const std::string& text) {
  const Json* schema = parameter_schema(request, key);
  const std::string type = schema != nullptr ? schema->value("type", std::string()) : "";
  try {
    if (type == "boolean") return (text == "1" || text == "true" || text == "on") ? 1 : 0;
    if (type == "integer") return std::stoll(text);
    // check_type keeps a number-typed value (cpulimit, …) as the text it read, so PVE sends it
    // as a JSON string ("1.5"); integers and booleans it makes numbers.
    if (type == "number") return text;
  } catch (const std::exception&) {
    // Validated before it gets here; keep the text if it still does not parse.
  }
  return text;
}

std::vector<std::string> config_keys_of(const ApiRequest& request,
                                        const std::vector<std::string>& controls) {
  std::set<std::string> skip(controls.begin(), controls.end());
  skip.insert({"node", "vmid"});
  std::vector<std::string> out;
  for (const auto& [key, value] : request.params.items()) {
    if (!skip.contains(key) && !value.is_null()) out.push_back(key);
  }
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text) {
    if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

std::string free_unused_key(const Json& config) {
  for (int n = 0;; ++n) {
    const std::string key = "unused" + std::to_string(n);
    if (!config.contains(key)) return key;
  }
}

bool is_unused_volume(const Json& config, const std::string& volid) {
  for (const auto& [key, value] : config.items()) {
    if (key.rfind("unused", 0) == 0 && value.is_string() && value.get<std::string>() == volid) {
      return true;
    }
  }
  return false;
}

}  // namespace pvesim
