// What a fuzz target does when an input breaks a promise the code makes: say which, then abort,
// so libFuzzer (or the replay test) stops on this input and keeps it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

// `detail` is printed escaped and cut: an input may hold control bytes or megabytes.
[[noreturn]] inline void fail(std::string_view promise, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz: broken promise: %.*s\n", static_cast<int>(promise.size()),
               promise.data());
  if (!detail.empty()) {
    std::fputs("fuzz: detail: \"", stderr);
    constexpr std::size_t kShown = 400;
    for (std::size_t i = 0; i < detail.size() && i < kShown; ++i) {
      const auto c = static_cast<unsigned char>(detail[i]);
      if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
        std::fputc(c, stderr);
      } else {
        std::fprintf(stderr, "\\x%02X", c);
      }
    }
    std::fprintf(stderr, "\"%s\n", detail.size() > kShown ? " (cut)" : "");
  }
  std::abort();
}

inline void check(bool holds, std::string_view promise, std::string_view detail = {}) {
  if (!holds) fail(promise, detail);
}

}  // namespace fuzz
