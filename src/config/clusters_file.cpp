#include "config/clusters_file.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <optional>

#include <toml++/toml.h>

namespace config {
namespace {

constexpr std::array<ClusterKey, 27> kKeys{{
    {"host", "PROXMOX_HOST", true},
    {"port", "PROXMOX_PORT"},
    {"user", "PROXMOX_USER"},
    {"token_name", "PROXMOX_TOKEN_NAME"},
    {"token_value", "PROXMOX_TOKEN_VALUE", true},
    {"token_value_file", "PROXMOX_TOKEN_VALUE_FILE", true},
    {"ca_file", "PROXMOX_CA_FILE", true},
    {"fingerprint", "PROXMOX_FINGERPRINT", true},
    {"insecure_tls", "PROXMOX_INSECURE_TLS", true},
    {"connect_timeout", "PROXMOX_CONNECT_TIMEOUT"},
    {"timeout", "PROXMOX_TIMEOUT"},
    {"allow_elevated", "PROXMOX_ALLOW_ELEVATED"},
    {"list_all_tools", "PROXMOX_LIST_ALL_TOOLS"},
    {"confirm", "PROXMOX_CONFIRM"},
    {"api_allow", "PROXMOX_API_ALLOW"},
    {"toolsets", "PROXMOX_TOOLSETS"},
    {"tools", "PROXMOX_TOOLS"},
    {"disabled_tools", "PROXMOX_DISABLED_TOOLS"},
    {"nodes", "PROXMOX_NODES"},
    {"vmids", "PROXMOX_VMIDS"},
    {"protected_vmids", "PROXMOX_PROTECTED_VMIDS"},
    {"protected_tags", "PROXMOX_PROTECTED_TAGS"},
    {"ssh_key", "PROXMOX_SSH_KEY"},
    {"ssh_known_hosts", "PROXMOX_SSH_KNOWN_HOSTS", true},
    {"ssh_user", "PROXMOX_SSH_USER"},
    {"ssh_nodes", "PROXMOX_SSH_NODES", true},
    {"exec_allow", "PROXMOX_EXEC_ALLOW"},
}};

// Far beyond any real file; a larger one is a mistake (a log or an image named by accident).
constexpr std::size_t kMaxFileBytes = 1 << 20;
constexpr std::size_t kMaxClusters = 64;
constexpr std::size_t kMaxNameLength = 32;

const ClusterKey* find_key(std::string_view key) {
  const auto* it = std::find_if(kKeys.begin(), kKeys.end(),
                                [&](const ClusterKey& known) { return known.key == key; });
  return it == kKeys.end() ? nullptr : &*it;
}

std::string known_keys() {
  std::string out;
  for (const ClusterKey& key : kKeys) out += (out.empty() ? "" : ", ") + std::string(key.key);
  return out;
}

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

// Where a node starts, to order tables as the file does (several may share a line).
std::pair<int, int> position_of(const toml::node& node) {
  return {line_of(node), static_cast<int>(node.source().begin.column)};
}

// Text from the file, or about it, made fit to echo on one line (it may hold escape sequences
// and line breaks), at most `max` characters of it.
std::string shown(std::string_view text, std::size_t max = 40) {
  std::string out;
  for (const char c : text.substr(0, max)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  return text.size() > max ? out + "..." : out;
}

// The line of `text` numbered `line` (from 1).
std::string_view line_text(std::string_view text, std::size_t line) {
  std::size_t start = 0;
  for (std::size_t n = 1; n < line && start != std::string_view::npos; ++n) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find('\n', start) - start);
}

// A scalar as a variable's text would hold it; nullopt for tables, dates and the like.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return std::to_string(integer->get());
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  if (const auto* number = node.as_floating_point()) {
    std::array<char, 32> buffer{};
    auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number->get());
    if (error != std::errc()) return std::nullopt;
    return std::string(buffer.data(), end);
  }
  return std::nullopt;
}

// A value, or a list of scalars joined by ',' (what the variables take for lists).
std::optional<std::string> value_text(const toml::node& node) {
  const auto* array = node.as_array();
  if (array == nullptr) return scalar_text(node);
  std::string joined;
  for (const toml::node& item : *array) {
    std::optional<std::string> text = scalar_text(item);
    if (!text) return std::nullopt;
    joined += (joined.empty() ? "" : ",") + *text;
  }
  return joined;
}

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  ClustersFile read(std::string_view text) {
    ClustersFile out;
    try {
      if (text.size() > kMaxFileBytes) throw Problem{path_ + ": larger than 1 MiB"};
      const toml::table root = toml::parse(text, path_);
      read_root(root, out);
    } catch (const toml::parse_error& error) {
      const auto& where = error.source().begin;
      out = ClustersFile{};
      // The parser may quote a few characters of the line: not when they may be the secret's.
      const bool secret = line_text(text, where.line).find("token_value") != std::string_view::npos;
      out.problem = path_ + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                    ": " +
                    (secret ? std::string("not valid TOML (the line holds token_value: not shown)")
                            : shown(error.description(), 200));
    } catch (const Problem& problem) {
      out = ClustersFile{};
      out.problem = problem.message;
    }
    return out;
  }

 private:
  struct Problem {
    std::string message;
  };

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw Problem{path_ + ":" + std::to_string(line_of(node)) + ": " + message};
  }

  void read_root(const toml::table& root, ClustersFile& out) const {
    const toml::node* default_name = nullptr;
    const toml::table* clusters = nullptr;
    for (const auto& [key, node] : root) {
      if (key.str() == "default") {
        if (!node.is_string()) fail(node, "default must be a cluster's name (a string)");
        default_name = &node;
      } else if (key.str() == "clusters") {
        clusters = node.as_table();
        if (clusters == nullptr) fail(node, "clusters must be tables: [clusters.NAME]");
      } else {
        fail(node, "unknown setting '" + shown(key.str()) +
                       "': the file holds default (before the first table) and [clusters.NAME] "
                       "tables");
      }
    }
    if (clusters == nullptr || clusters->empty()) {
      throw Problem{path_ +
                    ": no cluster; add one as [clusters.NAME] with host and token_value_file"};
    }
    if (clusters->size() > kMaxClusters) {
      throw Problem{path_ + ": more than " + std::to_string(kMaxClusters) + " clusters"};
    }
    // A TOML table has no order of its own: the file's is the one its reader expects.
    std::vector<std::pair<std::pair<int, int>, ClusterTable>> found;
    for (const auto& [name, node] : *clusters) {
      found.emplace_back(position_of(node), read_cluster(name, node));
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [position, cluster] : found) out.clusters.push_back(std::move(cluster));
    out.default_name = out.clusters.front().name;
    if (default_name != nullptr) {
      out.default_name = default_name->as_string()->get();
      if (std::none_of(out.clusters.begin(), out.clusters.end(),
                       [&](const ClusterTable& c) { return c.name == out.default_name; })) {
        fail(*default_name, "default names no cluster of this file");
      }
    }
  }

  ClusterTable read_cluster(const toml::key& name, const toml::node& node) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail(node, "clusters." + shown(name.str()) + " must be a table: [clusters." +
                     shown(name.str()) + "]");
    }
    if (!is_valid_cluster_name(name.str())) {
      fail(node, "cluster name '" + shown(name.str()) +
                     "' must be a letter or digit, then letters, digits, '-' or '_' (at most 32)");
    }
    ClusterTable cluster{std::string(name.str()), line_of(node), {}};
    for (const auto& [key, value] : *table) {
      const ClusterKey* known = find_key(key.str());
      if (known == nullptr) {
        fail(value, "[clusters." + cluster.name + "] has no setting '" + shown(key.str()) +
                        "'; the settings are " + known_keys());
      }
      std::optional<std::string> text = value_text(value);
      if (!text) {
        fail(value, "[clusters." + cluster.name + "] " + std::string(key.str()) +
                        " must be a string, number, boolean or a list of them");
      }
      if (known->key == "token_value_file" || known->key == "ca_file" || known->key == "ssh_key" ||
          known->key == "ssh_known_hosts") {
        *text = beside_file(*text);
      }
      cluster.values[std::string(known->variable)] = ClusterValue{std::move(*text), line_of(value)};
    }
    return cluster;
  }

  // A relative path is relative to the clusters file, not to wherever the server started.
  std::string beside_file(const std::string& path) const {
    if (path.empty() || path.starts_with("/")) return path;
    return (std::filesystem::path(path_).parent_path() / path).lexically_normal().string();
  }

  const std::string& path_;
};

}  // namespace

std::span<const ClusterKey> cluster_keys() {
  return kKeys;
}

std::vector<std::string> cluster_variables() {
  std::vector<std::string> out;
  out.reserve(kKeys.size());
  for (const ClusterKey& key : kKeys) out.emplace_back(key.variable);
  return out;
}

bool is_valid_cluster_name(std::string_view name) {
  auto word = [](unsigned char c) { return std::isalnum(c) != 0; };
  return !name.empty() && name.size() <= kMaxNameLength && word(name.front()) &&
         std::all_of(name.begin(), name.end(),
                     [&](unsigned char c) { return word(c) || c == '-' || c == '_'; });
}

ClustersFile parse_clusters_file(std::string_view text, const std::string& path) {
  return Reader(path).read(text);
}

}  // namespace config
