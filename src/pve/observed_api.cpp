#include "pve/observed_api.h"

namespace pve {

template <class Send>
nlohmann::json ObservedApi::change(std::string_view method, const std::string& path,
                                   const Params& params, Send send) {
  const ChangeRequest request{method, path, params};
  std::optional<nlohmann::json> data = observer_.sending(request);
  if (!data) {
    try {
      data = send();
    } catch (const Error& error) {
      observer_.failed(request, error);
      throw;
    }
  }
  observer_.answered(request, *data);
  return std::move(*data);
}

nlohmann::json ObservedApi::get(const std::string& path, const Params& params) {
  return inner_.get(path, params);
}

nlohmann::json ObservedApi::get_envelope(const std::string& path, const Params& params) {
  return inner_.get_envelope(path, params);
}

std::optional<std::vector<Row>> ObservedApi::get_rows(const std::string& path, const Params& params,
                                                      RowKeys keys) {
  return inner_.get_rows(path, params, keys);
}

nlohmann::json ObservedApi::post(const std::string& path, const Params& params) {
  return change("POST", path, params, [&] { return inner_.post(path, params); });
}

nlohmann::json ObservedApi::put(const std::string& path, const Params& params) {
  return change("PUT", path, params, [&] { return inner_.put(path, params); });
}

nlohmann::json ObservedApi::del(const std::string& path, const Params& params) {
  return change("DELETE", path, params, [&] { return inner_.del(path, params); });
}

nlohmann::json ObservedApi::change_outside(std::string_view method, const std::string& what,
                                           const Params& params,
                                           const std::function<nlohmann::json()>& make) {
  // Through the inner API too: a wrapper inside this one may observe it as well.
  return change(method, what, params,
                [&] { return inner_.change_outside(method, what, params, make); });
}

}  // namespace pve
