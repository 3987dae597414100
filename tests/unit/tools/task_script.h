// Scripting a Proxmox task on the FakeApi: its UPID (on any node), its status path, a finished
// status.
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
// A UPID of `node`.
inline std::string upid(const std::string& node, const std::string& type, int vmid) {
  return "UPID:" + node + ":0003A1F2:0B3C4D5E:66F1E2A0:" + type + ":" + std::to_string(vmid) +
         ":root@pam!mcp:";
}
inline std::string status_path(const std::string& u, const std::string& node = "pve1") {
  return pve::path({"nodes", node, "tasks", u, "status"});
}
inline std::string log_path(const std::string& u) {
  return pve::path({"nodes", "pve1", "tasks", u, "log"});
}
// The task most tests follow: the start of VM 100.
inline const std::string kStartUpid = upid("qmstart", 100);
// Its status: `status` "running" or "stopped", with `exitstatus` once it ended.
inline nlohmann::json start_task_status(const std::string& status,
                                        const std::string& exitstatus = "") {
  nlohmann::json s = {
      {"upid", kStartUpid}, {"node", "pve1"}, {"type", "qmstart"}, {"status", status}};
  if (!exitstatus.empty()) s["exitstatus"] = exitstatus;
  return s;
}
// The status of a task that ended with `exitstatus` ("OK" or the error).
inline nlohmann::json stopped(const std::string& u, const std::string& exitstatus = "OK") {
  return {{"upid", u}, {"node", "pve1"}, {"status", "stopped"}, {"exitstatus", exitstatus}};
}

}  // namespace tools::testing
