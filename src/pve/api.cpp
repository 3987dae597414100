#include "pve/api.h"

#include <nlohmann/json.hpp>

namespace pve {

nlohmann::json Api::get_envelope(const std::string& path, const Params& params) {
  return nlohmann::json{{"data", get(path, params)}};
}

}  // namespace pve
