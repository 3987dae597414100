// proxmox_api_call: what reaches Proxmox (exact paths and parameters), what never does (schema
// errors, policy refusals, protected guests), and how big answers are bounded.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kMigrateUpid = "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmigrate:100:root@pam!mcp:";

policy::Settings elevated() {
  return policy::Settings{.mode = policy::Mode::elevated};
}

TEST(ApiCall, AGetFillsThePathFromParamsAndSendsTheRest) {
  Harness h;
  h.api.on_get("/nodes/pve1/qemu/100/rrddata", json::array({{{"time", 1}, {"cpu", 0.5}}}));
  auto r = h.call("proxmox_api_call",
                  {{"method", "get"},
                   {"path", "/nodes/{node}/qemu/{vmid}/rrddata"},
                   {"params", {{"node", "pve1"}, {"vmid", 100}, {"timeframe", "hour"}}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/rrddata", {{"timeframe", "hour"}}}}));
  EXPECT_EQ(r.text,
            "**GET /nodes/pve1/qemu/100/rrddata**\n\nItems 1–1 of 1.\n```json\n"
            "{\"cpu\":0.5,\"time\":1}\n```\n");
  EXPECT_EQ(r.structured, (json{{"method", "GET"},
                                {"path", "/nodes/pve1/qemu/100/rrddata"},
                                {"data", json::array({{{"time", 1}, {"cpu", 0.5}}})},
                                {"total", 1},
                                {"matched", 1},
                                {"offset", 0}}));
}

TEST(ApiCall, AConcretePathAndParamsMustAgree) {
  Harness h;
  auto r = h.call(
      "proxmox_api_call",
      {{"method", "GET"}, {"path", "/nodes/pve1/qemu/100/config"}, {"params", {{"vmid", "101"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "'vmid' is 100 in the path but 101 in params.");
  r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/{node}/qemu"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "The path needs {node}: give it in params (\"node\": …) or write it into "
            "the path.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiCall, SchemaErrorsNameTheParameterAndSendNothing) {
  Harness h(elevated());
  auto r = h.call("proxmox_api_call", {{"method", "POST"},
                                       {"path", "/nodes/pve1/qemu/100/migrate"},
                                       {"params", {{"online", "maybe"}, {"bogus", 1}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Proxmox would refuse POST /nodes/{node}/qemu/{vmid}/migrate, so nothing was sent: "
            "bogus: property is not defined in schema and the schema does not allow additional "
            "properties; online: type check ('boolean') failed - got 'maybe'; target: property "
            "is missing and it is not optional. proxmox_api_describe shows every parameter.");
  r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/qemu/abc/config"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("vmid: "), std::string::npos) << r.text;
  EXPECT_TRUE(h.api.calls().empty());
}

// Schema errors quote the values they are about: many long bad values make a bounded answer.
TEST(ApiCall, SchemaErrorsAreBoundedHoweverManyValuesAreBad) {
  Harness h(elevated());
  json params = json::object();
  for (int i = 0; i < 15; ++i) params["net" + std::to_string(i)] = std::string(8000, 'x');
  auto r = h.call("proxmox_api_call",
                  {{"method", "PUT"}, {"path", "/nodes/pve1/qemu/100/config"}, {"params", params}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(
      r.text.starts_with("Proxmox would refuse PUT /nodes/{node}/qemu/{vmid}/config, so "
                         "nothing was sent: net0: "))
      << r.text.substr(0, 200);
  EXPECT_NE(r.text.find(" And 5 more problems. proxmox_api_describe shows every parameter."),
            std::string::npos);
  EXPECT_LT(r.text.size(), 4000U);
  EXPECT_TRUE(h.api.calls().empty());

  json many = json::object();
  for (int i = 0; i < 1001; ++i) many["p" + std::to_string(i)] = 1;
  r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/version"}, {"params", many}});
  EXPECT_EQ(r.text, "params has more than 1000 parameters.");
}

TEST(ApiCall, HostileTextIsBoundedBeforeAnyPatternRuns) {
  Harness h(elevated());
  auto r = h.call(
      "proxmox_api_call",
      {{"method", "GET"}, {"path", "/version"}, {"params", {{std::string(200'000, 'a'), 1}}}});
  EXPECT_EQ(r.text,
            "A parameter name is longer than 64 characters: '" + std::string(64, 'a') + "…'.");
  // The name shown is cut before a character that does not fit whole: 21 of 22 €.
  std::string euros;
  for (int i = 0; i < 22; ++i) euros += "€";
  r = h.call("proxmox_api_call",
             {{"method", "GET"}, {"path", "/version"}, {"params", {{euros, 1}}}});
  EXPECT_EQ(r.text,
            "A parameter name is longer than 64 characters: '" + euros.substr(0, 63) + "…'.");
  r = h.call("proxmox_api_call", {{"method", "POST"},
                                  {"path", "/nodes/pve1/qemu/100/config"},
                                  {"params", {{"net0", "virtio=" + std::string(200'000, 'A')}}}});
  EXPECT_EQ(r.text, "Parameter 'net0' is longer than 8192 characters.");
  // Also a path value, which an error would otherwise echo.
  r = h.call("proxmox_api_call", {{"method", "GET"},
                                  {"path", "/nodes/pve1/qemu/100/config"},
                                  {"params", {{"vmid", std::string(100'000, '1')}}}});
  EXPECT_EQ(r.text, "Parameter 'vmid' is longer than 8192 characters.");
  r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", std::string(50'000, '/')}});
  EXPECT_EQ(r.text,
            "Invalid argument 'path': must be an API path of at most 1024 characters and 32 "
            "segments");
  // . and .. would be path steps in the URL, not names: the path sent would not be the one
  // the policy allowed.
  r = h.call("proxmox_api_call", {{"method", "DELETE"},
                                  {"path", "/nodes/{node}/tasks/{upid}"},
                                  {"params", {{"node", "pve1"}, {"upid", ".."}}}});
  EXPECT_EQ(r.text, "'upid' cannot be '..'.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiCall, AnUnknownEndpointNamesTheNearestOnes) {
  Harness h;
  auto r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/qemu/100/nope"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(
      r.text.starts_with("The Proxmox API has no GET /nodes/pve1/qemu/100/nope. "
                         "Nearest: "))
      << r.text;
  EXPECT_TRUE(r.text.ends_with(". Find endpoints with proxmox_api_search.")) << r.text;
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiCall, BasicModeSendsOnlyGet) {
  Harness h;
  auto r = h.call("proxmox_api_call",
                  {{"method", "POST"}, {"path", "/nodes/pve1/qemu/100/status/start"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "POST /nodes/pve1/qemu/100/status/start changes the cluster: proxmox_api_call sends "
            "only GET in basic mode. Set PROXMOX_ALLOW_ELEVATED=true (or start the server with "
            "--elevated) and restart it.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiCall, ElevatedModeSendsOnlyWhatThePolicyAllows) {
  Harness h(elevated());
  auto r = h.call(
      "proxmox_api_call",
      {{"method", "POST"}, {"path", "/cluster/ha/resources"}, {"params", {{"sid", "vm:100"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(
      r.text.starts_with("POST /cluster/ha/resources is not among the API changes this "
                         "server allows"))
      << r.text;
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiCall, ATaskIsFollowedToItsEnd) {
  Harness h(elevated());
  h.api.on("POST", "/nodes/pve1/qemu/100/migrate", kMigrateUpid);
  const std::string status = pve::path({"nodes", "pve1", "tasks", kMigrateUpid, "status"});
  h.api.on_get(status, json{{"upid", kMigrateUpid},
                            {"node", "pve1"},
                            {"type", "qmigrate"},
                            {"status", "stopped"},
                            {"exitstatus", "OK"}});
  auto r = h.call(
      "proxmox_api_call",
      {{"method", "POST"},
       {"path", "/nodes/{node}/qemu/{vmid}/migrate"},
       {"params", {{"node", "pve1"}, {"vmid", "100"}, {"target", "pve2"}, {"online", true}}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"POST", "/nodes/pve1/qemu/100/migrate", {{"online", "1"}, {"target", "pve2"}}},
                {"GET", status, {}}}));
  EXPECT_TRUE(r.text.starts_with("🔌 **API Call Done**")) << r.text;
  EXPECT_NE(r.text.find("**Request**: `POST /nodes/pve1/qemu/100/migrate`"), std::string::npos);
  EXPECT_EQ(r.structured["upid"], kMigrateUpid);
  EXPECT_EQ(r.structured["succeeded"], true);
  EXPECT_EQ(r.structured["method"], "POST");
  EXPECT_EQ(r.structured["path"], "/nodes/pve1/qemu/100/migrate");
}

TEST(ApiCall, AProtectedGuestIsNeverTheTargetOfADestructiveCall) {
  Harness h(elevated());
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"protection", 1}, {"name", "db"}});
  for (const auto& [method, path, params] :
       {std::tuple{"DELETE", "/nodes/pve1/qemu/100/snapshot/before", json::object()},
        std::tuple{"POST", "/nodes/pve1/qemu/100/snapshot/before/rollback", json::object()},
        std::tuple{"PUT", "/nodes/pve1/qemu/100/config", json{{"delete", "scsi1"}}},
        std::tuple{"POST", "/nodes/pve1/qemu/100/move_disk",
                   json{{"disk", "scsi0"}, {"storage", "local"}, {"delete", true}}},
        std::tuple{"POST", "/nodes/pve1/qemu/100/template", json::object()},
        // Lifting the protection would open the way for every call after it.
        std::tuple{"PUT", "/nodes/pve1/qemu/100/config", json{{"protection", 0}}},
        std::tuple{"DELETE", "/nodes/pve1/qemu/100", json::object()}}) {
    auto r = h.call("proxmox_api_call", {{"method", method}, {"path", path}, {"params", params}});
    EXPECT_TRUE(r.is_error) << path;
    EXPECT_NE(r.text.find("protection"), std::string::npos) << r.text;
  }
  // Only the config was read; nothing was sent.
  for (const Call& call : h.api.calls()) {
    EXPECT_EQ(call, (Call{"GET", "/nodes/pve1/qemu/100/config", {}}));
  }
  // A change that destroys nothing goes through.
  h.api.on("PUT", "/nodes/pve1/qemu/100/config", nullptr);
  auto r = h.call("proxmox_api_call", {{"method", "PUT"},
                                       {"path", "/nodes/pve1/qemu/100/config"},
                                       {"params", {{"description", "kept"}}}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().back(),
            (Call{"PUT", "/nodes/pve1/qemu/100/config", {{"description", "kept"}}}));
}

// Calls outside the defaults that destroy or hand over a guest's data: opened by the user, they
// still spare a protected guest.
TEST(ApiCall, OpenedCallsStillSpareAProtectedGuest) {
  policy::Settings settings = elevated();
  settings.api_writes =
      policy::parse_api_writes(
          "PUT /nodes/*/qemu/*/unlink, POST /nodes/*/qemu/*/remote_migrate|move_disk, "
          "POST /nodes/*/qemu/*/agent/file-write|set-user-password")
          .patterns;
  Harness h(settings);
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"protection", 1}});
  const std::string endpoint = "host=pve9.example,apitoken=PVEAPIToken=a@pam!b=x";
  for (const auto& [method, path, params, action] :
       {std::tuple{"PUT", "/nodes/pve1/qemu/100/unlink", json{{"idlist", "scsi1"}},
                   "unlink disks from it"},
        std::tuple{"POST", "/nodes/pve1/qemu/100/remote_migrate",
                   json{{"target-endpoint", endpoint},
                        {"target-bridge", "vmbr0"},
                        {"target-storage", "local"},
                        {"delete", true}},
                   "delete it once it has moved to another cluster"},
        std::tuple{"POST", "/nodes/pve1/qemu/100/move_disk",
                   json{{"disk", "scsi0"}, {"target-vmid", 200}, {"target-disk", "scsi1"}},
                   "give one of its disks to guest 200"},
        std::tuple{"POST", "/nodes/pve1/qemu/100/agent/file-write",
                   json{{"file", "/etc/passwd"}, {"content", "x"}}, "write a file inside it"},
        std::tuple{"POST", "/nodes/pve1/qemu/100/agent/set-user-password",
                   json{{"username", "root"}, {"password", "hunter22"}},
                   "set a password inside it"},
        // Allowed by the defaults, as the exec tool sends it.
        std::tuple{"POST", "/nodes/pve1/qemu/100/agent/exec", json{{"command", "rm"}},
                   "run a command inside it"}}) {
    auto r = h.call("proxmox_api_call", {{"method", method}, {"path", path}, {"params", params}});
    EXPECT_TRUE(r.is_error) << path;
    EXPECT_TRUE(r.text.starts_with("VM 100 is protected (protection=1): refusing to " +
                                   std::string(action) + "."))
        << r.text;
  }
  for (const Call& call : h.api.calls()) {
    EXPECT_EQ(call, (Call{"GET", "/nodes/pve1/qemu/100/config", {}}));
  }
}

// The path the answer shows is encoded; a model that copies it back gets the same guest.
TEST(ApiCall, AnEncodedPathValueIsNotEncodedTwice) {
  Harness h;
  h.api.on_get("/cluster/ha/resources/vm%3A100", json{{"sid", "vm:100"}});
  auto r =
      h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/cluster/ha/resources/vm%3A100"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/cluster/ha/resources/vm%3A100", {}}}));
  auto same = h.call("proxmox_api_call", {{"method", "GET"},
                                          {"path", "/cluster/ha/resources/vm:100"},
                                          {"params", {{"sid", "vm:100"}}}});
  EXPECT_FALSE(same.is_error) << same.text;
}

TEST(ApiCall, ABigListIsFilteredProjectedAndPaged) {
  Harness h;
  json resources = json::array();
  for (int i = 0; i < 300; ++i) {
    resources.push_back({{"vmid", 100 + i},
                         {"type", i % 3 == 0 ? "lxc" : "qemu"},
                         {"status", "running"},
                         {"name", "guest-" + std::to_string(i)},
                         {"maxmem", 4294967296LL}});
  }
  h.api.on_get("/cluster/resources", resources);
  auto r = h.call("proxmox_api_call", {{"method", "GET"},
                                       {"path", "/cluster/resources"},
                                       {"params", {{"type", "vm"}}},
                                       {"filter", "type=lxc"},
                                       {"fields", {"vmid", "name"}},
                                       {"limit", 2},
                                       {"cursor", "10"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/cluster/resources", {{"type", "vm"}}}}));
  EXPECT_EQ(r.text,
            "**GET /cluster/resources**\n\nItems 11–12 of 100 matching type=lxc (300 in all).\n"
            "More: cursor=\"12\".\n```json\n{\"name\":\"guest-30\",\"vmid\":130}\n"
            "{\"name\":\"guest-33\",\"vmid\":133}\n```\n");
  EXPECT_EQ(r.structured["next_cursor"], "12");
  EXPECT_EQ(r.structured["total"], 300);
  EXPECT_EQ(r.structured["matched"], 100);

  auto bad = h.call("proxmox_api_call",
                    {{"method", "GET"}, {"path", "/cluster/resources"}, {"filter", "=x"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.text, "Invalid argument 'filter': '=x' is not key=value or key!=value");
}

}  // namespace
}  // namespace tools::testing
