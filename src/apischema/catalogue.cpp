// Builds the endpoint catalogue from the route tree and resolves (method, path) pairs.
#include "apischema/catalogue.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "apischema/json_fields.h"
#include "apischema/perl_scalar.h"
#include "apischema/permission_text.h"
#include "apischema/search_terms.h"

namespace apischema {

namespace {

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string text_of(const Json& entry, const char* key) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : scalar_text(*it);
}

Parameter parameter_of(const std::string& name, const Json& entry) {
  Parameter p;
  p.name = name;
  p.schema = &entry;
  p.type = string_field(entry, "type");
  p.required = !truthy(entry.value("optional", Json()));
  p.description = string_field(entry, "description");
  if (auto format = entry.find("format"); format != entry.end()) {
    p.format = format->is_object() ? "property string" : text_of(entry, "format");
  }
  if (auto values = entry.find("enum"); values != entry.end() && values->is_array()) {
    for (const auto& v : *values)
      p.enum_values.push_back(v.is_string() ? v.get<std::string>() : scalar_text(v));
  }
  p.default_value = text_of(entry, "default");
  p.minimum = text_of(entry, "minimum");
  p.maximum = text_of(entry, "maximum");
  return p;
}

std::vector<Parameter> parameters_of(const MethodSchema& method) {
  std::vector<std::string> placeholders;
  for (auto segment : path_segments(method.template_path)) {
    if (is_placeholder(segment)) placeholders.emplace_back(segment.substr(1, segment.size() - 2));
  }
  std::vector<Parameter> out;
  // Parameter::schema points into the method's schema: iterate over it, never over a copy.
  if (!method.parameters.is_object()) return out;
  const auto properties = method.parameters.find("properties");
  if (properties == method.parameters.end() || !properties->is_object()) return out;
  for (const auto& [name, entry] : properties->items()) {
    if (!entry.is_object()) continue;
    out.push_back(parameter_of(name, entry));
    out.back().in_path =
        std::find(placeholders.begin(), placeholders.end(), name) != placeholders.end();
  }
  auto rank = [&](const Parameter& p) {
    if (p.in_path) {
      return static_cast<long>(std::find(placeholders.begin(), placeholders.end(), p.name) -
                               placeholders.begin()) -
             1000;
    }
    return p.required ? 0L : 1L;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Parameter& a, const Parameter& b) { return rank(a) < rank(b); });
  return out;
}

}  // namespace

std::optional<std::string> http_method(std::string_view text) {
  std::string upper(text);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "GET" || upper == "POST" || upper == "PUT" || upper == "DELETE") return upper;
  return std::nullopt;
}

bool path_under(std::string_view template_path, std::string_view prefix) {
  const auto full = path_segments(template_path);
  const auto head = path_segments(prefix);
  if (head.size() > full.size()) return false;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] != full[i] && !is_placeholder(full[i]) && !is_placeholder(head[i])) return false;
  }
  return true;
}

bool returns_task(const MethodSchema& method) {
  // Plain strings that are no UPID although nothing in their schema says so.
  static constexpr std::string_view kNotTasks[] = {"/cluster/sdn/lock",
                                                   "/nodes/{node}/qemu/{vmid}/monitor",
                                                   "/nodes/{node}/replication/{id}/schedule_now"};
  if (method.http_method == "GET" || !method.returns.is_object()) return false;
  if (string_field(method.returns, "type") != "string" || method.returns.contains("format")) {
    return false;
  }
  for (auto path : kNotTasks) {
    if (method.template_path == path) return false;
  }
  const std::string description = string_field(method.returns, "description");
  return description.empty() || description.find("task") != std::string::npos ||
         description.find("UPID") != std::string::npos;
}

Catalogue::Catalogue(const ApiSchema& schema) : schema_(schema) {
  endpoints_.reserve(schema.methods().size());
  for (const MethodSchema* m : schema.methods()) {
    Endpoint e;
    e.method = m->http_method;
    e.path = m->template_path;
    e.summary = first_sentence(m->description);
    e.permission = permission_text(m->permissions);
    e.returns_task = returns_task(*m);
    e.parameters = parameters_of(*m);
    e.schema = m;
    e.terms = search_terms(e);
    endpoints_.push_back(std::move(e));
  }
}

const Catalogue& Catalogue::embedded() {
  static std::once_flag once;
  static std::unique_ptr<Catalogue> catalogue;
  std::call_once(once, [] { catalogue = std::make_unique<Catalogue>(ApiSchema::embedded()); });
  return *catalogue;
}

std::optional<Resolved> Catalogue::resolve(std::string_view method, std::string_view path) const {
  const auto route = schema_.match(path);
  if (!route || route->methods == nullptr) return std::nullopt;
  const std::optional<std::string> name = http_method(method);
  if (!name) return std::nullopt;
  const auto it = route->methods->find(*name);
  if (it == route->methods->end()) return std::nullopt;
  Resolved out;
  for (const auto& e : endpoints_) {
    if (e.schema == &it->second) out.endpoint = &e;
  }
  if (out.endpoint == nullptr) return std::nullopt;
  for (const auto& [name, value] : route->path_params) {
    out.path_values.emplace_back(name, value == "{" + name + "}" ? "" : value);
  }
  return out;
}

std::vector<std::string> Catalogue::nearest(std::string_view path, size_t limit) const {
  auto segments = path_segments(path);
  std::vector<const Endpoint*> under;
  while (under.empty()) {
    std::string prefix;
    for (auto s : segments) prefix.append("/").append(s);
    for (const auto& e : endpoints_) {
      if (path_under(e.path, prefix)) under.push_back(&e);
    }
    if (segments.empty()) break;
    segments.pop_back();
  }
  std::stable_sort(under.begin(), under.end(), [](const Endpoint* a, const Endpoint* b) {
    return a->path.size() < b->path.size();
  });
  std::vector<std::string> out;
  for (const Endpoint* e : under) {
    if (out.size() == limit) break;
    out.push_back(e->method + " " + e->path);
  }
  return out;
}

}  // namespace apischema
