// Several clusters behind one catalogue: every tool takes `cluster` and runs as that cluster's.
#pragma once

#include <string>
#include <vector>

#include "mcp/tool.h"

namespace tools {

// One cluster's tools as make_tools built them (each cluster's list has the same tools in the
// same order: make_tools builds them all, allowed or not).
struct ClusterTools {
  std::string name;
  std::vector<mcp::Tool> tools;
};

// The tools of `clusters` as one list. Each takes an optional `cluster` (one of the names;
// `default_name` when left out) and runs as that cluster's tool, with the arguments as given:
// the cluster is part of what a confirm token is bound to and of what the audit log records.
// A tool is listed when any cluster lists it (a cluster's own policy still refuses it there).
// An error answer, and a question to the person, start with the cluster's name. The settings
// in `cluster_settings` ("PROXMOX_VMIDS") are keys of a cluster's table in the clusters file
// ("vmids"): an error answer names them so ("vmids in [clusters.lab]").
// `text` with each of `settings` ("PROXMOX_VMIDS") named as the key of `cluster`'s table
// ("vmids in [clusters.lab]"; "PROXMOX_ALLOW_ELEVATED=true" as "allow_elevated = true in …").
std::string in_cluster_terms(std::string text, const std::string& cluster,
                             const std::vector<std::string>& settings);

std::vector<mcp::Tool> route_by_cluster(std::vector<ClusterTools> clusters,
                                        const std::string& default_name,
                                        const std::vector<std::string>& cluster_settings);

}  // namespace tools
