// Test support for unit_sim_model: one request through the whole pipeline (auth, schema
// permissions, validation, then the model), for checks the dispatcher makes before the model.
#pragma once

#include <string>

#include "api_dispatcher.h"
#include "cluster_model.h"

namespace pvesim::test {

// `method` `path` ("/pools/prod", without /api2/json) with a form `body`, as token `auth_id`.
inline HttpResponse through_api(SimClusterModel& model, const std::string& method,
                                const std::string& path, const std::string& body,
                                const std::string& auth_id) {
  ApiDispatcher dispatcher(apischema::ApiSchema::embedded(), model, {});
  HttpRequest request;
  request.method = method;
  request.target = "/api2/json" + path;
  request.headers = {
      {"authorization", "PVEAPIToken=" + auth_id + "=" + model.token_secret(auth_id)}};
  if (method == "POST" || method == "PUT") {
    request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  }
  request.body = body;
  request.content_length = body.size();
  return dispatcher.handle(request);
}

}  // namespace pvesim::test
