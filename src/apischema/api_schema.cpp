// Builds the route tree from apidata.json and matches request paths against it.
#include "apischema/api_schema.h"

#include <mutex>
#include <stdexcept>

#include "apischema/json_fields.h"
#include "apischema/schema_blob.h"

namespace apischema {

struct ApiSchema::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> fixed;
  std::string placeholder;  // name of the {placeholder} child, "" if none
  std::unique_ptr<Node> placeholder_child;
  bool swallows_rest = false;  // {volume}: matches the rest of the path, slashes included
  std::string template_path;
  std::map<std::string, MethodSchema> methods;
};

namespace {

std::string family_of(const std::string& template_path) {
  if (template_path.find("/qemu") != std::string::npos) return "qemu";
  if (template_path.find("/lxc") != std::string::npos) return "lxc";
  if (template_path.rfind("/cluster/config", 0) == 0) return "cluster";
  if (template_path == "/nodes/{node}/config") return "node";
  return "";
}

}  // namespace

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::optional<std::pair<int, int>> indexed_option_range(std::string_view family,
                                                        std::string_view base) {
  struct Range {
    std::string_view family, base;
    int lo, hi;
  };
  // From the upstream sources (qemu-server, pve-container, pve-cluster, pve-manager).
  static constexpr Range kRanges[] = {
      {"qemu", "net", 0, 31},       {"qemu", "ipconfig", 0, 31}, {"qemu", "scsi", 0, 30},
      {"qemu", "virtio", 0, 15},    {"qemu", "sata", 0, 5},      {"qemu", "ide", 0, 3},
      {"qemu", "hostpci", 0, 15},   {"qemu", "usb", 0, 13},      {"qemu", "serial", 0, 3},
      {"qemu", "parallel", 0, 2},   {"qemu", "numa", 0, 7},      {"qemu", "virtiofs", 0, 9},
      {"qemu", "unused", 0, 255},   {"lxc", "net", 0, 31},       {"lxc", "mp", 0, 255},
      {"lxc", "unused", 0, 255},    {"lxc", "dev", 0, 255},      {"cluster", "link", 0, 7},
      {"node", "acmedomain", 0, 4},
  };
  for (const auto& r : kRanges) {
    if (r.family == family && r.base == base) return std::make_pair(r.lo, r.hi);
  }
  return std::nullopt;
}

ApiSchema::ApiSchema(const Json& tree) : root_(std::make_unique<Node>()) {
  if (!tree.is_array()) throw std::runtime_error("API schema: top level is not an array");
  for (const auto& n : tree) add(n);
}

ApiSchema::~ApiSchema() = default;

void ApiSchema::add(const Json& node) {
  const std::string path = string_field(node, "path");
  Node* cur = root_.get();
  for (const auto seg : path_segments(path)) {
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (!cur->placeholder_child) cur->placeholder_child = std::make_unique<Node>();
      cur->placeholder = seg.substr(1, seg.size() - 2);
      cur = cur->placeholder_child.get();
    } else {
      auto& child = cur->fixed[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      cur = child.get();
    }
  }
  cur->template_path = path;
  ++path_count_;
  cur->swallows_rest = path == "/nodes/{node}/storage/{storage}/content/{volume}";
  if (auto info = node.find("info"); info != node.end() && info->is_object()) {
    for (const auto& [verb, m] : info->items()) {
      MethodSchema ms;
      ms.http_method = verb;
      ms.template_path = path;
      ms.name = string_field(m, "name");
      ms.description = string_field(m, "description");
      ms.parameters = m.value("parameters", Json());
      ms.permissions = m.value("permissions", Json());
      ms.returns = m.value("returns", Json());
      ms.proxyto = string_field(m, "proxyto");
      ms.allowtoken = !m.contains("allowtoken") || truthy(m["allowtoken"]);
      ms.protected_method = m.contains("protected") && truthy(m["protected"]);
      ms.index_family = family_of(path);
      auto [it, inserted] = cur->methods.emplace(verb, std::move(ms));
      if (inserted) in_order_.push_back(&it->second);
    }
  }
  if (auto children = node.find("children"); children != node.end() && children->is_array()) {
    for (const auto& c : *children) add(c);
  }
}

std::optional<RouteMatch> ApiSchema::match(std::string_view path) const {
  const auto segments = path_segments(path);
  RouteMatch m;
  const Node* cur = root_.get();
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto seg = segments[i];
    if (auto it = cur->fixed.find(seg); it != cur->fixed.end()) {
      cur = it->second.get();
      continue;
    }
    if (!cur->placeholder_child) return std::nullopt;
    const Node* next = cur->placeholder_child.get();
    std::string value(seg);
    if (next->swallows_rest) {
      // Rebuild the rest from the original text so that "//" inside a volume survives.
      size_t pos = 0;
      for (size_t k = 0; k < i; ++k) pos = path.find(segments[k], pos) + segments[k].size();
      size_t start = path.find(seg, pos);
      value = std::string(path.substr(start));
      while (!value.empty() && value.back() == '/') value.pop_back();
      m.path_params.emplace_back(cur->placeholder, value);
      cur = next;
      i = segments.size();
      break;
    }
    m.path_params.emplace_back(cur->placeholder, value);
    cur = next;
  }
  if (cur->template_path.empty() && cur != root_.get()) return std::nullopt;
  if (cur == root_.get()) return std::nullopt;
  m.template_path = cur->template_path;
  m.methods = &cur->methods;
  return m;
}

const ApiSchema& ApiSchema::embedded() {
  static std::once_flag once;
  static std::unique_ptr<ApiSchema> schema;
  std::call_once(once, [] {
    const auto text = embedded_apidata();
    schema = std::make_unique<ApiSchema>(Json::parse(text.begin(), text.end()));
  });
  return *schema;
}

}  // namespace apischema
