// A small in-memory ClusterModel for the HTTP-layer tests: three nodes (pve3 offline), three
// tokens with fixed privileges, two users for tickets, and handlers that echo what they received.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api_types.h"

namespace pvesim::testing {

inline constexpr const char* kAdminToken = "root@pam!mcpserver";
inline constexpr const char* kAdminSecret = "11111111-2222-3333-4444-555555555555";
inline constexpr const char* kAuditorToken = "auditor@pve!ro";
inline constexpr const char* kAuditorSecret = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
inline constexpr const char* kNobodyToken = "nobody@pve!none";
inline constexpr const char* kNobodySecret = "99999999-8888-7777-6666-555555555555";

class FakeModel : public ClusterModel {
 public:
  ApiResponse handle(const ApiRequest& request) override {
    std::lock_guard lock(mutex_);
    last_ = request;
    ++handled_;
    if (request.template_path == "/nodes/{node}/qemu/{vmid}/status/current" &&
        request.params.value("vmid", "") == "999") {
      return ApiResponse::error(
          500, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
    }
    if (request.template_path == "/nodes/{node}/tasks") {
      ApiResponse r = ApiResponse::ok(Json::array({Json{{"upid", "UPID:pve1:1"}}}));
      r.total = 7;
      return r;
    }
    if (request.template_path == "/version") {
      return ApiResponse::ok(Json{{"version", "9.1.4"}, {"release", "9.1"}});
    }
    return ApiResponse::ok(Json{{"template", request.template_path}, {"params", request.params}});
  }

  NodeState node_state(const std::string& node) const override {
    std::lock_guard lock(mutex_);
    if (node != "pve1" && node != "pve2" && node != "pve3") return NodeState::kUnknown;
    return offline_.contains(node) ? NodeState::kOffline : NodeState::kOnline;
  }

  void set_node_offline(const std::string& node, bool offline) override {
    std::lock_guard lock(mutex_);
    if (offline) {
      offline_.insert(node);
    } else {
      offline_.erase(node);
    }
  }

  bool has_privilege(const std::string& auth_id, const std::string& acl_path,
                     const std::string& privilege) const override {
    std::lock_guard lock(mutex_);
    checked_.push_back(acl_path + " " + privilege);
    if (auth_id == kAdminToken) return true;
    if (auth_id == kAuditorToken || auth_id == "auditor@pve") return privilege.ends_with(".Audit");
    return false;
  }

  bool token_valid(const std::string& token_id, const std::string& secret) const override {
    return !secret.empty() && token_secret(token_id) == secret;
  }

  std::string token_secret(const std::string& token_id) const override {
    if (token_id == kAdminToken) return kAdminSecret;
    if (token_id == kAuditorToken) return kAuditorSecret;
    if (token_id == kNobodyToken) return kNobodySecret;
    return "";
  }

  std::vector<std::string> node_names() const override { return {"pve1", "pve2", "pve3"}; }
  // Users with a password for tickets; the fake has no state to dump or reset.
  std::vector<std::string> user_ids() const override { return {"root@pam", "auditor@pve"}; }

  ApiRequest last_request() const {
    std::lock_guard lock(mutex_);
    return last_;
  }
  int handled() const {
    std::lock_guard lock(mutex_);
    return handled_;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> offline_;
  ApiRequest last_;
  int handled_ = 0;
  mutable std::vector<std::string> checked_;
};

}  // namespace pvesim::testing
