#include "tools/cluster_routing.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>
#include <utility>

namespace tools {
namespace {

// The call's context, with the cluster named in every question to the person: "delete VM 100"
// must say which cluster's VM 100 it means.
class ClusterContext final : public mcp::CallContext {
 public:
  ClusterContext(mcp::CallContext& inner, const std::string& cluster)
      : inner_(inner), cluster_(cluster) {}

  [[nodiscard]] bool cancelled() const override { return inner_.cancelled(); }
  void progress(double progress, std::optional<double> total, const std::string& message) override {
    inner_.progress(progress, total, message);
  }
  bool pause(std::chrono::milliseconds duration) override { return inner_.pause(duration); }
  [[nodiscard]] mcp::ClientInfo client() const override { return inner_.client(); }
  mcp::Consent ask(const std::string& message) override {
    return inner_.ask("Cluster " + cluster_ + ": " + message);
  }
  void log(mcp::LogLevel level, const std::string& message) override { inner_.log(level, message); }
  mcp::InputResponses ask_inputs(const mcp::InputRequests& requests,
                                 const nlohmann::json& state) override {
    return inner_.ask_inputs(requests, state);
  }
  [[nodiscard]] nlohmann::json input_state() const override { return inner_.input_state(); }
  [[nodiscard]] std::string cluster() const override { return cluster_; }

 private:
  mcp::CallContext& inner_;
  const std::string& cluster_;
};

// `schema` (or `fallback` when it is null) with the cluster argument among its properties;
// built when first read, as the schemas it extends are.
mcp::Schema with_cluster(const mcp::Schema& schema, const mcp::Schema& fallback,
                         const nlohmann::json& names) {
  return mcp::Schema([schema, fallback, names] {
    nlohmann::json out = schema.is_null() ? fallback.get() : schema.get();
    out["properties"]["cluster"] = {{"enum", names}};
    return out;
  });
}

struct Route {
  std::vector<std::string> settings;  // see route_by_cluster
  std::vector<std::string> names;
  std::vector<mcp::ToolHandler> handlers;  // by cluster, in the order of names
  std::size_t fallback = 0;                // the default cluster's index
};

mcp::ToolResult run_routed(const Route& route, const nlohmann::json& args, mcp::CallContext& ctx) {
  std::size_t index = route.fallback;
  if (const auto given = args.find("cluster"); given != args.end()) {
    const auto found = std::find(route.names.begin(), route.names.end(),
                                 given->is_string() ? given->get<std::string>() : std::string());
    if (found == route.names.end()) {
      std::string names;
      for (const std::string& name : route.names) names += (names.empty() ? "" : ", ") + name;
      return mcp::ToolResult::error("Invalid argument 'cluster': must be one of " + names + ".");
    }
    index = static_cast<std::size_t>(found - route.names.begin());
  }
  const std::string& cluster = route.names[index];
  ClusterContext scoped(ctx, cluster);
  mcp::ToolResult result = route.handlers[index](args, scoped);
  if (result.is_error) {
    result.text =
        "Cluster " + cluster + ": " + in_cluster_terms(result.text, cluster, route.settings);
  }
  return result;
}

}  // namespace

std::string in_cluster_terms(std::string text, const std::string& cluster,
                             const std::vector<std::string>& settings) {
  constexpr std::string_view kPrefix = "PROXMOX_";
  const auto is_name = [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (std::size_t at = text.find(kPrefix); at != std::string::npos; at = text.find(kPrefix, at)) {
    std::size_t end = at + kPrefix.size();
    while (end < text.size() && is_name(text[end])) ++end;
    const std::string variable = text.substr(at, end - at);
    if (std::find(settings.begin(), settings.end(), variable) == settings.end()) {
      at = end;
      continue;
    }
    std::string key = variable.substr(kPrefix.size());
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (end < text.size() && text[end] == '=') {  // "PROXMOX_FINGERPRINT=AB:CD:…, or …"
      const std::size_t value = ++end;
      while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0) ++end;
      // Punctuation that ends a sentence or a clause is the prose's, not the value's.
      while (end > value &&
             std::string_view(".,;:)").find(text[end - 1]) != std::string_view::npos) {
        --end;
      }
      key += " = " + text.substr(value, end - value);
    }
    key += " in [clusters." + cluster + "]";
    text.replace(at, end - at, key);
    at += key.size();
  }
  return text;
}

std::vector<mcp::Tool> route_by_cluster(std::vector<ClusterTools> clusters,
                                        const std::string& default_name,
                                        const std::vector<std::string>& cluster_settings) {
  if (clusters.empty()) return {};
  nlohmann::json names = nlohmann::json::array();
  std::size_t fallback = 0;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    names.push_back(clusters[i].name);
    if (clusters[i].name == default_name) fallback = i;
  }
  std::vector<mcp::Tool> routed;
  for (std::size_t t = 0; t < clusters.front().tools.size(); ++t) {
    auto route = std::make_shared<Route>();
    route->fallback = fallback;
    route->settings = cluster_settings;
    mcp::Tool tool = clusters.front().tools[t];
    tool.listed = false;
    for (ClusterTools& cluster : clusters) {
      mcp::Tool& own = cluster.tools.at(t);
      if (own.name != tool.name) throw std::logic_error("clusters whose tools differ");
      tool.listed = tool.listed || own.listed;
      route->names.push_back(cluster.name);
      route->handlers.push_back(std::move(own.handler));
    }
    tool.accepted_schema = with_cluster(tool.accepted_schema, tool.input_schema, names);
    tool.input_schema = with_cluster(tool.input_schema, tool.input_schema, names);
    tool.listing = nullptr;  // the schemas changed: tools/list serializes them
    tool.handler = [route](const nlohmann::json& args, mcp::CallContext& ctx) {
      return run_routed(*route, args, ctx);
    };
    routed.push_back(std::move(tool));
  }
  return routed;
}

}  // namespace tools
