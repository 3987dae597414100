// The legacy HTTP sessions: bound to the token that made them, each token's share bounded.
#include "mcp/http_sessions.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

struct Table {
  ServerCore core{reference_server_info()};
  ToolRegistry tools{{vm_status_tool()}};
  HttpSessions sessions{/*max_sessions=*/4, /*max_per_principal=*/2, std::chrono::seconds(3600)};

  std::shared_ptr<Session> make() { return std::make_shared<Session>(core, tools); }
};

TEST(HttpSessions, ASessionAnswersOnlyTheTokenThatMadeIt) {
  Table t;
  const std::string id = t.sessions.add(t.make(), /*owner=*/1);
  ASSERT_EQ(id.size(), 32u);
  EXPECT_NE(t.sessions.find(id, 1), nullptr);
  EXPECT_EQ(t.sessions.find(id, 2), nullptr);
  EXPECT_FALSE(t.sessions.remove(id, 2));
  EXPECT_TRUE(t.sessions.remove(id, 1));
  EXPECT_EQ(t.sessions.find(id, 1), nullptr);
}

TEST(HttpSessions, ATokensOldestIdleSessionMakesRoomForItsNextOne) {
  Table t;
  const std::string first = t.sessions.add(t.make(), 1);
  const std::string second = t.sessions.add(t.make(), 1);
  t.sessions.find(first, 1);  // used again: now the second is the older
  const std::string third = t.sessions.add(t.make(), 1);
  ASSERT_FALSE(third.empty());
  EXPECT_NE(t.sessions.find(first, 1), nullptr);
  EXPECT_EQ(t.sessions.find(second, 1), nullptr) << "evicted";
  EXPECT_NE(t.sessions.find(third, 1), nullptr);
}

TEST(HttpSessions, ASessionServingARequestIsNeverEvicted) {
  Table t;
  const std::string first = t.sessions.add(t.make(), 1);
  const std::string second = t.sessions.add(t.make(), 1);
  const auto busy_first = t.sessions.find(first, 1);  // held, as a request in flight holds it
  const auto busy_second = t.sessions.find(second, 1);
  EXPECT_EQ(t.sessions.add(t.make(), 1), "") << "the token's share is full of busy sessions";
  // Another token is not held back by this one.
  EXPECT_FALSE(t.sessions.add(t.make(), 2).empty());
}

}  // namespace
}  // namespace mcp::test
