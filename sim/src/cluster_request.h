// Reading request parameters and building PVE's standard error responses.
#pragma once

#include <optional>
#include <string>

#include "api_types.h"
#include "cluster_guest.h"

namespace pvesim {

// Parameters arrive validated but as strings (or arrays of strings).
std::optional<std::string> param_string(const ApiRequest& request, const std::string& name);
std::optional<long long> param_int(const ApiRequest& request, const std::string& name);
bool param_bool(const ApiRequest& request, const std::string& name, bool fallback);

// 400 "Parameter verification failed." with one entry in `errors`.
ApiResponse param_error(const std::string& name, const std::string& message);
// 500 "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist".
ApiResponse config_missing(GuestType type, const std::string& node, long long vmid);
// 403 "Permission check failed (/nodes/pve1, Sys.Audit)".
ApiResponse permission_denied(const std::string& path, const std::string& privilege);
// lock_user_config($code, $errmsg): a failure inside is re-raised as "$errmsg: $err", a
// plain 500 even when it was a permission error.
ApiResponse user_config_failed(const std::string& what, const std::string& error);
// 501 "Method 'GET /x' not implemented".
ApiResponse not_implemented(const ApiRequest& request);

// Numbers as PVE prints them: integral values without a fraction ("2", not "2.0").
Json number(double value);
Json flag(bool value);  // 1 / 0

}  // namespace pvesim
