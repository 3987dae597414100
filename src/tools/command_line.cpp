#include "tools/command_line.h"

#include <optional>

#include "tools/args.h"

namespace tools {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Inside double quotes a backslash only escapes the characters the shell gives meaning there.
bool escapable_in_double_quotes(char c) {
  return c == '$' || c == '`' || c == '"' || c == '\\' || c == '\n';
}

}  // namespace

std::vector<std::string> split_command_line(std::string_view text, std::string_view argument) {
  auto fail = [&](const std::string& rule) -> void {
    throw ArgError("Invalid argument '" + std::string(argument) + "': " + rule);
  };
  std::vector<std::string> words;
  std::optional<std::string> word;  // engaged once a word has started (even "" counts)
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (is_blank(c)) {
      if (word) words.push_back(std::move(*word));
      word.reset();
      ++i;
    } else if (c == '\'') {
      std::size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos) fail("a single quote is not closed");
      if (!word) word.emplace();
      word->append(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '"') {
      if (!word) word.emplace();
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char d = text[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < text.size() && escapable_in_double_quotes(text[i + 1])) {
          if (text[i + 1] != '\n') word->push_back(text[i + 1]);
          i += 2;
          continue;
        }
        word->push_back(d);
        ++i;
      }
      if (!closed) fail("a double quote is not closed");
    } else if (c == '\\') {
      if (i + 1 >= text.size()) fail("it ends with a backslash that escapes nothing");
      if (text[i + 1] != '\n') {
        if (!word) word.emplace();
        word->push_back(text[i + 1]);
      }
      i += 2;
    } else {
      if (!word) word.emplace();
      word->push_back(c);
      ++i;
    }
  }
  if (word) words.push_back(std::move(*word));
  return words;
}

}  // namespace tools
