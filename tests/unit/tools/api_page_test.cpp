// proxmox_api_call's answers: what one call puts into the model's context (text and
// structuredContent together), how an item too large for a page is cut, and Proxmox's own total.
#include <gtest/gtest.h>

#include "harness.h"
#include "tools/api_call.h"
#include "tools/api_page.h"

namespace tools::testing {
namespace {

using nlohmann::json;

std::size_t answer_bytes(const mcp::ToolResult& r) {
  return r.text.size() + r.structured.dump().size();
}

// nlohmann's strict dump throws on a string that is not UTF-8.
bool valid_utf8(const json& value) {
  try {
    (void)value.dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

// text == head + body + tail, without printing a page-sized body when it is not.
void expect_text(const std::string& text, const std::string& head, const std::string& body,
                 const std::string& tail) {
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_EQ(text.size(), head.size() + body.size() + tail.size());
  EXPECT_TRUE(text.compare(head.size(), body.size(), body) == 0) << text.substr(0, 300);
  EXPECT_EQ(text.substr(std::min(text.size(), head.size() + body.size())), tail);
}

TEST(ApiCallAnswer, OneAnswerHoldsItsPageOnceInTheTextAndOnceStructuredWithin24kB) {
  Harness h;
  json resources = json::array();
  for (int i = 0; i < 400; ++i) {
    resources.push_back({{"id", "qemu/" + std::to_string(100 + i)},
                         {"type", "qemu"},
                         {"node", "pve" + std::to_string(i % 7)},
                         {"status", "running"},
                         {"name", "guest-with-a-long-name-" + std::to_string(i)},
                         {"maxmem", 4294967296LL},
                         {"maxdisk", 34359738368LL}});
  }
  h.api.on_get("/cluster/resources", resources);
  auto r = h.call("proxmox_api_call",
                  {{"method", "GET"}, {"path", "/cluster/resources"}, {"limit", 1000}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_LE(answer_bytes(r), 24'000U);
  EXPECT_GT(answer_bytes(r), 20'000U);  // the bound is used, not wasted
  const std::size_t shown = r.structured["data"].size();
  EXPECT_EQ(r.structured["next_cursor"], std::to_string(shown));
  EXPECT_EQ(r.structured["data"].back(), resources[shown - 1]);
}

TEST(ApiCallAnswer, AValueTooLargeIsCutAtACharacterWithinTheBoundAfterEscapingAndSaysSo) {
  Harness h;
  // Each "ä\"" is 4 bytes of JSON text and 6 once that text is a JSON string itself.
  std::string description;
  for (int i = 0; i < 20'000; ++i) description += "ä\"";
  const json config = {{"description", description}, {"name", "db"}};
  h.api.on_get("/nodes/pve1/qemu/100/config", config);
  auto r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/qemu/100/config"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["cut"], true);
  ASSERT_TRUE(r.structured["data"].is_string()) << r.structured["data"];
  const std::string cut = r.structured["data"].get<std::string>();
  EXPECT_TRUE(valid_utf8(cut));
  ASSERT_TRUE(cut.ends_with("…"));
  const std::string shown = cut.substr(0, cut.size() - std::string("…").size());
  const std::string whole = config.dump();
  EXPECT_TRUE(whole.starts_with(shown));
  EXPECT_LE(json(cut).dump().size(), kApiPageBytes);
  EXPECT_GT(json(cut).dump().size(), kApiPageBytes - 8);  // cut at the bound, not before it
  EXPECT_LE(answer_bytes(r), 24'000U);
  // The text shows the JSON as it is, not escaped once more.
  expect_text(r.text, "**GET /nodes/pve1/qemu/100/config**\n\n```json\n", cut,
              "\n```\nCut after " + std::to_string(shown.size()) + " of its " +
                  std::to_string(whole.size()) + " bytes: ask for fewer fields.\n");
}

TEST(ApiCallAnswer, ACutNeverSplitsACharacter) {
  // {"d":" takes 9 bytes as a JSON string, the quotes 2 and the mark 3: 3 bytes are left, which
  // end inside the second ä.
  const json value = {{"d", "ääääää"}};
  ApiPageRequest request;
  request.max_bytes = 17;
  const ApiPage page = api_page(value, request);
  EXPECT_TRUE(page.cut);
  EXPECT_EQ(page.data, json("{\"d\":\"ä…"));
  EXPECT_EQ(page.uncut_bytes, value.dump().size());
}

TEST(ApiCallAnswer, AListItemTooLargeIsCutAloneOnItsPage) {
  Harness h;
  const json big = {{"vmid", 100}, {"description", std::string(40'000, '"')}};
  h.api.on_get("/cluster/resources", json::array({big, {{"vmid", 101}}}));
  auto r =
      h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/cluster/resources"}, {"limit", 5}});
  ASSERT_FALSE(r.is_error) << r.text;
  ASSERT_EQ(r.structured["data"].size(), 1U);
  const std::string cut = r.structured["data"][0].get<std::string>();
  EXPECT_TRUE(cut.starts_with("{\"description\":\"\\\"\\\"")) << cut.substr(0, 40);
  EXPECT_TRUE(cut.ends_with("…"));
  EXPECT_LE(json(cut).dump().size(), kApiPageBytes);
  EXPECT_EQ(r.structured["cut"], true);
  EXPECT_EQ(r.structured["next_cursor"], "1");
  EXPECT_EQ(r.text,
            "**GET /cluster/resources**\n\nItems 1–1 of 2.\nMore: cursor=\"1\".\n```json\n" + cut +
                "\n```\nCut after " + std::to_string(cut.size() - std::string("…").size()) +
                " of its " + std::to_string(big.dump().size()) + " bytes: ask for fewer fields.\n");
}

TEST(ApiCallAnswer, ProxmoxsOwnTotalIsShownSoThatTheModelPagesWithStartAndLimit) {
  Harness h;
  const json tasks = json::array(
      {{{"upid", "UPID:a"}, {"type", "qmstart"}}, {{"upid", "UPID:b"}, {"type", "vzdump"}}});
  h.api.on_get_envelope("/nodes/pve1/tasks", {{"data", tasks}, {"total", 57}});
  auto r = h.call("proxmox_api_call", {{"method", "GET"},
                                       {"path", "/nodes/{node}/tasks"},
                                       {"params", {{"node", "pve1"}, {"start", 0}, {"limit", 2}}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve1/tasks", {{"limit", "2"}, {"start", "0"}}}}));
  EXPECT_EQ(r.structured["proxmox_total"], 57);
  EXPECT_EQ(r.structured["total"], 2);
  EXPECT_EQ(r.text,
            "**GET /nodes/pve1/tasks**\n\nItems 1–2 of 2.\nProxmox counts 57 in all: page with "
            "params start and limit.\n```json\n{\"type\":\"qmstart\",\"upid\":\"UPID:a\"}\n"
            "{\"type\":\"vzdump\",\"upid\":\"UPID:b\"}\n```\n");

  // No total in the envelope: no line, no key.
  h.api.on_get("/nodes/pve1/qemu", json::array());
  r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/qemu"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_FALSE(r.structured.contains("proxmox_total"));
  EXPECT_EQ(r.text, "**GET /nodes/pve1/qemu**\n\nNo items of 0.\n```json\n```\n");

  // A total no list has (beyond int64, or below zero) is no total.
  for (const json& total : {json(18446744073709551615ULL), json(-3)}) {
    h.api.on_get_envelope("/nodes/pve2/tasks", {{"data", tasks}, {"total", total}});
    r = h.call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve2/tasks"}});
    ASSERT_FALSE(r.is_error) << r.text;
    EXPECT_FALSE(r.structured.contains("proxmox_total")) << total;
    EXPECT_EQ(r.text.find("Proxmox counts"), std::string::npos) << r.text;
  }
}

}  // namespace
}  // namespace tools::testing
