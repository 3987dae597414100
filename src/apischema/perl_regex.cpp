// Translation of the schema's Perl regex dialect to std::regex.
#include "apischema/perl_regex.h"

#include <cctype>
#include <map>
#include <mutex>
#include <vector>

namespace apischema {

namespace {

// Perl lets any punctuation be escaped; ECMAScript only accepts syntax characters ("\@" fails).
bool needs_escape_kept(char e, bool in_class) {
  if (std::isalnum(static_cast<unsigned char>(e)) != 0) return true;  // \d \w \x41 \0 ...
  const std::string_view syntax = in_class ? std::string_view("\\]^-[") : "\\/^$.|?*+()[]{}-";
  return syntax.find(e) != std::string_view::npos;
}

std::string translate_class_escapes(const std::string& body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) {
      if (needs_escape_kept(body[i + 1], true)) out += '\\';
      out += body[++i];
    } else {
      out += body[i];
    }
  }
  return out;
}

// Adds the other letter case of every letter and letter range of a character class body.
std::string fold_class_body(const std::string& body) {
  std::string extra;
  auto add_range = [&extra](char lo, char hi) {
    for (char base : {'a', 'A'}) {
      const char other = base == 'a' ? 'A' : 'a';
      const char a = std::max(lo, base);
      const char b = std::min(hi, static_cast<char>(base + 25));
      if (a > b) continue;
      extra += static_cast<char>(other + (a - base));
      if (b > a) {
        extra += '-';
        extra += static_cast<char>(other + (b - base));
      }
    }
  };
  size_t i = 0;
  while (i < body.size()) {
    if (body[i] == '\\') {  // escapes (\w, \-, \x41 ...) never name a letter here
      i += 2;
      continue;
    }
    char lo = body[i];
    if (i + 2 < body.size() && body[i + 1] == '-' && body[i + 2] != '\\') {
      add_range(lo, body[i + 2]);
      i += 3;
      continue;
    }
    add_range(lo, lo);
    ++i;
  }
  if (extra.empty()) return body;
  // A literal '-' at the end of the body must stay last, or it would form a range.
  if (!body.empty() && body.back() == '-' && (body.size() < 2 || body[body.size() - 2] != '\\')) {
    return body.substr(0, body.size() - 1) + extra + "\\-";
  }
  return body + extra;
}

// One pass over a Perl pattern, writing its ECMAScript form; (?i) and (?^i:…) are applied by
// spelling out both cases, since ECMAScript has no inline flags.
class Translator {
 public:
  explicit Translator(const std::string& perl) : perl_(perl) {}

  std::string run() {
    while (i_ < perl_.size()) {
      const char c = perl_[i_];
      if (c == '\\' && i_ + 1 < perl_.size()) {
        escape();
      } else if (c == '[') {
        char_class();
      } else if (c == '(') {
        open_group();
      } else if (c == ')') {
        close_group();
      } else if (c == '{' && i_ + 1 < perl_.size() && perl_[i_ + 1] == ',') {
        out_ += "{0";
        ++i_;
      } else if (ci_ && std::isalpha(static_cast<unsigned char>(c)) != 0) {
        out_ += '[';
        out_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out_ += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out_ += ']';
        ++i_;
      } else {
        out_ += c;
        ++i_;
      }
    }
    return out_;
  }

 private:
  void escape() {
    const char e = perl_[i_ + 1];
    if (e == 'A') {
      out_ += '^';
    } else if (e == 'z' || e == 'Z') {
      out_ += '$';
    } else if (!needs_escape_kept(e, false)) {
      out_ += e;
    } else {
      out_ += '\\';
      out_ += e;
    }
    i_ += 2;
  }

  void char_class() {
    size_t j = i_ + 1;
    std::string prefix = "[";
    if (j < perl_.size() && perl_[j] == '^') {
      prefix += '^';
      ++j;
    }
    size_t body_start = j;
    if (j < perl_.size() && perl_[j] == ']') ++j;  // a leading ']' is literal
    while (j < perl_.size() && perl_[j] != ']') j += perl_[j] == '\\' ? 2 : 1;
    std::string body = translate_class_escapes(perl_.substr(body_start, j - body_start));
    out_ += prefix + (ci_ ? fold_class_body(body) : body) + "]";
    i_ = j + 1;
  }

  void open_group() {
    ci_stack_.push_back(ci_);
    if (perl_.compare(i_, 3, "(?^") == 0) {
      size_t colon = perl_.find(':', i_);
      const std::string flags = perl_.substr(i_ + 3, colon - i_ - 3);
      ci_ = flags.find('i') != std::string::npos;
      out_ += "(?:";
      i_ = colon + 1;
    } else if (perl_.compare(i_, 3, "(?>") == 0) {
      out_ += "(?:";  // atomic group: same matches for the schema's uses
      i_ += 3;
    } else if (perl_.compare(i_, 4, "(?i:") == 0) {
      ci_ = true;
      out_ += "(?:";
      i_ += 4;
    } else {
      out_ += '(';
      ++i_;
    }
  }

  void close_group() {
    if (!ci_stack_.empty()) {
      ci_ = ci_stack_.back();
      ci_stack_.pop_back();
    }
    out_ += ')';
    ++i_;
  }

  const std::string& perl_;
  std::string out_;
  std::vector<bool> ci_stack_;  // case-insensitivity of each open group
  bool ci_ = false;
  size_t i_ = 0;
};

}  // namespace

std::string perl_to_ecmascript(const std::string& perl) {
  return Translator(perl).run();
}

SchemaPattern::SchemaPattern(const std::string& perl)
    // __polynomial selects libstdc++'s breadth-first matcher: its recursion depth depends on the
    // pattern, not on the input, so a 512 KiB value cannot overflow the stack.
    : regex_("^" + perl_to_ecmascript(perl) + "$",
             std::regex::ECMAScript | std::regex::optimize | std::regex_constants::__polynomial) {}

bool SchemaPattern::matches(const std::string& value) const {
  return std::regex_search(value, regex_);
}

const SchemaPattern* cached_pattern(const std::string& perl) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<SchemaPattern>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(perl);
  if (it == cache.end()) {
    std::unique_ptr<SchemaPattern> compiled;
    try {
      compiled = std::make_unique<SchemaPattern>(perl);
    } catch (const std::regex_error&) {
      compiled = nullptr;
    }
    it = cache.emplace(perl, std::move(compiled)).first;
  }
  return it->second.get();
}

}  // namespace apischema
