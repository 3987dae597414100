#include "cluster_request.h"

#include <cmath>

namespace pvesim {

std::optional<std::string> param_string(const ApiRequest& request, const std::string& name) {
  if (!request.params.is_object()) return std::nullopt;
  auto it = request.params.find(name);
  if (it == request.params.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    // A list parameter given once more than expected: PVE joins *-list formats with ",".
    std::string joined;
    for (const auto& item : *it) {
      if (!joined.empty()) joined += ",";
      joined += item.is_string() ? item.get<std::string>() : item.dump();
    }
    return joined;
  }
  if (it->is_boolean()) return it->get<bool>() ? "1" : "0";
  return it->dump();
}

std::optional<long long> param_int(const ApiRequest& request, const std::string& name) {
  auto text = param_string(request, name);
  if (!text || text->empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const long long value = std::stoll(*text, &used);
    if (used != text->size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool param_bool(const ApiRequest& request, const std::string& name, bool fallback) {
  auto text = param_string(request, name);
  if (!text) return fallback;
  return *text == "1" || *text == "true";
}

ApiResponse param_error(const std::string& name, const std::string& message) {
  ApiResponse response = ApiResponse::error(400, "Parameter verification failed.\n");
  response.errors[name] = message;
  return response;
}

ApiResponse config_missing(GuestType type, const std::string& node, long long vmid) {
  return ApiResponse::error(500, "Configuration file '" +
                                     guest_config_path(type, node, static_cast<int>(vmid)) +
                                     "' does not exist\n");
}

ApiResponse permission_denied(const std::string& path, const std::string& privilege) {
  return ApiResponse::error(403, "Permission check failed (" + path + ", " + privilege + ")\n");
}

ApiResponse user_config_failed(const std::string& what, const std::string& error) {
  return ApiResponse::error(500, what + ": " + error + "\n");
}

ApiResponse not_implemented(const ApiRequest& request) {
  ApiResponse response = ApiResponse::error(
      501, "Method '" + request.method + " " + request.path + "' not implemented");
  response.not_simulated = true;
  return response;
}

Json number(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

Json flag(bool value) {
  return value ? 1 : 0;
}

}  // namespace pvesim
