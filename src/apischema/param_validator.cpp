// Transcribes check_prop/check_object/check_type/parse_property_string from pve-common's
// JSONSchema.pm; the order of checks and every message follow upstream.
#include "apischema/param_validator.h"

#include <optional>
#include <regex>

#include "apischema/json_fields.h"
#include "apischema/named_formats.h"
#include "apischema/perl_regex.h"
#include "apischema/perl_scalar.h"

namespace apischema {

namespace {

// schema["properties"] without copying; an empty object when absent.
const Json& properties_of(const Json& schema) {
  static const Json kEmpty = Json::object();
  if (!schema.is_object()) return kEmpty;
  auto it = schema.find("properties");
  return it != schema.end() ? *it : kEmpty;
}

void add_error(ParamErrors& errors, std::string path, const std::string& msg) {
  if (path.empty()) path = "_root";
  auto [it, inserted] = errors.emplace(path, msg);
  // Upstream joins with '\n' in single quotes: a literal backslash and n.
  if (!inserted) it->second += "\\n" + msg;
}

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string limit_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : scalar_text(v);
}

std::optional<double> limit_value(const Json& v) {
  const std::string t = limit_text(v);
  if (!is_number_text(t)) return std::nullopt;
  return number_value(t);
}

// The message of the first length or range limit the value breaks, in upstream's order.
std::optional<std::string> limit_error(const Json& schema, const std::string& text) {
  if (auto max = schema.find("maxLength"); max != schema.end()) {
    if (auto n = limit_value(*max); n && static_cast<double>(utf8_length(text)) > *n) {
      return "value may only be " + limit_text(*max) + " characters long";
    }
  }
  if (auto min = schema.find("minLength"); min != schema.end()) {
    if (auto n = limit_value(*min); n && static_cast<double>(utf8_length(text)) < *n) {
      return "value must be at least " + limit_text(*min) + " characters long";
    }
  }
  if (!is_number_text(text)) return std::nullopt;
  const double number = number_value(text);
  if (auto max = schema.find("maximum"); max != schema.end()) {
    if (auto n = limit_value(*max); n && number > *n) {
      return "value must have a maximum value of " + limit_text(*max);
    }
  }
  if (auto min = schema.find("minimum"); min != schema.end()) {
    if (auto n = limit_value(*min); n && number < *n) {
      return "value must have a minimum value of " + limit_text(*min);
    }
  }
  return std::nullopt;
}

class Checker {
 public:
  explicit Checker(std::string family) : family_(std::move(family)) {}

  void check_prop(const Json* value, const Json& schema, const std::string& path,
                  ParamErrors& errors) const;
  void check_object(const std::string& path, const Json& props, const Json& value,
                    const Json* additional, ParamErrors& errors) const;

 private:
  bool check_type(const std::string& path, const std::string& type, const Json& value,
                  ParamErrors& errors) const;
  // A scalar's format, pattern, length, range and enum, in upstream's order; the first failure
  // is the error.
  void check_scalar(const std::string& text, const Json& schema, const std::string& path,
                    ParamErrors& errors) const;
  std::optional<std::string> check_format(const Json& format, const std::string& value,
                                          const std::string& path) const;
  std::optional<std::string> parse_property_string(const Json& format, const std::string& data,
                                                   const std::string& path) const;
  // The schema of a key, resolving net7 to net[n] within the real index range.
  const Json* lookup(const Json& props, const std::string& key, bool top_level) const;

  std::string family_;
};

const Json* Checker::lookup(const Json& props, const std::string& key, bool top_level) const {
  if (auto it = props.find(key); it != props.end()) return &*it;
  if (!top_level) return nullptr;
  static const std::regex indexed("([a-z]+)(0|[1-9][0-9]*)");
  std::smatch m;
  if (!std::regex_match(key, m, indexed)) return nullptr;
  auto it = props.find(m[1].str() + "[n]");
  if (it == props.end()) return nullptr;
  const auto range = indexed_option_range(family_, m[1].str());
  if (!range || m[2].length() > 4) return nullptr;
  const int index = std::stoi(m[2].str());
  if (index < range->first || index > range->second) return nullptr;
  return &*it;
}

bool Checker::check_type(const std::string& path, const std::string& type, const Json& value,
                         ParamErrors& errors) const {
  if (type.empty() || type == "any") return true;
  if (type == "null") {
    add_error(errors, path, "type check ('null') failed - value is not null");
    return false;
  }
  const std::string vt = perl_ref(value);
  if (type == "array" || type == "object") {
    if (vt != (type == "array" ? "ARRAY" : "HASH")) {
      add_error(errors, path, "type check ('" + type + "') failed");
      return false;
    }
    return true;
  }
  if (!vt.empty()) {
    if (type == "boolean" && value.is_boolean()) return true;
    add_error(errors, path, "type check ('" + type + "') failed - got " + vt);
    return false;
  }
  const std::string text = scalar_text(value);
  bool ok = true;
  if (type == "boolean") ok = text == "1" || text == "0";
  if (type == "integer") ok = is_integer_text(text);
  if (type == "number") ok = is_number_text(text);
  if (!ok) add_error(errors, path, "type check ('" + type + "') failed - got '" + text + "'");
  return ok;
}

std::optional<std::string> Checker::parse_property_string(const Json& format,
                                                          const std::string& data,
                                                          const std::string& path) const {
  Json res = Json::object();
  std::string default_key;
  // Perl's split(/,/) drops trailing empty fields; empty parts are skipped anyway.
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= data.size()) {
    size_t j = data.find(',', i);
    if (j == std::string::npos) j = data.size();
    parts.push_back(data.substr(i, j - i));
    i = j + 1;
  }
  static const std::regex blank("\\s*");
  static const std::regex key_value("([^=]+)=([\\s\\S]+)");
  for (const auto& part : parts) {
    if (std::regex_match(part, blank)) continue;
    std::smatch m;
    if (std::regex_match(part, m, key_value)) {
      std::string k = m[1].str();
      std::string v = m[2].str();
      if (res.contains(k)) return "duplicate key in comma-separated list property: " + k + "\n";
      const Json* schema = format.contains(k) ? &format[k] : nullptr;
      if (schema != nullptr && schema->contains("alias")) {
        if (schema->contains("keyAlias")) {
          const std::string key_alias = (*schema)["keyAlias"].get<std::string>();
          if (res.contains(key_alias)) return "key alias '" + key_alias + "' is already defined\n";
          res[key_alias] = k;
        }
        k = (*schema)["alias"].get<std::string>();
        schema = format.contains(k) ? &format[k] : nullptr;
      }
      if (schema == nullptr) return "invalid key in comma-separated list property: " + k + "\n";
      if (string_field(*schema, "type") == "boolean") {
        static const std::regex yes("1|on|yes|true", std::regex::icase);
        static const std::regex no("0|off|no|false", std::regex::icase);
        if (std::regex_match(v, yes)) v = "1";
        if (std::regex_match(v, no)) v = "0";
      }
      res[k] = v;
    } else if (part.find('=') == std::string::npos) {
      if (!default_key.empty()) {
        return "duplicate key in comma-separated list property: " + default_key + "\n";
      }
      for (const auto& [key, sub] : format.items()) {
        if (!sub.is_object() || !truthy(sub.value("default_key", Json()))) continue;
        default_key = key;
        if (!res.contains(key) || !truthy(res[key])) {
          res[key] = part;
          break;
        }
        return "duplicate key in comma-separated list property: " + default_key + "\n";
      }
      if (default_key.empty()) {
        return std::string("value without key, but schema does not define a default key\n");
      }
    } else {
      return std::string("missing key in comma-separated list property\n");
    }
  }
  ParamErrors errors;
  const Json no_additional = 0;
  check_object(path, format, res, &no_additional, errors);
  if (errors.empty()) return std::nullopt;
  std::string msg = "format error\n";
  for (const auto& [k, e] : errors) msg += k + ": " + e + "\n";
  return msg;
}

std::optional<std::string> Checker::check_format(const Json& format, const std::string& value,
                                                 const std::string& path) const {
  if (format.is_object()) return parse_property_string(format, value, path);
  if (format.is_string()) return check_named_format(format.get<std::string>(), value);
  return std::nullopt;
}

void Checker::check_prop(const Json* value, const Json& schema, const std::string& path,
                         ParamErrors& errors) const {
  if (!schema.is_object()) {
    add_error(errors, path, "Invalid schema definition.");
    return;
  }
  const std::string type = string_field(schema, "type");
  if (value == nullptr || value->is_null()) {
    if (type == "null") return;
    if (!truthy(schema.value("optional", Json())) && !schema.contains("alias") &&
        !schema.contains("group") && !schema.contains("oneOf")) {
      add_error(errors, path, "property is missing and it is not optional");
    }
    return;
  }
  if (!check_type(path, type, *value, errors)) return;
  if (value->is_array()) {
    if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
      for (size_t i = 0; i < value->size(); ++i) {
        check_prop(&(*value)[i], *items, path + "[" + std::to_string(i) + "]", errors);
      }
    }
    return;
  }
  if (value->is_object()) {
    if (schema.contains("properties") || truthy(schema.value("additionalProperties", Json()))) {
      const Json* additional =
          schema.contains("additionalProperties") ? &schema["additionalProperties"] : nullptr;
      check_object(path, properties_of(schema), *value, additional, errors);
    }
    return;
  }
  if (value->is_boolean()) return;
  check_scalar(scalar_text(*value), schema, path, errors);
}

void Checker::check_scalar(const std::string& text, const Json& schema, const std::string& path,
                           ParamErrors& errors) const {
  if (auto format = schema.find("format"); format != schema.end()) {
    if (auto err = check_format(*format, text, path)) {
      add_error(errors, path, "invalid format - " + *err);
      return;
    }
  }
  if (auto pattern = schema.find("pattern"); pattern != schema.end() && pattern->is_string()) {
    const SchemaPattern* re = cached_pattern(pattern->get<std::string>());
    if (re != nullptr && !re->matches(text)) {
      add_error(errors, path, "value does not match the regex pattern");
      return;
    }
  }
  if (auto limit = limit_error(schema, text)) {
    add_error(errors, path, *limit);
    return;
  }
  if (auto en = schema.find("enum"); en != schema.end() && en->is_array()) {
    std::string joined;
    for (const auto& ev : *en) {
      if (scalar_text(ev) == text) return;
      joined += (joined.empty() ? "" : ", ") + scalar_text(ev);
    }
    add_error(errors, path,
              "value '" + text + "' does not have a value in the enumeration '" + joined + "'");
  }
}

void Checker::check_object(const std::string& path, const Json& props, const Json& value,
                           const Json* additional, ParamErrors& errors) const {
  if (!props.is_object()) {
    add_error(errors, path, "Invalid schema definition.");
    return;
  }
  if (!value.is_object()) {
    add_error(errors, path, "an object is required");
    return;
  }
  const bool top_level = path.empty();
  for (const auto& [k, sub] : props.items()) {
    if (top_level && k.ends_with("[n]")) continue;  // stands for net0..net31: checked below
    check_prop(value.contains(k) ? &value[k] : nullptr, sub, join_path(path, k), errors);
  }
  for (const auto& [k, v] : value.items()) {
    const std::string newpath = join_path(path, k);
    if (const Json* sub = lookup(props, k, top_level)) {
      if (!props.contains(k)) check_prop(&v, *sub, newpath, errors);
      if (auto req = sub->find("requires"); req != sub->end() && req->is_string()) {
        const std::string r = req->get<std::string>();
        if (!value.contains(r) || value[r].is_null()) {
          add_error(errors, join_path(path, r),
                    "missing property - '" + newpath + "' requires this property");
        }
      }
      continue;
    }
    if (additional != nullptr && !additional->is_object() && !truthy(*additional)) {
      add_error(errors, newpath,
                "property is not defined in schema and the schema does not allow additional "
                "properties");
      continue;
    }
    if (additional != nullptr && additional->is_object())
      check_prop(&v, *additional, newpath, errors);
  }
}

}  // namespace

void normalize_params(const MethodSchema& method, Json& params) {
  const Json& props = properties_of(method.parameters);
  if (!props.is_object() || !params.is_object()) return;
  for (auto& [k, v] : params.items()) {
    auto it = props.find(k);
    if (it == props.end() || !it->is_object()) continue;
    const std::string type = string_field(*it, "type");
    if (type == "array" && !v.is_array() && !v.is_null()) {
      v = Json::array({v});
    } else if (type == "string" && v.is_array() && it->contains("format") &&
               (*it)["format"].is_string() &&
               (*it)["format"].get<std::string>().ends_with("-list")) {
      std::string joined;
      for (const auto& e : v) joined += (joined.empty() ? "" : ",") + scalar_text(e);
      v = joined;
    }
  }
}

ParamErrors validate_params(const MethodSchema& method, const Json& params) {
  ParamErrors errors;
  Checker checker(method.index_family);
  static const Json kNoSchema = Json::object();
  const Json& schema = method.parameters.is_object() ? method.parameters : kNoSchema;
  const Json* additional =
      schema.contains("additionalProperties") ? &schema["additionalProperties"] : nullptr;
  checker.check_object("", properties_of(schema), params, additional, errors);
  return errors;
}

Json stringify_params(const Json& params) {
  Json out = Json::object();
  for (const auto& [k, v] : params.items()) {
    if (v.is_array()) {
      Json arr = Json::array();
      for (const auto& e : v)
        arr.push_back(e.is_boolean()  ? (e.get<bool>() ? "1" : "0")
                      : e.is_string() ? e.get<std::string>()
                                      : scalar_text(e));
      out[k] = arr;
    } else if (v.is_boolean()) {
      out[k] = v.get<bool>() ? "1" : "0";
    } else if (!v.is_null()) {
      out[k] = scalar_text(v);
    }
  }
  return out;
}

}  // namespace apischema
