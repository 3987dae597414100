// Test support for the guest write endpoints: method-aware requests and following tasks.
#pragma once

#include <string>

#include "model_fixture.h"

namespace pvesim::test {

class WriteTest : public ModelTest {
 protected:
  ApiResponse send(const std::string& method, const std::string& template_path,
                   const std::string& path, Json params = Json::object(),
                   const std::string& auth_id = kRoot) {
    ApiRequest request = get(template_path, path, std::move(params), auth_id);
    request.method = method;
    return model->handle(request);
  }
  // Sends a write that must start a task; returns its UPID.
  std::string start(const std::string& method, const std::string& template_path,
                    const std::string& path, Json params = Json::object()) {
    ApiResponse response = send(method, template_path, path, std::move(params));
    EXPECT_EQ(response.status, 200) << path << ": " << response.message;
    EXPECT_TRUE(response.data.is_string()) << response.data.dump();
    return response.data.is_string() ? response.data.get<std::string>() : "";
  }
  // Lets every running task end (the fixture's tasks take 1000 ms) and applies their effects.
  void finish() {
    clock.advance_ms(1000);
    call_ok("/version", "/version");
  }
  Json task_status(const std::string& upid, const std::string& node = "pve1") {
    return call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/" + node + "/tasks/x/status",
                   {{"upid", upid}});
  }
  // Starts the write, lets it finish and returns its exitstatus.
  std::string run(const std::string& method, const std::string& template_path,
                  const std::string& path, Json params = Json::object(),
                  const std::string& node = "pve1") {
    const std::string upid = start(method, template_path, path, std::move(params));
    finish();
    return task_status(upid, node).value("exitstatus", std::string("(none)"));
  }
  Json guest_status(const std::string& kind, int vmid, const std::string& node = "pve1") {
    const std::string path = "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid);
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/status/current", path + "/status/current");
  }
  Json guest_config(const std::string& kind, int vmid, const std::string& node = "pve1") {
    const std::string path = "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid);
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/config", path + "/config");
  }
  // Volume ids on `storage` as `node` lists them.
  std::vector<std::string> volids(const std::string& node, const std::string& storage) {
    Json content = call_ok("/nodes/{node}/storage/{storage}/content",
                           "/nodes/" + node + "/storage/" + storage + "/content");
    std::vector<std::string> out;
    for (const auto& item : content) out.push_back(item["volid"].get<std::string>());
    return out;
  }
  bool has_volume(const std::string& node, const std::string& storage, const std::string& volid) {
    for (const auto& v : volids(node, storage)) {
      if (v == volid) return true;
    }
    return false;
  }
};

}  // namespace pvesim::test
