// The schema's permission language (perm/and/or/userid-*/perm-modify), evaluated like
// PVE::RPCEnvironment::check_api2_permissions.
#pragma once

#include <optional>
#include <string>

#include "api_types.h"

namespace pvesim {

struct PermissionDenial {
  int status = 403;     // 403, or 500 when upstream would die (e.g. an invalid userid)
  std::string message;  // "Permission check failed (/vms/100, VM.Audit)\n"
};

// `permissions` is the method's permissions object (null: root@pam only); `auth_id` the caller
// ("" when unauthenticated), `params` the raw merged request parameters.
std::optional<PermissionDenial> check_api_permissions(const Json& permissions,
                                                      const std::string& auth_id,
                                                      const Json& params,
                                                      const ClusterModel& model);

}  // namespace pvesim
