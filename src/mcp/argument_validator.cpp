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

// A whole-text decimal integer that fits int64: "-12", "0100"; not "1e3", " 1", "1.0".
std::optional<std::int64_t> integer_of_text(const std::string& text) {
  const std::size_t digits_from = !text.empty() && text.front() == '-' ? 1 : 0;
  const std::size_t digits = text.size() - digits_from;
  if (digits == 0 || digits > 18) return std::nullopt;
  for (std::size_t i = digits_from; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  return std::stoll(text);
}

// A whole-text decimal number ("1.5", "-2", "3e2"); never "inf", "nan" or hexadecimal.
std::optional<double> number_of_text(const std::string& text) {
  static const std::regex kDecimal(R"(-?[0-9]{1,30}(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,3})?)");
  if (text.size() > 70 || !std::regex_match(text, kDecimal)) return std::nullopt;
  const double d = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

// The value a model meant when it sent a scalar as another scalar type: "2048" for an integer,
// "true" for a boolean, 8 for a string. Unchanged when no lossless reading exists, so that the
// check that follows names the argument and the type it must have.
void coerce_scalar(const std::string& type, json& value) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (type == "integer") {
      if (auto n = integer_of_text(text)) value = *n;
    } else if (type == "number") {
      if (auto n = integer_of_text(text)) {
        value = *n;
      } else if (auto d = number_of_text(text)) {
        value = *d;
      }
    } else if (type == "boolean" && (text == "true" || text == "false")) {
      value = text == "true";
    }
  } else if (type == "string" && value.is_number()) {
    value = value.is_number_float() ? json(value.get<double>()).dump() : value.dump();
  }
}

// Only a property with one declared type is coerced: with several, the value already has one
// the schema allows or it is ambiguous which was meant.
void coerce(const json& schema, json& value) {
  if (!schema.is_object()) return;
  const std::vector<std::string> types = declared_types(schema);
  if (types.size() == 1) coerce_scalar(types.front(), value);
  if (value.is_array()) {
    const auto items = schema.find("items");
    if (items == schema.end()) return;
    for (auto& item : value) coerce(*items, item);
  } else if (value.is_object()) {
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (auto& [key, item] : value.items()) {
      const bool has_properties = properties != schema.end() && properties->is_object();
      const auto declared = has_properties ? properties->find(key) : schema.end();
      if (has_properties && declared != properties->end()) {
        coerce(*declared, item);
      } else if (additional != schema.end()) {
        coerce(*additional, item);
      }
    }
  }
}

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

std::optional<std::string> accept_arguments(const json& schema, json& args) {
  if (args.is_object()) coerce(schema, args);
  return check_arguments(schema, args);
}

std::optional<std::string> check_structured_content(const json& schema, const json& value) {
  Checker checker("property", "structuredContent");
  checker.check(schema, value, "");
  if (checker.problems.empty()) return std::nullopt;
  return join("", checker.problems);
}

}  // namespace mcp
