// Which enabled tools the token cannot fully use, from GET /access/permissions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace setup {

// A privilege a tool needs, where the token holds it: nowhere, or only below its ACL root
// (on some guests, say).
struct Shortfall {
  std::string tool;
  std::string privilege;             // as the cluster's version names it
  std::string root;                  // "/vms", "/storage", "/nodes", "/sdn/zones", "/pool", "/"
  std::vector<std::string> partial;  // paths below root that hold it; empty: none does
};

// `permissions` is /access/permissions' data ({path: {privilege: propagate}}), `tools` the
// enabled tools, `pve` the cluster's major version (8 names VM.Monitor for VM.GuestAgent.*).
std::vector<Shortfall> permission_shortfalls(const nlohmann::json& permissions,
                                             const std::vector<std::string>& tools, int pve);

// The ACL path every path of `path_template` lies below: "/vms/{vmid}" → "/vms".
std::string acl_root(const std::string& path_template);

}  // namespace setup
