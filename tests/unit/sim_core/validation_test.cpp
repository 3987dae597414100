// Schema validation texts, each checked end to end through the HTTPS server.
#include <nlohmann/json.hpp>

#include "sim_fixture.h"

namespace pvesim::testing {
namespace {

TEST_F(SimCoreTest, IntegerTypeCheck) {
  auto r = get("/nodes/pve1/qemu/abc/status/current");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"vmid", "type check ('integer') failed - got 'abc'"}}));
}

TEST_F(SimCoreTest, NamedFormatVmid) {
  auto r = get("/nodes/pve1/qemu/99/status/current");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r),
            (Json{{"vmid", "invalid format - value does not look like a valid VM ID\n"}}));
}

TEST_F(SimCoreTest, NamedFormatNode) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/migrate", "target=bad_node");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r),
            (Json{{"target", "invalid format - value does not look like a valid node name\n"}}));
}

TEST_F(SimCoreTest, NamedFormatStorageIdAndConfigIdList) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config", "delete=scsi1,bad%20id!");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["delete"], "invalid format - invalid configuration ID 'id!'\n");
  r = get("/nodes/pve1/storage/1bad/status");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["storage"],
            "invalid format - storage ID '1bad' contains illegal characters\n");
}

TEST_F(SimCoreTest, MissingRequiredParameter) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu", "name=x");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"vmid", "property is missing and it is not optional"}}));
}

TEST_F(SimCoreTest, UnknownParameterIsRejected) {
  auto r = get("/version?foo=1");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"foo",
                                 "property is not defined in schema and the schema does "
                                 "not allow additional properties"}}));
}

TEST_F(SimCoreTest, EnumCheck) {
  auto r = get("/cluster/resources?type=bogus");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r),
            (Json{{"type",
                   "value 'bogus' does not have a value in the enumeration 'vm, storage, node, "
                   "sdn'"}}));
  EXPECT_EQ(get("/cluster/resources?type=vm").status, 200);
}

TEST_F(SimCoreTest, BooleanAcceptsOnlyOneAndZero) {
  auto r = get("/nodes/pve1/tasks?errors=true");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"errors", "type check ('boolean') failed - got 'true'"}}));
  EXPECT_EQ(get("/nodes/pve1/tasks?errors=1").status, 200);
}

TEST_F(SimCoreTest, JsonBooleanForStringIsRejected) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config", R"({"name": true})",
                "application/json");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"name", "type check ('string') failed - got JSON::PP::Boolean"}}));
}

TEST_F(SimCoreTest, MaxLengthAndMinimumMaximum) {
  auto r =
      call("POST", "/api2/json/nodes/pve1/qemu/100/snapshot", "snapname=" + std::string(41, 'a'));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"snapname", "value may only be 40 characters long"}}));
  r = call("POST", "/api2/json/nodes/pve1/qemu/100/config", "cores=0&sockets=5&memory=4");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["cores"], "value must have a minimum value of 1");
}

TEST_F(SimCoreTest, PatternCheck) {
  auto r = call("PUT", "/api2/json/nodes/pve1/qemu/100/resize", "disk=scsi0&size=lots");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"size", "value does not match the regex pattern"}}));
  EXPECT_EQ(call("PUT", "/api2/json/nodes/pve1/qemu/100/resize", "disk=scsi0&size=%2B10G").status,
            200);
}

TEST_F(SimCoreTest, RequiresNamesTheMissingProperty) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu", "vmid=200&force=1");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"archive", "missing property - 'force' requires this property"}}));
}

TEST_F(SimCoreTest, PropertyStringAcceptsAliasesDefaultKeyAndBooleanWords) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config",
                "net0=virtio%3DBC%3A24%3A11%3A00%3A00%3A01%2Cbridge%3Dvmbr0%2Cfirewall%3Dyes"
                "&net1=e1000%2Cbridge%3Dvmbr1&memory=2048");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(SimCoreTest, PropertyStringErrorsNameTheSubkey) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config",
                "net0=virtio%2Cbridge%3Dvmbr0%2Cfirewall%3Dmaybe");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r),
            (Json{{"net0",
                   "invalid format - format error\nnet0.firewall: type check ('boolean') "
                   "failed - got 'maybe'\n"}}));
  r = call("POST", "/api2/json/nodes/pve1/qemu/100/config",
           "net0=virtio%3D01%3A00%3A00%3A00%3A00%3A01");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["net0"],
            "invalid format - format error\nnet0.macaddr: invalid format - value does not look "
            "like a valid unicast MAC address\n\n");
  r = call("POST", "/api2/json/nodes/pve1/qemu/100/config", "net0=bridge%3Dvmbr0%2Cspeed%3D9");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["net0"],
            "invalid format - invalid key in comma-separated list property: speed\n");
  r = call("POST", "/api2/json/nodes/pve1/qemu/100/config",
           "scsi0=local-lvm%3Avm-100-disk-0%2Csize%3Dhuge");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r)["scsi0"],
            "invalid format - format error\nscsi0.size: invalid format - value does not look "
            "like a valid disk size: huge\n\n");
}

TEST_F(SimCoreTest, IndexedOptionsUseTheRealRanges) {
  EXPECT_EQ(call("POST", "/api2/json/nodes/pve1/qemu/100/config", "net31=virtio").status, 200);
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config", "net32=virtio");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r), (Json{{"net32",
                                 "property is not defined in schema and the schema "
                                 "does not allow additional properties"}}));
  EXPECT_EQ(call("POST", "/api2/json/nodes/pve1/qemu/100/config", "scsi31=local-lvm%3A1").status,
            400);
  EXPECT_EQ(call("POST", "/api2/json/nodes/pve1/qemu/100/config", "net01=virtio").status, 400);
  EXPECT_EQ(
      call("PUT", "/api2/json/nodes/pve1/lxc/101/config", "mp255=local-lvm%3A8%2Cmp%3D%2Fx").status,
      200);
}

TEST_F(SimCoreTest, ValidatedParametersReachTheModel) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start?timeout=5", "");
  ASSERT_EQ(r.status, 200);
  const auto req = model_->last_request();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/nodes/pve1/qemu/100/status/start");
  EXPECT_EQ(req.auth_id, kAdminToken);
  EXPECT_EQ(req.params, (Json{{"node", "pve1"}, {"vmid", "100"}, {"timeout", "5"}}));
}

}  // namespace
}  // namespace pvesim::testing
