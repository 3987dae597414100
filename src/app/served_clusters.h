// The clusters the server serves, each with its client, audit log and policy, as one catalogue.
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/server_info.h"
#include "audit/call_record.h"
#include "config/config.h"
#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "tools/container_exec.h"

namespace app {

class ServedClusters {
 public:
  // One cluster: its settings (a clusters file's entry, or the server's own) and how to reach it.
  struct Cluster {
    config::Config settings;
    pve::ClientOptions options;
  };

  // `audit_file` (null: none) must outlive this. No cluster is contacted.
  ServedClusters(std::vector<Cluster> clusters, std::string default_name,
                 audit::LogFile* audit_file);

  // The server's tools; nullopt with `problem` when a cluster's settings name tools, toolsets,
  // nodes or VMIDs that do not parse or exist.
  std::optional<std::vector<mcp::Tool>> tools(std::string& problem);
  // Each cluster's policy for the tools tools() returned (ServedPolicy::name "" for one cluster).
  [[nodiscard]] std::vector<ServedPolicy> policies() const;
  // The tools of an HTTP access token's scope (app/access_tokens.h), never more than the
  // server's own: read-only is each cluster's settings in basic mode; toolsets=… keeps the
  // server's tools of those toolsets.
  std::optional<std::vector<mcp::Tool>> scoped_tools(const std::string& scope,
                                                     std::string& problem);

  [[nodiscard]] const std::string& default_name() const { return default_name_; }
  // Whether some cluster can run container commands (its settings give an SSH key).
  [[nodiscard]] bool runs_container_commands() const;
  // "elevated mode, token root@pam!mcpserver at https://pve1:8006" for each cluster after
  // tools(), preceded by "cluster NAME: " when there are several.
  [[nodiscard]] std::vector<std::string> summaries() const;

 private:
  struct Served {
    Served(Cluster cluster, audit::LogFile* audit_file);
    std::string name;  // "" when the server serves one cluster
    std::string url;   // the first host's
    config::Config settings;
    pve::Client client;
    std::optional<audit::Log> audit;
    std::optional<tools::ContainerShell> containers;  // when the settings give an SSH key
  };
  // A policy and the tools it governs (the tools refer to it).
  struct Catalogue {
    std::unique_ptr<policy::Policy> policy;
    std::vector<mcp::Tool> tools;
  };

  std::optional<std::vector<mcp::Tool>> build(const std::function<void(config::Config&)>& adjust,
                                              std::string& problem);

  std::list<Served> served_;
  std::string default_name_;
  std::list<Catalogue> catalogues_;  // every policy lives as long as the tools that use it
  std::vector<ServedPolicy> policies_;
  std::vector<mcp::Tool> server_tools_;  // what tools() returned, for scoped_tools
};

}  // namespace app
