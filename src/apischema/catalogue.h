// Every endpoint of the embedded schema in a compact form: what a model needs to find and call it.
//
// A generic call goes: resolve(method, path) -> the endpoint and the values a concrete path
// gives its placeholders; the parameters, with those values added, through normalize_params,
// validate_params (PVE's texts per parameter) and stringify_params (param_validator.h) with
// endpoint->schema; the template filled from the placeholders' values; endpoint->returns_task
// says whether the answer is a UPID to follow.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apischema/api_schema.h"

namespace apischema {

struct Parameter {
  std::string name;  // as the schema spells it: "net[n]" stands for net0, net1, ...
  std::string type;  // string integer number boolean array object; "" when the schema says none
  bool required = false;
  bool in_path = false;  // a {placeholder} of the path
  std::string description;
  std::string format;  // a named format ("pve-vmid"); "property string" for key=value lists
  std::vector<std::string> enum_values;
  std::string default_value;  // as text; "" when there is none
  std::string minimum;
  std::string maximum;
  const Json* schema = nullptr;  // the full entry: property string keys, items, ...
};

// A folded word an endpoint can be found by, and how much a match on it counts.
struct Term {
  std::string word;
  int weight = 0;
};

struct Endpoint {
  std::string method;                 // GET POST PUT DELETE
  std::string path;                   // the template, /nodes/{node}/qemu/{vmid}/migrate
  std::string summary;                // the description's first sentence
  std::string permission;             // permission_text() of the schema's entry
  bool returns_task = false;          // data is a UPID to follow with the task tools
  std::vector<Parameter> parameters;  // path placeholders, then required, then optional ones
  std::vector<Term> terms;            // for search(); one entry per word, its best weight
  const MethodSchema* schema = nullptr;
};

// The (method, path) an API call names, resolved to its endpoint.
struct Resolved {
  const Endpoint* endpoint = nullptr;
  // The placeholders' values of a concrete path ({"node","pve1"}, {"vmid","100"}); a template
  // path gives its placeholders no value ("").
  std::vector<std::pair<std::string, std::string>> path_values;
};

class Catalogue {
 public:
  // Built from ApiSchema::embedded() on first use; thread-safe.
  static const Catalogue& embedded();

  explicit Catalogue(const ApiSchema& schema);

  [[nodiscard]] const std::vector<Endpoint>& endpoints() const { return endpoints_; }

  // method is case-blind; path is a template (/nodes/{node}/qemu/{vmid}/config) or a concrete
  // path (/nodes/pve1/qemu/100/config). nullopt when no endpoint has that method and path.
  [[nodiscard]] std::optional<Resolved> resolve(std::string_view method,
                                                std::string_view path) const;

  // Up to `limit` endpoint paths nearest to an unknown path: those under its longest known
  // prefix, shortest first ("METHOD /path").
  [[nodiscard]] std::vector<std::string> nearest(std::string_view path, size_t limit) const;

 private:
  const ApiSchema& schema_;
  std::vector<Endpoint> endpoints_;
};

// Whether a method answers with a task's UPID, as the schema tells: a non-GET method whose data
// is a plain string described as a task, or not described at all (and not one of the few that
// return something else: a lock token, monitor output).
bool returns_task(const MethodSchema& method);

// GET, POST, PUT or DELETE for a method named in any case ("post" → "POST"); nothing for any
// other text.
std::optional<std::string> http_method(std::string_view text);

// Whether a path template lies under a prefix, segment by segment; a placeholder in either
// matches any segment, so "/nodes/pve1/qemu" is a prefix of "/nodes/{node}/qemu/{vmid}".
bool path_under(std::string_view template_path, std::string_view prefix);

}  // namespace apischema
