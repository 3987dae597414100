// proxmox_api_describe: one endpoint in full, from its schema.
#include "apischema/json_fields.h"
#include "apischema/permission_text.h"
#include "tools/api_text.h"
#include "tools/api_tools.h"
#include "tools/args.h"
#include "tools/markdown.h"

namespace tools {

extern const std::string_view kApiDescribeOutput = R"({
  "type": "object",
  "properties": {
    "method": {"type": "string"}, "path": {"type": "string"}, "summary": {"type": "string"},
    "description": {"type": "string"}, "permission": {"type": "string"},
    "returns_task": {"type": "boolean"},
    "path_values": {"type": "object", "description": "placeholders of the path given"},
    "parameters": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "type": {"type": "string"}, "required": {"type": "boolean"},
      "in_path": {"type": "boolean"}, "description": {"type": "string"},
      "format": {"type": "string"}, "keys": {"type": "array", "items": {"type": "string"}},
      "enum": {"type": "array", "items": {"type": "string"}}, "default": {"type": "string"},
      "minimum": {"type": "string"}, "maximum": {"type": "string"}},
      "required": ["name", "type", "required", "in_path"]}},
    "returns": {"type": "object", "description": "type, and properties or items, two levels deep"}
  },
  "required": ["method", "path", "summary", "permission", "returns_task", "parameters", "returns"]
})";

namespace {

using apischema::string_field;
using nlohmann::json;

constexpr int kShapeDepth = 2;
constexpr size_t kDescriptionLimit = 400;  // qemu's create has ~100 parameters: keep each short

// The keys of a property string ("model, bridge, firewall, …"); [] for other formats.
json property_keys(const apischema::Parameter& p) {
  json keys = json::array();
  if (p.schema == nullptr) return keys;
  auto format = p.schema->find("format");
  if (format == p.schema->end() || !format->is_object()) return keys;
  for (const auto& [key, sub] : format->items()) {
    if (!sub.contains("alias")) keys.push_back(key);
  }
  return keys;
}

json parameter_facts(const apischema::Parameter& p) {
  json f = {{"name", p.name},
            {"type", p.type.empty() ? "string" : p.type},
            {"required", p.required},
            {"in_path", p.in_path},
            {"description", p.description}};
  if (!p.format.empty()) f["format"] = p.format;
  if (auto keys = property_keys(p); !keys.empty()) f["keys"] = keys;
  if (!p.enum_values.empty()) f["enum"] = p.enum_values;
  if (!p.default_value.empty()) f["default"] = p.default_value;
  if (!p.minimum.empty()) f["minimum"] = p.minimum;
  if (!p.maximum.empty()) f["maximum"] = p.maximum;
  return f;
}

std::string parameter_text(const apischema::Parameter& p, const json& f) {
  std::string line = "• `" + p.name + "`" + (p.required ? "*" : "") + (p.in_path ? " (path)" : "") +
                     ": " + api_text::value_type(p, p.enum_values.size());
  if (f.contains("format")) {
    line += ", format " + p.format;
    if (f.contains("keys")) {
      std::string keys;
      for (const auto& k : f["keys"]) keys += (keys.empty() ? "" : ", ") + k.get<std::string>();
      line += " (" + keys + ")";
    }
  }
  if (!p.default_value.empty()) line += ", default " + md::one_line(p.default_value);
  std::string about = md::one_line(p.description);
  if (about.size() > kDescriptionLimit) about = about.substr(0, kDescriptionLimit) + "…";
  if (!about.empty()) line += " — " + about;
  return line + "\n";
}

// {type, properties: {name: shape}} or {type, items: shape}, `depth` levels deep.
json shape(const json& schema, int depth) {
  json out = {
      {"type", string_field(schema, "type").empty() ? "any" : string_field(schema, "type")}};
  if (!schema.is_object() || depth == 0) return out;
  if (auto d = string_field(schema, "description"); !d.empty()) {
    out["description"] = apischema::first_sentence(d);
  }
  if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
    out["items"] = shape(*items, depth - 1);
  }
  if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
    out["properties"] = json::object();
    for (const auto& [name, sub] : props->items()) out["properties"][name] = shape(sub, depth - 1);
  }
  return out;
}

// "object: a (string), b (integer)" / "array of object: …" on one line.
std::string shape_text(const json& s) {
  std::string text = s["type"].get<std::string>();
  if (s.contains("items")) return "array of " + shape_text(s["items"]);
  if (s.contains("properties") && !s["properties"].empty()) {
    std::string fields;
    for (const auto& [name, sub] : s["properties"].items()) {
      fields += (fields.empty() ? "" : ", ") + name + " (" + sub["type"].get<std::string>() + ")";
    }
    text += ": " + fields;
  } else if (s.contains("description")) {
    text += " — " + s["description"].get<std::string>();
  }
  return text;
}

}  // namespace

mcp::ToolResult api_describe(const Call& /*call*/, const ApiDescribeArgs& a) {
  const auto& catalogue = apischema::Catalogue::embedded();
  const auto resolved = catalogue.resolve(a.method, a.path);
  if (!resolved) {
    std::string nearest;
    for (const auto& n : catalogue.nearest(a.path, 8)) nearest += "\n• " + n;
    throw ArgError("No Proxmox API endpoint " + a.method + " " + a.path + ". Nearest:" + nearest +
                   "\nproxmox_api_search finds endpoints by words.");
  }
  const apischema::Endpoint& e = *resolved->endpoint;
  json out = api_text::endpoint_facts(e);
  out["description"] = e.schema->description;
  out["parameters"] = json::array();
  out["returns"] = shape(e.schema->returns, kShapeDepth);
  std::string text = md::heading("📘", e.method + " " + e.path) + "\n\n" +
                     md::one_line(e.schema->description) + "\n\n";
  text += md::bullet("Permission", e.permission) + "\n";
  const std::string extra = string_field(e.schema->permissions, "description");
  if (!extra.empty() && extra != e.permission) text += "  " + md::one_line(extra) + "\n";
  std::string values;
  for (const auto& [name, value] : resolved->path_values) {
    if (value.empty()) continue;
    out["path_values"][name] = value;
    values += (values.empty() ? "" : ", ") + name + "=" + value;
  }
  if (!values.empty()) text += md::bullet("Path values", values) + "\n";
  text += md::bullet("Returns", e.returns_task ? "a task (UPID): follow it with "
                                                 "proxmox_get_task_status"
                                               : shape_text(out["returns"])) +
          "\n\n**Parameters** (* required)\n";
  if (e.parameters.empty()) text += "none\n";
  for (const auto& p : e.parameters) {
    out["parameters"].push_back(parameter_facts(p));
    text += parameter_text(p, out["parameters"].back());
  }
  return {text, out};
}

}  // namespace tools
