// The endpoint catalogue: task detection, permission texts, parameters, resolving paths.
#include "apischema/catalogue.h"

#include <gtest/gtest.h>

#include "apischema/param_validator.h"
#include "apischema/permission_text.h"

namespace apischema {
namespace {

const Endpoint& endpoint(const std::string& method, const std::string& path) {
  const auto resolved = Catalogue::embedded().resolve(method, path);
  EXPECT_TRUE(resolved) << method << " " << path;
  return *resolved->endpoint;
}

TEST(Catalogue, HasEveryMethodOfTheSchema) {
  EXPECT_EQ(Catalogue::embedded().endpoints().size(), ApiSchema::embedded().method_count());
}

TEST(Catalogue, TaskDetectionFollowsTheReturnSchema) {
  EXPECT_TRUE(endpoint("POST", "/nodes/{node}/qemu/{vmid}/status/start").returns_task);
  EXPECT_FALSE(endpoint("GET", "/nodes/{node}/qemu/{vmid}/config").returns_task);
  EXPECT_TRUE(endpoint("POST", "/nodes/{node}/vzdump").returns_task);
  EXPECT_FALSE(endpoint("PUT", "/nodes/{node}/qemu/{vmid}/config").returns_task);
  EXPECT_TRUE(endpoint("POST", "/nodes/{node}/qemu/{vmid}/config").returns_task);
  EXPECT_TRUE(endpoint("POST", "/access/domains/{realm}/sync").returns_task);
  // Strings that are no UPID: a volume ID, a MAC address, a lock token, monitor output.
  EXPECT_FALSE(endpoint("POST", "/nodes/{node}/storage/{storage}/content").returns_task);
  EXPECT_FALSE(endpoint("POST", "/nodes/{node}/wakeonlan").returns_task);
  EXPECT_FALSE(endpoint("POST", "/cluster/sdn/lock").returns_task);
  EXPECT_FALSE(endpoint("POST", "/nodes/{node}/qemu/{vmid}/monitor").returns_task);
  EXPECT_FALSE(endpoint("GET", "/nodes/{node}/apt/changelog").returns_task);
}

TEST(Catalogue, PermissionTexts) {
  EXPECT_EQ(endpoint("POST", "/nodes/{node}/qemu/{vmid}/status/start").permission,
            "VM.PowerMgmt on /vms/{vmid}");
  EXPECT_EQ(endpoint("PUT", "/nodes/{node}/qemu/{vmid}/config").permission,
            "any of VM.Config.Disk, VM.Config.CDROM, VM.Config.CPU, VM.Config.Memory, "
            "VM.Config.Network, VM.Config.HWType, VM.Config.Options, VM.Config.Cloudinit on "
            "/vms/{vmid}");
  EXPECT_EQ(endpoint("POST", "/nodes/{node}/ceph/osd").permission, "root@pam only");
  EXPECT_EQ(endpoint("GET", "/version").permission, "any user");
  EXPECT_EQ(permission_text(Json{{"user", "world"}}), "anyone, without login");
  EXPECT_EQ(permission_text(Json{{"check",
                                  {"and",
                                   {"perm", "/mapping/pci", {"Mapping.Modify"}},
                                   {"or",
                                    {"perm", "/", {"Sys.Audit", "Sys.Modify"}},
                                    {"perm", "/", {"Sys.AccessNetwork"}}}}}}),
            "Mapping.Modify on /mapping/pci and (Sys.Audit and Sys.Modify on / or "
            "Sys.AccessNetwork on /)");
  EXPECT_EQ(permission_text(
                Json{{"check", {"perm", "/pool/{pool}", {"Pool.Audit"}, "require_param", "pool"}}}),
            "Pool.Audit on /pool/{pool} (when pool is given)");
  EXPECT_EQ(permission_text(Json{{"check", {"userid-param", "self"}}}), "the user itself");
}

TEST(Catalogue, ParametersOfTheQemuMigrateEndpoint) {
  const auto& migrate = endpoint("POST", "/nodes/{node}/qemu/{vmid}/migrate");
  EXPECT_EQ(migrate.summary, "Migrate virtual machine.");
  ASSERT_GE(migrate.parameters.size(), 4U);
  const auto& node = migrate.parameters[0];
  EXPECT_EQ(node.name, "node");
  EXPECT_TRUE(node.in_path);
  EXPECT_EQ(node.format, "pve-node");
  const auto& vmid = migrate.parameters[1];
  EXPECT_EQ(vmid.name, "vmid");
  EXPECT_EQ(vmid.type, "integer");
  EXPECT_EQ(vmid.minimum, "100");
  EXPECT_EQ(vmid.maximum, "999999999");
  EXPECT_EQ(migrate.parameters[2].name, "target");
  EXPECT_TRUE(migrate.parameters[2].required);
  EXPECT_FALSE(migrate.parameters[2].in_path);
  const auto type = std::find_if(migrate.parameters.begin(), migrate.parameters.end(),
                                 [](const Parameter& p) { return p.name == "migration_type"; });
  ASSERT_NE(type, migrate.parameters.end());
  EXPECT_FALSE(type->required);
  EXPECT_EQ(type->enum_values, (std::vector<std::string>{"secure", "insecure"}));
  const auto& create = endpoint("POST", "/nodes/{node}/qemu");
  const auto net = std::find_if(create.parameters.begin(), create.parameters.end(),
                                [](const Parameter& p) { return p.name == "net[n]"; });
  ASSERT_NE(net, create.parameters.end());
  EXPECT_EQ(net->format, "property string");
}

TEST(Catalogue, ResolvesConcretePathsTemplatesAndMethodCase) {
  const auto concrete = Catalogue::embedded().resolve("post", "/nodes/pve1/qemu/100/migrate");
  ASSERT_TRUE(concrete);
  EXPECT_EQ(concrete->endpoint->path, "/nodes/{node}/qemu/{vmid}/migrate");
  EXPECT_EQ(concrete->path_values,
            (std::vector<std::pair<std::string, std::string>>{{"node", "pve1"}, {"vmid", "100"}}));
  const auto tmpl = Catalogue::embedded().resolve("GET", "/nodes/{node}/qemu/{vmid}/config");
  ASSERT_TRUE(tmpl);
  EXPECT_EQ(tmpl->path_values,
            (std::vector<std::pair<std::string, std::string>>{{"node", ""}, {"vmid", ""}}));
  const auto volume =
      Catalogue::embedded().resolve("GET", "/nodes/pve1/storage/nfs/content/nfs:backup/x.zst");
  ASSERT_TRUE(volume);
  EXPECT_EQ(volume->path_values.back(),
            (std::pair<std::string, std::string>{"volume", "nfs:backup/x.zst"}));
  EXPECT_FALSE(Catalogue::embedded().resolve("PATCH", "/version"));
  EXPECT_FALSE(Catalogue::embedded().resolve("GET", "/nodes/pve1/qemu/100/bogus"));
}

TEST(Catalogue, AGenericCallValidatesThePathValuesWithTheParameters) {
  const auto resolved = Catalogue::embedded().resolve("POST", "/nodes/pve1/qemu/99/migrate");
  ASSERT_TRUE(resolved);
  Json params = {{"target", "pve2"}, {"online", true}};
  for (const auto& [name, value] : resolved->path_values) params[name] = value;
  const MethodSchema& method = *resolved->endpoint->schema;
  normalize_params(method, params);
  EXPECT_EQ(validate_params(method, params),
            (ParamErrors{{"vmid", "invalid format - value does not look like a valid VM ID\n"}}));
  params["vmid"] = "100";
  EXPECT_TRUE(validate_params(method, params).empty());
  EXPECT_EQ(stringify_params(params),
            (Json{{"node", "pve1"}, {"online", "1"}, {"target", "pve2"}, {"vmid", "100"}}));
}

TEST(Catalogue, NearestPathsOfAnUnknownOne) {
  EXPECT_EQ(
      Catalogue::embedded().nearest("/nodes/pve1/qemu/100/bogus", 3),
      (std::vector<std::string>{"DELETE /nodes/{node}/qemu/{vmid}", "GET /nodes/{node}/qemu/{vmid}",
                                "GET /nodes/{node}/qemu/{vmid}/rrd"}));
  EXPECT_EQ(Catalogue::embedded().nearest("/version", 5),
            (std::vector<std::string>{"GET /version"}));
}

TEST(Catalogue, PathUnderAPrefix) {
  EXPECT_TRUE(path_under("/nodes/{node}/qemu/{vmid}", "/nodes/pve1/qemu"));
  EXPECT_TRUE(path_under("/nodes/{node}/qemu/{vmid}", "/nodes/{node}/qemu/"));
  EXPECT_FALSE(path_under("/nodes/{node}/lxc/{vmid}", "/nodes/pve1/qemu"));
  EXPECT_FALSE(path_under("/nodes", "/nodes/pve1"));
}

}  // namespace
}  // namespace apischema
