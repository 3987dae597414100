#include "mcp/argument_validator.h"

#include <cmath>
#include <cstdint>
#include <regex>
#include <string_view>
#include <vector>

namespace mcp {
namespace {

using nlohmann::json;

// std::regex matches recursively; very long subjects could exhaust a worker's stack.
constexpr std::size_t kMaxPatternSubject = 10000;

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string number_text(const json& n) {
  return n.is_number_float() ? json(n.get<double>()).dump() : n.dump();
}

// A non-negative integer keyword (minLength, maxItems, ...), whether built in C++ or parsed.
std::optional<std::size_t> count_keyword(const json& schema, const char* key) {
  const auto it = schema.find(key);
  if (it == schema.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return std::nullopt;
  }
  return it->get<std::size_t>();
}

std::string plural(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::size_t utf8_length(const std::string& s) {
  std::size_t count = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool has_type(const json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return is_integral(v);
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

struct PatternMatch {
  bool ok;
  bool checked;  // false when the pattern is invalid or the subject too long to check safely
};

PatternMatch search(const std::string& pattern, const std::string& subject) {
  if (subject.size() > kMaxPatternSubject) return {false, false};
  try {
    return {std::regex_search(subject, std::regex(pattern, std::regex::ECMAScript)), true};
  } catch (const std::regex_error&) {
    return {false, false};
  }
}

// A pattern that accepts digits only lets a type description say "a numeric string".
bool is_numeric_pattern(const json& schema) {
  const auto p = schema.find("pattern");
  if (p == schema.end() || !p->is_string()) return false;
  const std::string pattern = p->get<std::string>();
  return search(pattern, "100").ok && !search(pattern, "abc").ok && !search(pattern, "1a").ok &&
         !search(pattern, "").ok;
}

std::vector<std::string> declared_types(const json& schema) {
  std::vector<std::string> types;
  const auto t = schema.find("type");
  if (t == schema.end()) return types;
  if (t->is_string()) types.push_back(t->get<std::string>());
  if (t->is_array()) {
    for (const auto& e : *t) {
      if (e.is_string()) types.push_back(e.get<std::string>());
    }
  }
  return types;
}

std::string describe_types(const json& schema) {
  const std::vector<std::string> types = declared_types(schema);
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    const std::string& t = types[i];
    std::string phrase;
    if (t == "string") {
      phrase = is_numeric_pattern(schema) ? "a numeric string" : "a string";
    } else if (t == "integer" || t == "object" || t == "array") {
      phrase = "an " + t;
    } else if (t == "null") {
      phrase = "null";
    } else {
      phrase = "a " + t;
    }
    if (i > 0) out += (i + 1 == types.size()) ? " or " : ", ";
    out += phrase;
  }
  return out;
}

std::string render_value(const json& v) {
  return v.is_string() ? v.get<std::string>()
                       : v.dump(-1, ' ', false, json::error_handler_t::replace);
}

class Checker {
 public:
  // `noun` names object members in messages ("argument", "property"); `root` names the whole
  // value when it is the one at fault.
  Checker(std::string noun, std::string root) : noun_(std::move(noun)), root_(std::move(root)) {}

  std::vector<std::string> problems;

  void check(const json& schema, const json& value, const std::string& path) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) problems.push_back(name(path) + " is not allowed");
      return;
    }
    if (!schema.is_object()) return;

    const std::vector<std::string> types = declared_types(schema);
    if (!types.empty()) {
      bool matched = false;
      for (const auto& t : types) matched = matched || has_type(value, t);
      if (!matched) {
        problems.push_back(name(path) + " must be " + describe_types(schema));
        return;
      }
    }
    if (!check_enum_and_const(schema, value, path)) return;
    if (value.is_number()) check_number(schema, value, path);
    if (value.is_string()) check_string(schema, value.get_ref<const std::string&>(), path);
    if (value.is_array()) check_array(schema, value, path);
    if (value.is_object()) check_object(schema, value, path);
  }

 private:
  bool check_enum_and_const(const json& schema, const json& value, const std::string& path) {
    const auto e = schema.find("enum");
    if (e != schema.end() && e->is_array()) {
      bool found = false;
      for (const auto& option : *e) found = found || option == value;
      if (!found) {
        std::string options;
        for (const auto& option : *e) {
          if (!options.empty()) options += ", ";
          options += render_value(option);
        }
        problems.push_back(name(path) + " must be one of: " + options);
        return false;
      }
    }
    const auto c = schema.find("const");
    if (c != schema.end() && *c != value) {
      problems.push_back(name(path) + " must be " + render_value(*c));
      return false;
    }
    return true;
  }

  void check_number(const json& schema, const json& value, const std::string& path) {
    const double v = value.get<double>();
    auto limit = [&](const char* key) -> const json* {
      const auto it = schema.find(key);
      return it != schema.end() && it->is_number() ? &*it : nullptr;
    };
    if (const json* m = limit("minimum"); m && v < m->get<double>()) {
      problems.push_back(name(path) + " must be at least " + number_text(*m));
    }
    if (const json* m = limit("maximum"); m && v > m->get<double>()) {
      problems.push_back(name(path) + " must be at most " + number_text(*m));
    }
    if (const json* m = limit("exclusiveMinimum"); m && v <= m->get<double>()) {
      problems.push_back(name(path) + " must be greater than " + number_text(*m));
    }
    if (const json* m = limit("exclusiveMaximum"); m && v >= m->get<double>()) {
      problems.push_back(name(path) + " must be less than " + number_text(*m));
    }
  }

  void check_string(const json& schema, const std::string& value, const std::string& path) {
    const std::size_t length = utf8_length(value);
    if (const auto min = count_keyword(schema, "minLength"); min && length < *min) {
      problems.push_back(name(path) + " must be at least " + plural(*min, "character") + " long");
      return;
    }
    if (const auto max = count_keyword(schema, "maxLength"); max && length > *max) {
      problems.push_back(name(path) + " must be at most " + plural(*max, "character") + " long");
      return;
    }
    const auto p = schema.find("pattern");
    if (p == schema.end() || !p->is_string()) return;
    const std::string pattern = p->get<std::string>();
    const PatternMatch m = search(pattern, value);
    if (m.ok) return;
    if (is_numeric_pattern(schema) && declared_types(schema).size() > 1) {
      // e.g. vmid: ["integer","string"] with ^[0-9]+$ reads better as a type rule.
      problems.push_back(name(path) + " must be " + describe_types(schema));
    } else if (!m.checked && value.size() > kMaxPatternSubject) {
      problems.push_back(name(path) + " is too long (over " + std::to_string(kMaxPatternSubject) +
                         " bytes) to match the pattern " + pattern);
    } else if (!m.checked) {
      problems.push_back(name(path) + " cannot be checked: the tool's pattern " + pattern +
                         " is not a valid regular expression");
    } else {
      problems.push_back(name(path) + " must match the pattern " + pattern);
    }
  }

  void check_array(const json& schema, const json& value, const std::string& path) {
    if (const auto min = count_keyword(schema, "minItems"); min && value.size() < *min) {
      problems.push_back(name(path) + " must have at least " + plural(*min, "item"));
    }
    if (const auto max = count_keyword(schema, "maxItems"); max && value.size() > *max) {
      problems.push_back(name(path) + " must have at most " + plural(*max, "item"));
    }
    const auto items = schema.find("items");
    if (items == schema.end()) return;
    for (std::size_t i = 0; i < value.size(); ++i) {
      check(*items, value[i], path + "[" + std::to_string(i) + "]");
    }
  }

  void check_object(const json& schema, const json& value, const std::string& path) {
    static const json kNoProperties = json::object();
    const auto props_it = schema.find("properties");
    const json& properties =
        props_it != schema.end() && props_it->is_object() ? *props_it : kNoProperties;
    const auto additional = schema.find("additionalProperties");

    for (const auto& [key, item] : value.items()) {
      const auto declared = properties.find(key);
      if (declared != properties.end()) {
        check(*declared, item, child_path(path, key));
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          problems.push_back("unknown " + noun_ + " " + quoted(child_path(path, key)));
        } else {
          check(*additional, item, child_path(path, key));
        }
      }
    }
    const auto required = schema.find("required");
    if (required == schema.end() || !required->is_array()) return;
    for (const auto& key : *required) {
      if (key.is_string() && !value.contains(key.get<std::string>())) {
        problems.push_back("missing required " + noun_ + " " +
                           quoted(child_path(path, key.get<std::string>())));
      }
    }
  }

  std::string name(const std::string& path) const { return quoted(path.empty() ? root_ : path); }

  std::string noun_;
  std::string root_;
};

std::string join(const std::string& prefix, const std::vector<std::string>& problems) {
  std::string text = prefix;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) text += "; ";
    text += problems[i];
  }
  return text;
}

}  // namespace

std::optional<std::string> check_arguments(const json& schema, const json& args) {
  Checker checker("argument", "arguments");
  if (!args.is_object()) {
    checker.problems.push_back("arguments must be an object");
  } else {
    checker.check(schema, args, "");
  }
  if (checker.problems.empty()) return std::nullopt;
  return join("Invalid arguments: ", checker.problems);
}

std::optional<std::string> check_structured_content(const json& schema, const json& value) {
  Checker checker("property", "structuredContent");
  checker.check(schema, value, "");
  if (checker.problems.empty()) return std::nullopt;
  return join("", checker.problems);
}

}  // namespace mcp
