#include "pve/text.h"

#include <gtest/gtest.h>

namespace {

TEST(TextTest, TrimRemovesBlanksAtBothEndsOnly) {
  EXPECT_EQ(pve::trim("  no route to host \r\n"), "no route to host");
  EXPECT_EQ(pve::trim("a  b"), "a  b");
  EXPECT_EQ(pve::trim("\t\n "), "");
  EXPECT_EQ(pve::trim(""), "");
}

}  // namespace
