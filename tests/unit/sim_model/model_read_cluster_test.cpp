// Cluster-wide reads of the small, standalone and empty seeds.
#include <map>
#include <set>

#include "http_answers.h"
#include "model_fixture.h"

namespace pvesim::test {
namespace {

TEST(SchemaFile, IsAvailable) {
  if (returns_schema("/version") == nullptr) {
    GTEST_SKIP() << "third_party/pve-api/apidata.json not present yet: shape checks are off";
  }
  SUCCEED();
}

TEST_F(ModelTest, VersionHasReleaseAndRepoid) {
  const Json data = call_ok("/version", "/version");
  EXPECT_EQ(data["version"], "9.2.11");
  EXPECT_EQ(data["release"], "9.2");
  EXPECT_EQ(data["repoid"].get<std::string>().size(), 16u);
}

TEST_F(ModelTest, ClusterStatusListsClusterThenNodes) {
  const Json data = call_ok("/cluster/status", "/cluster/status");
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data[0], (Json{{"type", "cluster"},
                           {"id", "cluster"},
                           {"name", "homelab"},
                           {"nodes", 3},
                           {"quorate", 1},
                           {"version", 5}}));
  EXPECT_EQ(data[1], (Json{{"type", "node"},
                           {"id", "node/pve1"},
                           {"name", "pve1"},
                           {"nodeid", 1},
                           {"ip", "192.168.1.11"},
                           {"online", 1},
                           {"local", 1},
                           {"level", ""}}));
  EXPECT_EQ(data[2]["online"], 1);
  EXPECT_EQ(data[2]["local"], 0);
  EXPECT_EQ(data[3]["name"], "pve3");
  EXPECT_EQ(data[3]["online"], 0);
}

TEST_F(ModelTest, QuorumIsLostWithTwoOfThreeNodesOffline) {
  model->set_node_offline("pve2", true);
  EXPECT_EQ(model->node_state("pve2"), NodeState::kOffline);
  EXPECT_EQ(call_ok("/cluster/status", "/cluster/status")[0]["quorate"], 0);
  model->set_node_offline("pve2", false);
  EXPECT_EQ(model->node_state("pve2"), NodeState::kOnline);
  EXPECT_EQ(call_ok("/cluster/status", "/cluster/status")[0]["quorate"], 1);
  EXPECT_EQ(model->node_state("nope"), NodeState::kUnknown);
  EXPECT_EQ(model->node_names(), (std::vector<std::string>{"pve1", "pve2", "pve3"}));
}

TEST(StandaloneSeed, ClusterStatusHasNoClusterEntry) {
  ManualClock clock;
  auto model = make_sim_cluster_model("standalone", 0, clock.clock());
  const ApiResponse response = model->handle(get("/cluster/status", "/cluster/status"));
  ASSERT_EQ(response.status, 200);
  ASSERT_EQ(response.data.size(), 1u);
  EXPECT_EQ(response.data[0], (Json{{"type", "node"},
                                    {"id", "node/pve"},
                                    {"name", "pve"},
                                    {"nodeid", 0},
                                    {"ip", "192.168.1.10"},
                                    {"online", 1},
                                    {"local", 1},
                                    {"level", ""}}));
  const ApiResponse vms = model->handle(get("/nodes/{node}/qemu", "/nodes/pve/qemu"));
  ASSERT_EQ(vms.data.size(), 1u);
  EXPECT_EQ(vms.data[0]["name"], "homeassistant");
}

TEST(EmptySeed, HasOneNodeAndNothingElse) {
  ManualClock clock;
  auto model = make_sim_cluster_model("empty", 0, clock.clock());
  const ApiResponse resources =
      model->handle(get("/cluster/resources", "/cluster/resources", {{"type", "vm"}}));
  EXPECT_EQ(resources.data, Json::array());
  EXPECT_EQ(model->handle(get("/nodes", "/nodes")).data.size(), 1u);
  EXPECT_EQ(model->handle(get("/cluster/nextid", "/cluster/nextid")).data, "100");  // a string, as PVE sends it
  const ApiResponse tasks = model->handle(get("/nodes/{node}/tasks", "/nodes/pve/tasks"));
  EXPECT_EQ(tasks.data, Json::array());
  EXPECT_EQ(tasks.total, 0);
}

TEST(UnknownSeed, IsRejected) {
  ManualClock clock;
  EXPECT_THROW(make_sim_cluster_model("huge", 0, clock.clock()), std::invalid_argument);
}

TEST_F(ModelTest, ResourcesHaveIdsForEveryKind) {
  const Json data = call_ok("/cluster/resources", "/cluster/resources");
  std::map<std::string, Json> by_id;
  for (const auto& entry : data) by_id[entry["id"].get<std::string>()] = entry;
  for (const char* id : {"qemu/100", "lxc/101", "qemu/102", "lxc/103", "qemu/104", "lxc/105",
                         "qemu/9000", "qemu/110", "lxc/111", "node/pve1", "node/pve2", "node/pve3",
                         "storage/pve1/local", "storage/pve1/local-lvm", "storage/pve2/backup-nfs",
                         "storage/pve3/local", "network/pve3/zone/localnetwork"}) {
    EXPECT_TRUE(by_id.contains(id)) << id;
  }
  const Json& web = by_id["qemu/100"];
  EXPECT_EQ(web["type"], "qemu");
  EXPECT_EQ(web["node"], "pve1");
  EXPECT_EQ(web["status"], "running");
  EXPECT_EQ(web["name"], "web");
  EXPECT_EQ(web["maxmem"], 4294967296LL);
  EXPECT_EQ(web["maxdisk"], 34359738368LL);
  EXPECT_EQ(web["maxcpu"], 2);
  EXPECT_EQ(web["template"], 0);
  EXPECT_EQ(web["tags"], "prod;web");
  EXPECT_EQ(by_id["qemu/9000"]["template"], 1);
  EXPECT_EQ(by_id["lxc/105"]["lock"], "backup");
  EXPECT_EQ(by_id["storage/pve1/local"]["plugintype"], "dir");
  EXPECT_EQ(by_id["storage/pve1/local"]["status"], "available");
  EXPECT_EQ(by_id["storage/pve1/backup-nfs"]["shared"], 1);
}

TEST_F(ModelTest, OfflineNodeResourcesAreUnknown) {
  const Json data = call_ok("/cluster/resources", "/cluster/resources");
  for (const auto& entry : data) {
    if (entry.value("node", "") != "pve3") continue;
    if (entry["type"] == "network") {
      EXPECT_EQ(entry["status"], "ok");  // the built-in zone is added for every node
    } else if (entry["type"] == "node") {
      EXPECT_EQ(entry["status"], "offline");
      EXPECT_FALSE(entry.contains("uptime"));
    } else {
      EXPECT_EQ(entry["status"], "unknown") << entry["id"];
      EXPECT_FALSE(entry.contains("mem")) << entry["id"];
    }
  }
  Json k3s;
  for (const auto& entry : data) {
    if (entry["id"] == "qemu/110") k3s = entry;
  }
  // extract_vm_stats without the node's status line: the figures and the name come from it.
  EXPECT_EQ(k3s, (Json{{"id", "qemu/110"}, {"vmid", 110}, {"node", "pve3"}, {"type", "qemu"},
                       {"status", "unknown"}, {"tags", "k8s"}}));  // tags: the config, in pmxcfs
}

TEST_F(ModelTest, ResourcesTypeFilter) {
  auto types_of = [&](const std::string& type) {
    std::set<std::string> types;
    for (const auto& entry :
         call_ok("/cluster/resources", "/cluster/resources", {{"type", type}})) {
      types.insert(entry["type"].get<std::string>());
    }
    return types;
  };
  EXPECT_EQ(types_of("vm"), (std::set<std::string>{"qemu", "lxc"}));
  EXPECT_EQ(types_of("node"), (std::set<std::string>{"node"}));
  EXPECT_EQ(types_of("storage"), (std::set<std::string>{"storage"}));
  EXPECT_EQ(call_ok("/cluster/resources", "/cluster/resources", {{"type", "vm"}}).size(), 9u);
}

TEST_F(ModelTest, NextIdIsLowestFreeIdFrom100) {
  // 100..105 are taken; 106 is the first free one.
  EXPECT_EQ(call_ok("/cluster/nextid", "/cluster/nextid"), "106");
  EXPECT_EQ(call_ok("/cluster/nextid", "/cluster/nextid", {{"vmid", "200"}}), "200");
  const ApiResponse taken = call("/cluster/nextid", "/cluster/nextid", {{"vmid", "100"}});
  EXPECT_EQ(taken.status, 400);
  EXPECT_EQ(taken.message, "Parameter verification failed.\n");
  EXPECT_EQ(taken.errors, (std::map<std::string, std::string>{{"vmid", "VM 100 already exists"}}));
  // A guest on the offline node still holds its id.
  EXPECT_EQ(call("/cluster/nextid", "/cluster/nextid", {{"vmid", "110"}}).status, 400);
}

TEST_F(ModelTest, StorageConfigListsEveryStorageWithDigest) {
  const Json data = call_ok("/storage", "/storage");
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data[0]["storage"], "local");
  EXPECT_EQ(data[0]["type"], "dir");
  EXPECT_EQ(data[0]["path"], "/var/lib/vz");
  EXPECT_EQ(data[0]["content"], "iso,vztmpl,backup");
  EXPECT_EQ(data[1]["storage"], "local-lvm");
  EXPECT_EQ(data[1]["thinpool"], "data");
  EXPECT_EQ(data[2]["storage"], "backup-nfs");
  EXPECT_EQ(data[2]["server"], "192.168.1.50");
  EXPECT_EQ(data[3]["storage"], "pbs-main");
  EXPECT_EQ(data[3]["type"], "pbs");
  EXPECT_EQ(data[3]["datastore"], "tank");
  EXPECT_EQ(data[3]["username"], "pve@pbs");
  EXPECT_FALSE(data[3].contains("path"));
  EXPECT_EQ(data[0]["digest"].get<std::string>().size(), 40u);
  const Json nfs = call_ok("/storage", "/storage", {{"type", "nfs"}});
  ASSERT_EQ(nfs.size(), 1u);
  EXPECT_EQ(nfs[0]["storage"], "backup-nfs");
}

TEST_F(ModelTest, UnservedRouteIs501WithPveText) {
  ApiRequest request =
      get("/nodes/{node}/qemu/{vmid}/remote_migrate", "/nodes/pve1/qemu/100/remote_migrate");
  request.method = "POST";
  const ApiResponse response = model->handle(request);
  EXPECT_EQ(response.status, 501);
  EXPECT_EQ(response.message, "Method 'POST /nodes/pve1/qemu/100/remote_migrate' not implemented");
  EXPECT_TRUE(response.not_simulated);
  // Over HTTP the answer is PVE's, plus the mark a test can tell it by.
  const HttpResponse http = json_response(response);
  EXPECT_EQ(http.status, 501);
  EXPECT_EQ(http.reason, "Method 'POST /nodes/pve1/qemu/100/remote_migrate' not implemented");
  EXPECT_NE(std::find(http.headers.begin(), http.headers.end(),
                      std::pair<std::string, std::string>{"X-Pve-Sim", "not-simulated"}),
            http.headers.end());
  // A route it serves carries no such mark.
  EXPECT_FALSE(model->handle(get("/version", "/version")).not_simulated);
}

}  // namespace
}  // namespace pvesim::test

namespace pvesim::test {
namespace {

// The shape checker itself must be able to fail, or the shape assertions prove nothing.
TEST(ShapeChecker, FlagsWrongTypesAndMissingKeys) {
  const Json* returns = returns_schema("/nodes/{node}/qemu");
  if (returns == nullptr) GTEST_SKIP() << "apidata.json not present";
  const Json bad = Json::array({{{"vmid", "100"}, {"status", "running"}},
                                {{"vmid", 101}, {"status", "sleeping"}, {"template", true}},
                                {{"status", "stopped"}, {"cpu", "0.5"}}});
  EXPECT_EQ(
      shape_problems(bad, *returns),
      (std::vector<std::string>{
          "data[0].vmid: expected integer, got \"100\"", "data[1].status: \"sleeping\" not in enum",
          "data[1].template: expected 0/1 boolean, got true", "data[2].vmid: missing",
          "data[2].cpu: expected number, got \"0.5\""}));
}

}  // namespace
}  // namespace pvesim::test
