#include "pve/api.h"

#include <nlohmann/json.hpp>

namespace pve {

nlohmann::json Api::get_envelope(const std::string& path, const Params& params) {
  return nlohmann::json{{"data", get(path, params)}};
}

std::optional<std::vector<Row>> Api::get_rows(const std::string& path, const Params& params,
                                              RowKeys keys) {
  return rows_of(get(path, params), keys);
}

nlohmann::json Api::change_outside(std::string_view /*method*/, const std::string& /*what*/,
                                   const Params& /*params*/,
                                   const std::function<nlohmann::json()>& make) {
  return make();
}

}  // namespace pve
