// The .env parser. Promises checked: a problem report names the file and line and never echoes
// the line (it may be a pasted secret); every entry has a well-formed key and a real line number;
// each parsed value, written back double-quoted with the escapes the parser reads, parses to
// the same value.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/env_file.h"
#include "fuzz_check.h"

namespace {

constexpr std::string_view kPath = "fuzz.env";

bool is_key(std::string_view key) {
  auto start = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto rest = [&](char c) { return start(c) || (c >= '0' && c <= '9'); };
  return !key.empty() && start(key.front()) && std::all_of(key.begin() + 1, key.end(), rest);
}

// "fuzz.env:12: skipped: unterminated double quote": our words only.
bool is_problem_report(std::string_view problem) {
  if (!problem.starts_with(kPath) || problem.size() <= kPath.size()) return false;
  std::string_view rest = problem.substr(kPath.size());
  if (rest.front() != ':') return false;
  rest.remove_prefix(1);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits == 0) return false;
  rest.remove_prefix(digits);
  constexpr std::string_view kSkipped = ": skipped: ";
  if (!rest.starts_with(kSkipped)) return false;
  rest.remove_prefix(kSkipped.size());
  return rest.size() < 80 && std::all_of(rest.begin(), rest.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '=';
         });
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const config::ParsedEnvFile parsed = config::parse_env_file(kPath, content);

  for (const auto& problem : parsed.problems) {
    fuzz::check(is_problem_report(problem), "a problem names file and line, never the text",
                problem);
  }
  const auto lines = static_cast<int>(std::count(content.begin(), content.end(), '\n')) + 1;
  for (const auto& entry : parsed.entries) {
    fuzz::check(is_key(entry.key), "an entry's key is a name", entry.key);
    fuzz::check(entry.line >= 1 && entry.line <= lines, "an entry's line is in the file",
                entry.key);
    const std::string line = entry.key + "=" + double_quoted(entry.value);
    const config::ParsedEnvFile again = config::parse_env_file(kPath, line);
    fuzz::check(again.problems.empty() && again.entries.size() == 1 &&
                    again.entries[0].key == entry.key && again.entries[0].value == entry.value,
                "a value written back double-quoted parses to itself", line);
  }
  return 0;
}
