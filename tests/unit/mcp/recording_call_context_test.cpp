// The CallContext other parts use to unit-test their tool handlers.
#include "mcp/recording_call_context.h"

#include <gtest/gtest.h>

namespace mcp {
namespace {

TEST(RecordingCallContext, RecordsProgressAsMadeAndCancelsOnDemand) {
  RecordingCallContext ctx;
  CallContext& base = ctx;
  EXPECT_FALSE(base.cancelled());
  base.progress(2, 4, "half");
  base.progress(1, std::nullopt, "");  // recorded as made: no filtering here
  ctx.cancel();
  EXPECT_TRUE(base.cancelled());
  const auto updates = ctx.updates();
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[0].progress, 2);
  EXPECT_EQ(updates[0].total, 4);
  EXPECT_EQ(updates[0].message, "half");
  EXPECT_FALSE(updates[1].total.has_value());
}

TEST(RecordingCallContext, RecordsQuestionsAndGivesTheScriptedAnswer) {
  RecordingCallContext ctx;
  CallContext& base = ctx;
  EXPECT_EQ(base.ask("Delete VM 100?"), Consent::unavailable);
  ctx.answer(Consent::accepted);
  EXPECT_EQ(base.ask("Stop VM 101?"), Consent::accepted);
  ctx.answer(Consent::declined);
  EXPECT_EQ(base.ask("Stop VM 102?"), Consent::declined);
  EXPECT_EQ(ctx.questions(),
            (std::vector<std::string>{"Delete VM 100?", "Stop VM 101?", "Stop VM 102?"}));
}

}  // namespace
}  // namespace mcp
