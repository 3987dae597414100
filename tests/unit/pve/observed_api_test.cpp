#include "pve/observed_api.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pve {
namespace {

using nlohmann::json;

// Records what reached Proxmox; every request answers with its own method and path.
class EchoApi final : public Api {
 public:
  std::vector<std::string> sent;
  json get(const std::string& path, const Params&) override { return reach("GET", path); }
  json post(const std::string& path, const Params&) override { return reach("POST", path); }
  json put(const std::string& path, const Params&) override { return reach("PUT", path); }
  json del(const std::string& path, const Params& params) override {
    if (!params.empty() && params.front().first == "fail") {
      sent.push_back("DELETE " + path);
      throw Error(ErrorKind::kPermission, 403, "Permission check failed", "no permission");
    }
    return reach("DELETE", path);
  }
  [[nodiscard]] std::string token_id() const override { return "root@pam!mcp"; }

 private:
  json reach(const std::string& method, const std::string& path) {
    sent.push_back(method + " " + path);
    return method + " " + path;
  }
};

// Writes down each event; may stand in for Proxmox (a dry run) or refuse to let a request go.
class Notebook final : public ChangeObserver {
 public:
  std::vector<std::string> events;
  std::optional<json> stand_in;
  bool refuse = false;

  std::optional<json> sending(const ChangeRequest& request) override {
    std::string params;
    for (const auto& [key, value] : request.params) params += " " + key + "=" + value;
    events.push_back("sending " + std::string(request.method) + " " + request.path + params);
    if (refuse) throw std::runtime_error("not now");
    return stand_in;
  }
  void answered(const ChangeRequest& request, const json& data) override {
    events.push_back("answered " + std::string(request.method) + " " + data.dump());
  }
  void failed(const ChangeRequest& request, const Error& error) override {
    events.push_back("failed " + std::string(request.method) + " " +
                     std::to_string(error.status()));
  }
};

TEST(ObservedApi, ChangesAreSeenBeforeAndAfterReadsAreNot) {
  EchoApi inner;
  Notebook notebook;
  ObservedApi api(inner, notebook);
  EXPECT_EQ(api.get("/nodes"), "GET /nodes");
  EXPECT_EQ(api.get_envelope("/nodes"), (json{{"data", "GET /nodes"}}));
  EXPECT_EQ(api.post("/a", {{"x", "1"}, {"x", "2"}}), "POST /a");
  EXPECT_EQ(api.put("/b"), "PUT /b");
  EXPECT_EQ(api.del("/c"), "DELETE /c");
  EXPECT_EQ(api.token_id(), "root@pam!mcp");
  EXPECT_EQ(notebook.events,
            (std::vector<std::string>{"sending POST /a x=1 x=2", R"(answered POST "POST /a")",
                                      "sending PUT /b", R"(answered PUT "PUT /b")",
                                      "sending DELETE /c", R"(answered DELETE "DELETE /c")"}));
  EXPECT_EQ(inner.sent, (std::vector<std::string>{"GET /nodes", "GET /nodes", "POST /a", "PUT /b",
                                                  "DELETE /c"}));
}

TEST(ObservedApi, AFailureIsSeenAndStillThrown) {
  EchoApi inner;
  Notebook notebook;
  ObservedApi api(inner, notebook);
  EXPECT_THROW(api.del("/c", {{"fail", "1"}}), Error);
  EXPECT_EQ(notebook.events,
            (std::vector<std::string>{"sending DELETE /c fail=1", "failed DELETE 403"}));
}

TEST(ObservedApi, AnObserverThatThrowsStopsTheRequest) {
  EchoApi inner;
  Notebook notebook;
  notebook.refuse = true;
  ObservedApi api(inner, notebook);
  EXPECT_THROW(api.post("/a"), std::runtime_error);
  EXPECT_TRUE(inner.sent.empty());
}

TEST(ObservedApi, AnObserversAnswerStandsInForProxmox) {
  EchoApi inner;
  Notebook notebook;
  notebook.stand_in = json(nullptr);
  ObservedApi api(inner, notebook);
  EXPECT_EQ(api.put("/b"), json(nullptr));
  EXPECT_TRUE(inner.sent.empty());
  EXPECT_EQ(notebook.events, (std::vector<std::string>{"sending PUT /b", "answered PUT null"}));
}

}  // namespace
}  // namespace pve
