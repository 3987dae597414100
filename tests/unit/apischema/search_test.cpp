// Endpoint search: ranking of real queries, filters and paging.
#include "apischema/search.h"

#include <gtest/gtest.h>

namespace apischema {
namespace {

std::vector<std::string> found(const SearchQuery& query) {
  std::vector<std::string> out;
  for (const Endpoint* e : search(Catalogue::embedded(), query).entries) {
    out.push_back(e->method + " " + e->path);
  }
  return out;
}

std::vector<std::string> top(const std::string& words, size_t n) {
  auto all = found({.words = words});
  all.resize(std::min(all.size(), n));
  return all;
}

TEST(Search, PathWordsRankAboveDescriptionWords) {
  EXPECT_EQ(top("firewall rules vm", 3),
            (std::vector<std::string>{"GET /nodes/{node}/qemu/{vmid}/firewall/rules",
                                      "POST /nodes/{node}/qemu/{vmid}/firewall/rules",
                                      "GET /nodes/{node}/qemu/{vmid}/firewall/rules/{pos}"}));
  EXPECT_EQ(top("ceph osd", 2), (std::vector<std::string>{"GET /nodes/{node}/ceph/osd",
                                                          "POST /nodes/{node}/ceph/osd"}));
  EXPECT_EQ(top("apt update", 3), (std::vector<std::string>{"GET /nodes/{node}/apt/update",
                                                            "POST /nodes/{node}/apt/update"}));
  EXPECT_EQ(top("backup job", 2),
            (std::vector<std::string>{"POST /cluster/backup", "GET /cluster/backup/{id}"}));
}

TEST(Search, PluralsAndCaseFold) {
  EXPECT_EQ(top("HA Group", 2),
            (std::vector<std::string>{"GET /cluster/ha/groups", "POST /cluster/ha/groups"}));
  EXPECT_EQ(top("ha groups", 2), top("ha group", 2));
}

TEST(Search, MigrateFindsEveryMigrationAndTheGuestOnesByPath) {
  const auto page = search(Catalogue::embedded(), {.words = "migrate"});
  EXPECT_EQ(page.total, 9U);
  EXPECT_EQ(found({.words = "migrate", .path_prefix = "/nodes/{node}/qemu", .method = "post"}),
            (std::vector<std::string>{"POST /nodes/{node}/qemu/{vmid}/migrate",
                                      "POST /nodes/{node}/qemu/{vmid}/remote_migrate"}));
}

TEST(Search, FiltersAlone) {
  const auto page = search(Catalogue::embedded(),
                           {.path_prefix = "/nodes/pve1/qemu/100/snapshot", .method = "GET"});
  EXPECT_EQ(page.total, 3U);
  EXPECT_EQ(page.entries.front()->path, "/nodes/{node}/qemu/{vmid}/snapshot");
}

TEST(Search, CursorPagesThroughAllMatches) {
  SearchQuery query{.words = "ceph osd"};
  const auto first = search(Catalogue::embedded(), query);
  EXPECT_EQ(first.total, 10U);
  ASSERT_EQ(first.entries.size(), kSearchPageSize);
  ASSERT_FALSE(first.next_cursor.empty());
  query.cursor = first.next_cursor;
  const auto second = search(Catalogue::embedded(), query);
  EXPECT_EQ(second.total, 10U);
  EXPECT_EQ(second.entries.size(), 2U);
  EXPECT_TRUE(second.next_cursor.empty());
  EXPECT_NE(second.entries.front(), first.entries.back());
}

TEST(Search, ACursorOfAnotherQueryIsRefused) {
  const auto first = search(Catalogue::embedded(), {.words = "ceph osd"});
  const auto other =
      search(Catalogue::embedded(), {.words = "ceph mon", .cursor = first.next_cursor});
  EXPECT_EQ(other.error, "cursor '" + first.next_cursor +
                             "' is not a next_cursor of this search (same query, path and method)");
  EXPECT_TRUE(other.entries.empty());
  EXPECT_FALSE(search(Catalogue::embedded(), {.words = "ceph", .cursor = "abc"}).error.empty());
}

TEST(Search, NoMatchIsAnEmptyPage) {
  const auto page = search(Catalogue::embedded(), {.words = "xyzzy"});
  EXPECT_EQ(page.total, 0U);
  EXPECT_TRUE(page.entries.empty());
  EXPECT_TRUE(page.error.empty());
}

}  // namespace
}  // namespace apischema
