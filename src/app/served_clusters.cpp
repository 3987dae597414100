#include "app/served_clusters.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <utility>

#include "app/access_tokens.h"
#include "config/clusters_file.h"
#include "listing/catalogue_listing.h"
#include "pve/encoding.h"
#include "setup/server_policy.h"
#include "tools/catalog.h"
#include "tools/cluster_routing.h"

namespace app {

ServedClusters::Served::Served(Cluster cluster, audit::LogFile* audit_file)
    : name(cluster.settings.cluster),
      url(pve::base_url(cluster.options.host, cluster.options.port)),
      settings(std::move(cluster.settings)),
      client(cluster.options) {
  if (audit_file != nullptr) {
    audit.emplace(audit::Log{*audit_file, cluster.options.token_secret, name});
  }
  containers = setup::container_shell(settings);
}

ServedClusters::ServedClusters(std::vector<Cluster> clusters, std::string default_name,
                               audit::LogFile* audit_file)
    : default_name_(std::move(default_name)) {
  for (Cluster& cluster : clusters) served_.emplace_back(std::move(cluster), audit_file);
}

std::optional<std::vector<mcp::Tool>> ServedClusters::build(
    const std::function<void(config::Config&)>& adjust, std::string& problem) {
  std::vector<tools::ClusterTools> made;
  std::vector<ServedPolicy> policies;
  for (Served& served : served_) {
    // A cluster's own settings name it: PROXMOX_VMIDS may be the server's or one cluster's.
    const std::string where = served.name.empty() ? "" : "cluster '" + served.name + "': ";
    config::Config settings = served.settings;
    adjust(settings);
    setup::ServerPolicy server_policy = setup::policy_settings(settings);
    if (!server_policy.problem.empty()) {
      problem = where + server_policy.problem;
      return std::nullopt;
    }
    auto policy = std::make_unique<policy::Policy>(std::move(server_policy.settings));
    policy->know_tools(tools::tool_metas());
    problem = policy->choice_problem();
    if (!problem.empty()) {
      problem.insert(0, where);
      return std::nullopt;
    }
    std::vector<mcp::Tool> tools =
        tools::make_tools(served.client, *policy, served.audit ? &*served.audit : nullptr,
                          served.containers ? &*served.containers : nullptr);
    policies.push_back(ServedPolicy{served.name, policy.get()});
    catalogues_.push_back(Catalogue{std::move(policy), {}});
    made.push_back(tools::ClusterTools{served.name, std::move(tools)});
  }
  policies_ = std::move(policies);
  if (made.size() == 1 && made.front().name.empty()) {
    // The schemas are the catalogue's own: their tools/list entries were serialized at build time.
    for (mcp::Tool& tool : made.front().tools) {
      tool.listing = listing::catalogue_listing(tool.name);
    }
    return std::move(made.front().tools);
  }
  return tools::route_by_cluster(std::move(made), default_name_, config::cluster_variables());
}

std::optional<std::vector<mcp::Tool>> ServedClusters::tools(std::string& problem) {
  std::optional<std::vector<mcp::Tool>> made = build([](config::Config&) {}, problem);
  if (made) server_tools_ = *made;
  return made;
}

std::vector<ServedPolicy> ServedClusters::policies() const {
  return policies_;
}

bool ServedClusters::runs_container_commands() const {
  return std::any_of(served_.begin(), served_.end(),
                     [](const Served& served) { return served.containers.has_value(); });
}

std::vector<std::string> ServedClusters::summaries() const {
  std::vector<std::string> out;
  auto policy = policies_.begin();
  for (const Served& served : served_) {
    if (policy == policies_.end()) break;
    out.push_back((served.name.empty() ? "" : "cluster " + served.name + ": ") +
                  std::string(policy::to_string(policy->policy->mode())) + " mode, token " +
                  served.client.token_id() + " at " + served.url);
    ++policy;
  }
  return out;
}

std::optional<std::vector<mcp::Tool>> ServedClusters::scoped_tools(const std::string& scope,
                                                                   std::string& problem) {
  if (scope == "read-only") {
    const std::vector<ServedPolicy> server_policies = policies_;
    std::optional<std::vector<mcp::Tool>> basic = build(
        [](config::Config& settings) {
          settings.allow_elevated = false;
          settings.list_all_tools = false;
        },
        problem);
    policies_ = server_policies;  // the server's instructions describe its own tools
    if (!basic) return std::nullopt;
    // Basic mode keeps its write tools callable only to refuse them with advice to enable
    // elevated mode, which this token cannot follow: they are not its tools at all.
    std::vector<mcp::Tool> listed;
    for (mcp::Tool& tool : *basic) {
      if (tool.listed) listed.push_back(std::move(tool));
    }
    return listed;
  }
  problem = scope_problem(scope);
  if (!problem.empty()) return std::nullopt;
  static const std::string kToolsets = "toolsets=";
  std::set<std::string> wanted;
  std::stringstream names(scope.substr(kToolsets.size()));
  for (std::string name; std::getline(names, name, ',');) {
    if (!name.empty()) wanted.insert(name);
  }
  std::set<std::string> known;
  for (const policy::ToolMeta& meta : tools::tool_metas()) known.insert(meta.toolset);
  for (const std::string& name : wanted) {
    if (known.count(name) == 0) {
      problem = "no toolset '" + name + "'";
      return std::nullopt;
    }
  }
  std::set<std::string> in_toolsets;
  for (const policy::ToolMeta& meta : tools::tool_metas()) {
    if (wanted.count(meta.toolset) > 0) in_toolsets.insert(meta.name);
  }
  std::vector<mcp::Tool> kept;
  for (const mcp::Tool& tool : server_tools_) {
    if (in_toolsets.count(tool.name) > 0) kept.push_back(tool);
  }
  return kept;
}

}  // namespace app
