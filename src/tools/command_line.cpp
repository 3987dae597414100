#include "tools/command_line.h"

#include <cctype>
#include <optional>

namespace tools {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Inside double quotes a backslash only escapes the characters the shell gives meaning there.
bool escapable_in_double_quotes(char c) {
  return c == '$' || c == '`' || c == '"' || c == '\\' || c == '\n';
}

bool is_operator(char c) {
  return c == ';' || c == '|' || c == '&' || c == '<' || c == '>';
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// The shell syntax starting at an unquoted text[i], or "" when a shell would take it literally.
std::string shell_syntax_at(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (is_operator(c)) {
    std::size_t end = i;
    while (end < text.size() && is_operator(text[end])) ++end;
    return std::string(text.substr(i, end - i));
  }
  if (c == '(' || c == ')' || c == '`') return std::string(1, c);
  if (c != '$' || i + 1 >= text.size()) return "";
  const char next = text[i + 1];
  if (next == '(' || next == '{') return std::string(text.substr(i, 2));
  if (std::string_view("?$!#@*-").find(next) != std::string_view::npos) {
    return std::string(text.substr(i, 2));
  }
  std::size_t end = i + 1;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return end > i + 1 ? std::string(text.substr(i, end - i)) : "";
}

}  // namespace

CommandLine split_command_line(std::string_view text) {
  CommandLine line;
  auto fail = [&line](std::string_view why) {
    line.words.clear();
    line.malformed = why;
    return line;
  };
  std::vector<std::string>& words = line.words;
  std::optional<std::string> word;  // engaged once a word has started (even "" counts)
  bool line_break = false;          // an unquoted newline after a word: a shell starts anew
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    // Only unquoted characters reach this point: quoted ones are consumed below.
    if (line.shell_syntax.empty()) {
      line.shell_syntax = !is_blank(c) && line_break ? "\n" : shell_syntax_at(text, i);
    }
    if (c == '\n' && (word || !words.empty())) line_break = true;
    if (is_blank(c)) {
      if (word) words.push_back(std::move(*word));
      word.reset();
      ++i;
    } else if (c == '\'') {
      std::size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos) return fail("a single quote is not closed");
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
      if (!closed) return fail("a double quote is not closed");
    } else if (c == '\\') {
      if (i + 1 >= text.size()) return fail("it ends with a backslash that escapes nothing");
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
  return line;
}

}  // namespace tools
