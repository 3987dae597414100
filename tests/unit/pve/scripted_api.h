// A pve::Api double for the task tests: answers GETs from a function and records every call.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "pve/error.h"

namespace pve_test {

struct ApiCall {
  std::string method;
  std::string path;
  pve::Params params;
};

class ScriptedApi : public pve::Api {
 public:
  // Returns the whole envelope ({"data":…, "total":…}) for a GET.
  using Responder = std::function<nlohmann::json(const std::string& path, const pve::Params&)>;

  explicit ScriptedApi(Responder responder) : responder_(std::move(responder)) {}

  nlohmann::json get(const std::string& path, const pve::Params& params = {}) override {
    return get_envelope(path, params)["data"];
  }
  nlohmann::json get_envelope(const std::string& path, const pve::Params& params = {}) override {
    calls.push_back({"GET", path, params});
    return responder_(path, params);
  }
  nlohmann::json post(const std::string& path, const pve::Params& params = {}) override {
    return unexpected("POST", path, params);
  }
  nlohmann::json put(const std::string& path, const pve::Params& params = {}) override {
    return unexpected("PUT", path, params);
  }
  nlohmann::json del(const std::string& path, const pve::Params& params = {}) override {
    return unexpected("DELETE", path, params);
  }

  std::vector<ApiCall> calls;

 private:
  nlohmann::json unexpected(const std::string& method, const std::string& path,
                            const pve::Params& params) {
    calls.push_back({method, path, params});
    throw pve::Error(pve::ErrorKind::kNotImplemented, 501, "", "unexpected " + method);
  }

  Responder responder_;
};

}  // namespace pve_test
