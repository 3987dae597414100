// proxmox_api_search and proxmox_api_describe: answers from the embedded schema, no request.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

TEST(ApiSearch, OneEndpointWithItsParametersPermissionAndTask) {
  Harness h;
  auto r = h.call("proxmox_api_search", {{"query", "apt update"}, {"method", "post"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text,
            "🔎 **API endpoints for \"apt update\"** (1 found)\n\n"
            "**`POST /nodes/{node}/apt/update`** — This is used to resynchronize the package "
            "index files from their sources (apt-get update).\n"
            "  • path: node\n"
            "  • notify: boolean — Send notification about new packages.\n"
            "  • quiet: boolean — Only produces output suitable for logging, omitting progress "
            "indicators.\n"
            "  • permission: Sys.Modify on /nodes/{node}\n"
            "  • returns a task (UPID)\n");
  EXPECT_EQ(r.structured["total"], 1);
  EXPECT_FALSE(r.structured.contains("next_cursor"));
  const json& e = r.structured["endpoints"][0];
  EXPECT_EQ(e["method"], "POST");
  EXPECT_EQ(e["returns_task"], true);
  EXPECT_EQ(e["parameters"][0], (json{{"name", "notify"},
                                      {"type", "boolean"},
                                      {"required", false},
                                      {"about", "Send notification about new packages."}}));
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiSearch, LongParameterListsAndLinesAreCut) {
  Harness h;
  auto r = h.call("proxmox_api_search",
                  {{"query", "create"}, {"path", "/nodes/pve1/qemu"}, {"method", "POST"}});
  ASSERT_FALSE(r.is_error) << r.text;
  const auto block = r.text.substr(r.text.find("**`POST /nodes/{node}/qemu`**"));
  EXPECT_NE(block.find("  • +"), std::string::npos) << block;
  EXPECT_NE(block.find(" more optional (proxmox_api_describe)\n"), std::string::npos);
  for (size_t start = 0, end; (end = r.text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const std::string line = r.text.substr(start, end - start);
    if (line.starts_with("  • ") && !line.starts_with("  • permission")) {
      EXPECT_LE(line.size(), 100U) << line;
    }
  }
}

TEST(ApiSearch, AnEndpointWithoutDescriptionHasNoDash) {
  Harness h;
  auto r = h.call("proxmox_api_search", {{"query", "snapshot"},
                                         {"path", "/nodes/pve1/lxc/101/snapshot/pre-upgrade"},
                                         {"method", "GET"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("**`GET /nodes/{node}/lxc/{vmid}/snapshot/{snapname}`**\n  • path: node, "
                        "vmid, snapname\n"),
            std::string::npos)
      << r.text;
}

TEST(ApiSearch, CursorPagesAndNamesWhatIsLeft) {
  Harness h;
  auto first = h.call("proxmox_api_search", {{"query", "ceph osd"}});
  ASSERT_FALSE(first.is_error) << first.text;
  const std::string cursor = first.structured["next_cursor"];
  EXPECT_TRUE(first.text.ends_with("\n\n2 more: cursor=" + cursor + "\n")) << first.text;
  EXPECT_EQ(first.structured["endpoints"].size(), 8U);
  auto second = h.call("proxmox_api_search", {{"query", "ceph osd"}, {"cursor", cursor}});
  ASSERT_FALSE(second.is_error) << second.text;
  EXPECT_EQ(second.structured["endpoints"].size(), 2U);
  EXPECT_EQ(second.structured["total"], 10);
  EXPECT_FALSE(second.structured.contains("next_cursor"));
}

TEST(ApiSearch, BadArgumentsAreRefused) {
  Harness h;
  auto r = h.call("proxmox_api_search", {{"query", "ceph osd"}, {"cursor", "8-zz"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'cursor': cursor '8-zz' is not a next_cursor of this search (same "
            "query, path and method)");
  r = h.call("proxmox_api_search", {{"query", "x"}, {"method", "PATCH"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'method': must be GET, POST, PUT or DELETE");
  r = h.call("proxmox_api_search", {{"query", "x"}, {"path", "nodes/pve1"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'path': must be an API path such as /nodes/{node}/qemu (no host, "
            "/api2/json or query string)");
  r = h.call("proxmox_api_search", {{"query", "xyzzy"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_NE(r.text.find("(0 found)\n\nNothing matches; try other words, or fewer.\n"),
            std::string::npos);
}

TEST(ApiDescribe, AnEndpointWithoutParameters) {
  Harness h;
  auto r = h.call("proxmox_api_describe", {{"method", "get"}, {"path", "/version"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text,
            "📘 **GET /version**\n\n"
            "API version details, including some parts of the global datacenter config.\n\n"
            "• **Permission**: any user\n"
            "• **Returns**: object: console (string), release (string), repoid (string), "
            "version (string)\n\n"
            "**Parameters** (* required)\nnone\n");
  EXPECT_EQ(r.structured["returns"]["properties"]["version"]["type"], "string");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ApiDescribe, AConcretePathWithPlaceholdersFormatsAndPropertyStrings) {
  Harness h;
  auto r = h.call("proxmox_api_describe", {{"method", "POST"}, {"path", "/nodes/pve1/qemu"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("• **Path values**: node=pve1\n"), std::string::npos);
  EXPECT_NE(r.text.find("• **Returns**: a task (UPID): follow it with proxmox_get_task_status\n"),
            std::string::npos);
  EXPECT_NE(r.text.find("• `node`* (path): string, format pve-node — The cluster node name.\n"),
            std::string::npos);
  EXPECT_NE(r.text.find("• `net[n]`: string, format property string (bridge, firewall, link_down, "
                        "macaddr, model, mtu, queues, rate, tag, trunks)"),
            std::string::npos)
      << r.text;
  json net;
  for (const auto& p : r.structured["parameters"]) {
    if (p["name"] == "net[n]") net = p;
  }
  EXPECT_EQ(net["keys"][0], "bridge");
  EXPECT_EQ(r.structured["path_values"], (json{{"node", "pve1"}}));
}

TEST(ApiDescribe, UnknownEndpointNamesTheNearestOnes) {
  Harness h;
  auto r = h.call("proxmox_api_describe", {{"method", "PUT"}, {"path", "/cluster/ha/bogus"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "No Proxmox API endpoint PUT /cluster/ha/bogus. Nearest:\n"
            "• GET /cluster/ha\n• GET /cluster/ha/rules\n• POST /cluster/ha/rules\n"
            "• GET /cluster/ha/groups\n• POST /cluster/ha/groups\n• GET /cluster/ha/status\n"
            "• GET /cluster/ha/resources\n• POST /cluster/ha/resources\n"
            "proxmox_api_search finds endpoints by words.");
}

}  // namespace
}  // namespace tools::testing
