#include "policy/exec_allow.h"

#include <fnmatch.h>

#include <algorithm>

namespace policy {
namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Whether `word`, read as a path, climbs out of a directory ("../x", "/var/log/../../etc").
bool has_parent_segment(std::string_view word) {
  std::size_t start = 0;
  while (start <= word.size()) {
    const std::size_t end = std::min(word.find('/', start), word.size());
    if (word.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool matches(const ExecPattern& pattern, const std::vector<std::string>& argv) {
  if (argv.size() < pattern.words.size()) return false;
  if (!pattern.rest && argv.size() != pattern.words.size()) return false;
  for (std::size_t i = 0; i < pattern.words.size(); ++i) {
    const std::string& wanted = pattern.words[i];
    // No FNM_PATHNAME: `*` matches '/' too, so "cat /var/log/*" covers deeper files as well;
    // but a wildcard never lets a path climb out of where the pattern points.
    if (wanted.find_first_of("*?[") != std::string::npos && has_parent_segment(argv[i])) {
      return false;
    }
    if (fnmatch(wanted.c_str(), argv[i].c_str(), 0) != 0) return false;
  }
  return true;
}

}  // namespace

ExecAllowParse parse_exec_allow(std::string_view text) {
  ExecAllowParse out;
  std::string item;
  const auto finish = [&] {
    ExecPattern pattern;
    pattern.words = words_of(item);
    item.clear();
    if (pattern.words.empty()) return;
    for (std::size_t i = 0; i < pattern.words.size(); ++i) {
      pattern.text += (i == 0 ? "" : " ") + pattern.words[i];
    }
    if (pattern.words.back() == "**") {
      pattern.rest = true;
      pattern.words.pop_back();
    }
    if (std::find(pattern.words.begin(), pattern.words.end(), "**") != pattern.words.end()) {
      if (out.problem.empty()) {
        out.problem = "PROXMOX_EXEC_ALLOW: pattern '" + pattern.text +
                      "': ** stands for the rest of the words, so only the last word may be **";
      }
      return;
    }
    out.patterns.push_back(std::move(pattern));
  };
  for (const char c : text) {
    if (c == ',' || c == '\n' || c == '\r') {
      finish();
    } else {
      item += c;
    }
  }
  finish();
  if (!out.problem.empty()) out.patterns.clear();
  return out;
}

bool exec_allowed(const std::vector<ExecPattern>& patterns, const std::vector<std::string>& argv) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const ExecPattern& pattern) { return matches(pattern, argv); });
}

}  // namespace policy
