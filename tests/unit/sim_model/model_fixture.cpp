#include "model_fixture.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "cluster_tasks.h"
#include "loose_types.h"

namespace pvesim::test {
namespace {

void index_tree(const Json& node, std::map<std::string, const Json*>& out) {
  if (node.contains("path")) out[node["path"].get<std::string>()] = &node;
  if (node.contains("children")) {
    for (const auto& child : node["children"]) index_tree(child, out);
  }
}

struct Schema {
  Json data;
  std::map<std::string, const Json*> paths;
  bool loaded = false;
};

const Schema& schema() {
  static const Schema loaded = [] {
    Schema s;
    std::ifstream in(PVESIM_APIDATA_PATH);
    if (!in) return s;
    s.data = Json::parse(in);
    for (const auto& root : s.data) index_tree(root, s.paths);
    s.loaded = true;
    return s;
  }();
  return loaded;
}

bool is_optional(const Json& property) {
  auto it = property.find("optional");
  if (it == property.end()) return false;
  return *it == 1 || *it == "1" || *it == true;
}

// "net0" → "net[n]", the dump's collapsed form of indexed keys.
std::string schema_key(const std::string& key, const Json& properties) {
  if (properties.contains(key)) return key;
  static const std::regex kIndexed("^([a-z]+)(\\d+)$");
  std::smatch m;
  if (std::regex_match(key, m, kIndexed)) {
    const std::string collapsed = m[1].str() + "[n]";
    if (properties.contains(collapsed)) return collapsed;
  }
  return key;
}

}  // namespace

ApiRequest get(const std::string& template_path, const std::string& path, Json params,
               const std::string& auth_id) {
  ApiRequest request;
  request.method = "GET";
  request.path = path;
  request.template_path = template_path;
  request.auth_id = auth_id;
  // Path placeholders become parameters, as strings.
  std::vector<std::string> t_parts, p_parts;
  std::stringstream t(template_path), p(path);
  for (std::string part; std::getline(t, part, '/');) t_parts.push_back(part);
  for (std::string part; std::getline(p, part, '/');) p_parts.push_back(part);
  for (std::size_t i = 0; i < t_parts.size() && i < p_parts.size(); ++i) {
    const auto& name = t_parts[i];
    const std::string key = name.size() > 2 ? name.substr(1, name.size() - 2) : "";
    if (name.size() > 2 && name.front() == '{' && !params.contains(key)) {
      params[key] = p_parts[i];
    }
  }
  request.params = std::move(params);
  return request;
}

const Json* returns_schema(const std::string& template_path) {
  const Schema& s = schema();
  if (!s.loaded) return nullptr;
  auto it = s.paths.find(template_path);
  if (it == s.paths.end()) return nullptr;
  const Json& node = *it->second;
  if (!node.contains("info") || !node["info"].contains("GET")) return nullptr;
  return &node["info"]["GET"]["returns"];
}

std::vector<std::string> shape_problems(const Json& data, const Json& schema_node,
                                        const std::string& where) {
  std::vector<std::string> problems;
  const std::string type = schema_node.value("type", std::string("any"));
  auto fail = [&](const std::string& what) {
    problems.push_back(where + ": expected " + what + ", got " + data.dump().substr(0, 60));
  };
  if (type == "integer") {
    if (!data.is_number_integer()) fail("integer");
  } else if (type == "number") {
    if (!data.is_number()) fail("number");
  } else if (type == "string") {
    if (!data.is_string()) fail("string");
  } else if (type == "boolean") {
    // PVE sends booleans as 0/1 integers.
    if (!data.is_number_integer() || (data != 0 && data != 1)) fail("0/1 boolean");
  } else if (type == "array") {
    if (!data.is_array()) {
      fail("array");
    } else if (schema_node.contains("items")) {
      for (std::size_t i = 0; i < data.size(); ++i) {
        auto sub =
            shape_problems(data[i], schema_node["items"], where + "[" + std::to_string(i) + "]");
        problems.insert(problems.end(), sub.begin(), sub.end());
      }
    }
  } else if (type == "object") {
    if (!data.is_object()) {
      fail("object");
    } else if (schema_node.contains("properties")) {
      const Json& properties = schema_node["properties"];
      for (const auto& [key, property] : properties.items()) {
        if (key.find("[n]") != std::string::npos) continue;
        if (!data.contains(key) && !is_optional(property)) {
          problems.push_back(where + "." + key + ": missing");
        }
      }
      for (const auto& [key, value] : data.items()) {
        const std::string skey = schema_key(key, properties);
        if (!properties.contains(skey)) continue;  // extra keys exist in real PVE too
        // An optional value Perl left undefined goes out as null ("clipboard": null).
        if (value.is_null() && is_optional(properties[skey])) continue;
        auto sub = shape_problems(value, properties[skey], where + "." + key);
        problems.insert(problems.end(), sub.begin(), sub.end());
      }
    }
  }
  if (schema_node.contains("enum") && schema_node["enum"].is_array() && data.is_string()) {
    bool found = false;
    for (const auto& value : schema_node["enum"]) found = found || value == data;
    if (!found) problems.push_back(where + ": " + data.dump() + " not in enum");
  }
  return problems;
}

Json ModelTest::call_ok(const std::string& template_path, const std::string& path, Json params,
                        const std::string& auth_id) {
  ApiResponse response = call(template_path, path, std::move(params), auth_id);
  EXPECT_EQ(response.status, 200) << path << ": " << response.message;
  // /cluster/nextid: the schema says integer, PVE sends the id as a string (get_nextid's "$i").
  const Json* returns = template_path == "/cluster/nextid" ? nullptr : returns_schema(template_path);
  if (returns != nullptr) {
    // A field real PVE sends in either form (loose_fields) may differ from the schema in the
    // form pve-sim sends; every other problem shows in both forms.
    const auto loosened = shape_problems(loosen(template_path, response.data), *returns);
    for (const auto& problem : shape_problems(response.data, *returns)) {
      if (std::find(loosened.begin(), loosened.end(), problem) == loosened.end()) continue;
      ADD_FAILURE() << template_path << " " << problem;
    }
  }
  return response.data;
}

Json ModelTest::task_log_texts(const std::string& upid) {
  const auto parts = parse_upid(upid);
  const std::string node = parts ? parts->node : "pve1";
  Json lines = call_ok("/nodes/{node}/tasks/{upid}/log", "/nodes/" + node + "/tasks/x/log",
                       {{"upid", upid}, {"limit", "500"}});
  Json out = Json::array();
  for (const auto& line : lines) out.push_back(line["t"]);
  return out;
}

}  // namespace pvesim::test
