// Substring assertions for tool texts (unit_tools links plain GoogleTest, not gmock).
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace tools::testing {

inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "text:\n" << text << "\nlacks:\n" << part;
}

}  // namespace tools::testing
