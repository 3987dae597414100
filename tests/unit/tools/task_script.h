// Scripting a Proxmox task on the FakeApi: its UPID, its status path, a finished status.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "pve/api.h"

namespace tools::testing {

// A UPID of node pve1 for a task of `type` on guest `id`.
inline std::string upid(const std::string& type, const std::string& id) {
  return "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:" + type + ":" + id + ":root@pam!mcp:";
}
inline std::string upid(const std::string& type, std::int64_t vmid) {
  return upid(type, std::to_string(vmid));
}
inline std::string status_path(const std::string& u) {
  return pve::path({"nodes", "pve1", "tasks", u, "status"});
}
inline std::string log_path(const std::string& u) {
  return pve::path({"nodes", "pve1", "tasks", u, "log"});
}
// The status of a task that ended with `exitstatus` ("OK" or the error).
inline nlohmann::json stopped(const std::string& u, const std::string& exitstatus = "OK") {
  return {{"upid", u}, {"node", "pve1"}, {"status", "stopped"}, {"exitstatus", exitstatus}};
}

}  // namespace tools::testing
