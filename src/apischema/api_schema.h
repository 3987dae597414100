// The parsed Proxmox VE API schema: path templates, their methods, and URL routing.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apischema/json.h"

namespace apischema {

// One method of one path template, as the schema describes it.
struct MethodSchema {
  std::string http_method;    // GET POST PUT DELETE
  std::string template_path;  // /nodes/{node}/qemu/{vmid}/config
  std::string name;           // handler name, e.g. vm_config
  std::string description;
  Json parameters;      // {"additionalProperties":0,"properties":{...}} or null
  Json permissions;     // null: only root@pam may call it
  Json returns;         // the schema of the answer's data
  std::string proxyto;  // "node" or ""
  bool allowtoken = true;
  bool protected_method = false;  // runs in pvedaemon (root), reached through pveproxy
  std::string index_family;  // which real [n] index ranges apply: qemu, lxc, cluster, node or ""
};

// A URL path matched against the templates.
struct RouteMatch {
  std::string template_path;
  std::vector<std::pair<std::string, std::string>> path_params;  // in URL order
  const std::map<std::string, MethodSchema>* methods = nullptr;
};

class ApiSchema {
 public:
  // The schema embedded at build time, parsed on first use.
  static const ApiSchema& embedded();

  explicit ApiSchema(const Json& tree);
  ~ApiSchema();
  ApiSchema(const ApiSchema&) = delete;
  ApiSchema& operator=(const ApiSchema&) = delete;

  // Matches a decoded path such as /nodes/pve1/qemu/100/config. A placeholder matches one
  // segment, except {volume} under .../content/, which takes the rest of the path.
  [[nodiscard]] std::optional<RouteMatch> match(std::string_view path) const;

  [[nodiscard]] size_t path_count() const { return path_count_; }
  [[nodiscard]] size_t method_count() const { return in_order_.size(); }
  // Every method, in the order of the schema file.
  [[nodiscard]] const std::vector<const MethodSchema*>& methods() const { return in_order_; }

 private:
  struct Node;
  void add(const Json& node);
  std::unique_ptr<Node> root_;
  size_t path_count_ = 0;
  std::vector<const MethodSchema*> in_order_;
};

// A path's non-empty segments: "/nodes/pve1/" -> nodes, pve1.
std::vector<std::string_view> path_segments(std::string_view path);

// The real index range of a collapsed "name[n]" option, e.g. ("qemu", "net") -> 0..31.
std::optional<std::pair<int, int>> indexed_option_range(std::string_view family,
                                                        std::string_view base);

}  // namespace apischema
