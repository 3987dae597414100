#include "config/env_file.h"

#include <optional>

namespace config {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}
std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// After a closing quote only blanks or a comment may follow.
bool only_comment_left(std::string_view rest) {
  rest = trim_left(rest);
  return rest.empty() || rest.front() == '#';
}

struct ValueParse {
  std::optional<std::string> value;
  const char* problem = nullptr;
};

ValueParse parse_double_quoted(std::string_view s) {  // s starts after the opening quote
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      if (!only_comment_left(s.substr(i + 1))) return {std::nullopt, "text after closing quote"};
      return {out, nullptr};
    }
    if (c != '\\' || i + 1 == s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      default:  // unknown escapes stay as written, as in most dotenv loaders
        out += '\\';
        out += e;
    }
  }
  return {std::nullopt, "unterminated double quote"};
}

ValueParse parse_single_quoted(std::string_view s) {  // s starts after the opening quote
  size_t end = s.find('\'');
  if (end == std::string_view::npos) return {std::nullopt, "unterminated single quote"};
  if (!only_comment_left(s.substr(end + 1))) return {std::nullopt, "text after closing quote"};
  return {std::string(s.substr(0, end)), nullptr};
}

std::string parse_unquoted(std::string_view s) {
  // A '#' starts a comment only after a blank, so "pa#ss" keeps its '#'.
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
      s = s.substr(0, i);
      break;
    }
  }
  return std::string(trim_right(s));
}

}  // namespace

ParsedEnvFile parse_env_file(std::string_view path, std::string_view content) {
  ParsedEnvFile result;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);

  int line_no = 0;
  while (!content.empty()) {
    size_t nl = content.find('\n');
    std::string_view line = content.substr(0, nl);
    content = nl == std::string_view::npos ? std::string_view{} : content.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    auto skip = [&](const char* reason) {
      result.problems.push_back(std::string(path) + ":" + std::to_string(line_no) +
                                ": skipped: " + reason);
    };

    line = trim_left(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 6) == "export" && line.size() > 6 && is_space(line[6])) {
      line = trim_left(line.substr(6));
    }

    size_t name_end = 0;
    if (line.empty() || !is_name_start(line.front())) {
      skip("expected KEY=value");
      continue;
    }
    while (name_end < line.size() && is_name_char(line[name_end])) ++name_end;
    std::string_view after_name = trim_left(line.substr(name_end));
    if (after_name.empty() || after_name.front() != '=') {
      skip("expected KEY=value");
      continue;
    }
    std::string_view raw = trim_left(after_name.substr(1));

    ValueParse parsed;
    if (!raw.empty() && raw.front() == '"') {
      parsed = parse_double_quoted(raw.substr(1));
    } else if (!raw.empty() && raw.front() == '\'') {
      parsed = parse_single_quoted(raw.substr(1));
    } else {
      parsed.value = parse_unquoted(raw);
    }
    if (!parsed.value) {
      skip(parsed.problem);
      continue;
    }
    result.entries.push_back({std::string(line.substr(0, name_end)), *parsed.value, line_no});
  }
  return result;
}

}  // namespace config
