// The request table against the catalogue, the schema and the policy's table of writes, and
// the privileges computed from it.
#include "tools/tool_privileges.h"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "policy/api_writes.h"
#include "tools/catalog.h"
#include "tools/tool_requests.h"

namespace {

using tools::Privilege;

std::set<std::string> names_of(const std::vector<Privilege>& privileges) {
  std::set<std::string> out;
  for (const Privilege& p : privileges) out.insert(p.name);
  return out;
}

std::pair<std::string, std::string> split(std::string_view request) {
  const size_t space = request.find(' ');
  return {std::string(request.substr(0, space)), std::string(request.substr(space + 1))};
}

TEST(ToolRequests, EveryToolButTheGenericCallHasAnEntryAndEveryEntryATool) {
  std::set<std::string> catalogue;
  for (const policy::ToolMeta& tool : tools::tool_metas()) {
    catalogue.insert(tool.name);
    if (tool.name == "proxmox_api_call") {
      EXPECT_EQ(tools::requests_of(tool.name), nullptr);
    } else {
      EXPECT_NE(tools::requests_of(tool.name), nullptr) << tool.name;
    }
  }
  for (const tools::ToolRequests& entry : tools::tool_requests()) {
    EXPECT_TRUE(catalogue.contains(std::string(entry.tool))) << entry.tool;
    EXPECT_NO_THROW(tools::tool_privileges(entry.tool)) << entry.tool;  // every request resolves
  }
}

// Each change a tool sends is one policy::default_api_writes() attributes to it, and each row
// there that names a tool is a change that tool's entry lists.
TEST(ToolRequests, WritesAgreeWithTheDefaultApiWrites) {
  std::vector<std::pair<policy::ApiPattern, std::vector<std::string_view>>> rows;
  for (const policy::DefaultApiWrite& row : policy::default_api_writes()) {
    std::string why;
    rows.emplace_back(*policy::ApiPattern::parse(row.pattern, why), row.tools);
  }
  for (const tools::ToolRequests& entry : tools::tool_requests()) {
    for (const tools::ToolRequest& request : entry.requests) {
      const auto sent = split(request.request);  // no structured binding: lambdas capture it
      if (sent.first == "GET") continue;
      const bool attributed = std::any_of(rows.begin(), rows.end(), [&](const auto& row) {
        return row.first.matches(sent.first, sent.second) &&
               std::find(row.second.begin(), row.second.end(), entry.tool) != row.second.end();
      });
      EXPECT_TRUE(attributed) << entry.tool << ": " << request.request;
    }
  }
  for (const auto& row : rows) {
    const policy::ApiPattern& pattern = row.first;
    for (std::string_view tool : row.second) {
      const tools::ToolRequests* entry = tools::requests_of(tool);
      ASSERT_NE(entry, nullptr) << tool;
      const bool listed =
          std::any_of(entry->requests.begin(), entry->requests.end(), [&](const auto& request) {
            const auto [method, path] = split(request.request);
            return pattern.matches(method, path);
          });
      EXPECT_TRUE(listed) << tool << " does not list " << pattern.text();
    }
  }
}

// The privilege a row names for people (tool_row.h's About.privileges, shown by whoami and in
// refusals) is one the tool needs.
TEST(ToolPrivileges, TheCatalogueNamesOnlyPrivilegesTheToolNeeds) {
  static const std::regex kPrivilege("[A-Z][A-Za-z]*\\.[A-Za-z.]*[A-Za-z]");
  for (const policy::ToolMeta& tool : tools::tool_metas()) {
    const std::set<std::string> needed = names_of(tools::tool_privileges(tool.name));
    for (auto it = std::sregex_iterator(tool.privilege.begin(), tool.privilege.end(), kPrivilege);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(needed.contains(it->str())) << tool.name << " names " << it->str()
                                              << " but needs " << ::testing::PrintToString(needed);
    }
  }
}

TEST(ToolPrivileges, SchemaChecksWithTheDescribedNeeds) {
  EXPECT_EQ(tools::tool_privileges("proxmox_start_vm"),
            (std::vector<Privilege>{{"VM.PowerMgmt", "/vms/{vmid}"}}));
  EXPECT_EQ(tools::tool_privileges("proxmox_add_disk_vm"),
            (std::vector<Privilege>{{"Datastore.AllocateSpace", "/storage/{storage}"},
                                    {"VM.Audit", "/vms/{vmid}"},
                                    {"VM.Config.Disk", "/vms/{vmid}"}}));
  // "and" of VM.Clone with an "or" whose first branch is VM.Allocate on the new guest.
  EXPECT_EQ(tools::tool_privileges("proxmox_clone_lxc"),
            (std::vector<Privilege>{{"Datastore.AllocateSpace", "/storage/{storage}"},
                                    {"VM.Allocate", "/vms/{newid}"},
                                    {"VM.Audit", "/vms/{vmid}"},
                                    {"VM.Clone", "/vms/{vmid}"}}));
  // "any of VM.Snapshot, VM.Snapshot.Rollback": the entry names the narrower one.
  EXPECT_EQ(tools::tool_privileges("proxmox_rollback_snapshot_vm"),
            (std::vector<Privilege>{{"VM.Audit", "/vms/{vmid}"},
                                    {"VM.Snapshot.Rollback", "/vms/{vmid}"}}));
  // "any of Datastore.Audit, Datastore.AllocateSpace" with no choice named: the first.
  EXPECT_EQ(tools::tool_privileges("proxmox_list_templates"),
            (std::vector<Privilege>{{"Datastore.Audit", "/storage/{storage}"}}));
  // The content listing's "any of Datastore.Audit, Datastore.AllocateSpace" is met by the space
  // the deletion needs anyway; without it (removing a disk) the first of the list is added.
  EXPECT_EQ(tools::tool_privileges("proxmox_delete_backup"),
            (std::vector<Privilege>{{"Datastore.AllocateSpace", "/storage/{storage}"},
                                    {"VM.Backup", "/vms/{vmid}"}}));
  EXPECT_EQ(tools::tool_privileges("proxmox_remove_disk_vm"),
            (std::vector<Privilege>{{"Datastore.Audit", "/storage/{storage}"},
                                    {"VM.Audit", "/vms/{vmid}"},
                                    {"VM.Config.Disk", "/vms/{vmid}"}}));
  EXPECT_EQ(tools::tool_privileges("proxmox_get_next_vmid"), std::vector<Privilege>{});
  EXPECT_EQ(tools::tool_privileges("proxmox_api_call"), std::vector<Privilege>{});
}

}  // namespace
