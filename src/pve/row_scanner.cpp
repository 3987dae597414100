// read_rows' fast path: a scanner for JSON as Proxmox writes it. nlohmann's SAX parser builds a
// std::string of every key and string value and calls a virtual function for each token; on the
// 2.7 MB /cluster/resources of 10,000 guests that was most of a listing's CPU. This scanner
// compares keys where they lie, copies only the values a row keeps, and leaves whatever it is not
// sure to read exactly as nlohmann does (\u escapes, long integers, out-of-range floats, any
// error) to that parser.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/rows.h"

namespace pve {
namespace {

using nlohmann::json;

// Thrown inside the scanner only: the text is for the full parser.
struct Unsure {};

// Digits of an integer that always fit an int64_t or uint64_t: longer ones go to nlohmann.
constexpr std::size_t kMaxIntegerDigits = 18;

class RowScanner {
 public:
  RowScanner(std::string_view text, RowKeys keys, std::size_t max_depth)
      : text_(text), keys_(keys), max_depth_(max_depth) {}

  RowsRead scan() {
    space();
    envelope();
    space();
    if (at_ != text_.size()) throw Unsure{};
    if (!seen_data_) throw Unsure{};  // not an envelope: the full parser says so
    RowsRead out;
    out.read = true;
    if (data_is_array_) out.rows = std::move(rows_);
    return out;
  }

 private:
  // --- structure --------------------------------------------------------------------------

  // An object at container depth `depth`; `member(key)` reads the value after each key. The key
  // may lie in scratch_, which the next string overwrites: use it before reading the value.
  template <typename Member>
  void object(std::size_t depth, Member member) {
    expect('{');
    enter(depth);
    space();
    if (consume('}')) return;
    do {
      space();
      const std::string_view name = string_text();
      space();
      expect(':');
      space();
      member(name);
      space();
    } while (consume(','));
    expect('}');
  }

  // An array at container depth `depth`; `element()` reads each element.
  template <typename Element>
  void array(std::size_t depth, Element element) {
    expect('[');
    enter(depth);
    space();
    if (consume(']')) return;
    do {
      space();
      element();
      space();
    } while (consume(','));
    expect(']');
  }

  void envelope() {
    object(1, [&](std::string_view name) {
      if (name != "data") return skip_value(2);
      seen_data_ = true;
      rows_.clear();  // a repeated "data" counts as the document reads it: the last one
      data_is_array_ = peek() == '[';
      if (!data_is_array_) return skip_value(2);
      array(2, [&] {
        Row& row = rows_.emplace_back(keys_.size());
        if (peek() == '{') {
          element(row);
        } else {
          skip_value(3);  // an element that is not an object: a row of nulls
        }
      });
    });
  }

  void element(Row& row) {
    object(3, [&](std::string_view name) {
      const std::optional<std::size_t> member = key_index(name);
      const char c = peek();
      if (c == '{' || c == '[') {
        skip_value(4);
        if (member) row[*member] = json();  // an object or array member is null
      } else if (member) {
        row[*member] = scalar();
      } else {
        skip_value(4);
      }
    });
  }

  // Any value at container depth `depth` (the depth an object or array there would have).
  void skip_value(std::size_t depth) {
    const char c = peek();
    if (c == '{') {
      object(depth, [&](std::string_view) { skip_value(depth + 1); });
    } else if (c == '[') {
      array(depth, [&] { skip_value(depth + 1); });
    } else if (c == '"') {
      string_text();
    } else {
      (void)scalar();
    }
  }

  void enter(std::size_t depth) const {
    if (depth > max_depth_) throw Unsure{};
  }

  // --- scalars ----------------------------------------------------------------------------

  json scalar() {
    const char c = peek();
    if (c == '"') return json(std::string(string_text()));
    if (c == 't') {
      word("true");
      return json(true);
    }
    if (c == 'f') {
      word("false");
      return json(false);
    }
    if (c == 'n') {
      word("null");
      return json();
    }
    return number();
  }

  void word(std::string_view w) {
    if (text_.substr(at_, w.size()) != w) throw Unsure{};
    at_ += w.size();
  }

  // JSON's number grammar; the value as nlohmann gives it: unsigned for a non-negative integer,
  // signed for a negative one, double (correctly rounded, like strtod) otherwise.
  json number() {
    const std::size_t start = at_;
    const bool negative = consume('-');
    const std::size_t int_start = at_;
    if (consume('0')) {
      // no leading zeros
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw Unsure{};
    }
    const std::size_t int_digits = at_ - int_start;
    bool integer = true;
    if (consume('.')) {
      integer = false;
      if (digits() == 0) throw Unsure{};
    }
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      ++at_;
      if (!consume('+')) (void)consume('-');
      if (digits() == 0) throw Unsure{};
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + at_;
    if (integer) {
      if (int_digits > kMaxIntegerDigits) throw Unsure{};
      std::uint64_t magnitude = 0;
      for (const char* p = text_.data() + int_start; p != last; ++p) {
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(*p - '0');
      }
      if (negative) return json(-static_cast<std::int64_t>(magnitude));
      return json(magnitude);
    }
    double value = 0;
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || end != last || !std::isfinite(value)) throw Unsure{};
    return json(value);
  }

  std::size_t digits() {
    const std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ - start;
  }

  // A string's content, unescaped: a view of the text when it has no escape, else of scratch_.
  std::string_view string_text() {
    expect('"');
    const std::size_t start = at_;
    bool escaped = false;
    while (true) {
      if (at_ >= text_.size()) throw Unsure{};
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') break;
      if (c == '\\') {
        escaped = true;
        at_ += 2;
      } else if (c < 0x20) {
        throw Unsure{};  // a raw control character: an error for the full parser to report
      } else if (c < 0x80) {
        ++at_;
      } else {
        utf8_sequence();
      }
    }
    const std::string_view raw = text_.substr(start, at_ - start);
    ++at_;
    if (!escaped) return raw;
    scratch_.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        scratch_.push_back(raw[i]);
        continue;
      }
      switch (raw[++i]) {
        case '"':
          scratch_.push_back('"');
          break;
        case '\\':
          scratch_.push_back('\\');
          break;
        case '/':
          scratch_.push_back('/');
          break;
        case 'b':
          scratch_.push_back('\b');
          break;
        case 'f':
          scratch_.push_back('\f');
          break;
        case 'n':
          scratch_.push_back('\n');
          break;
        case 'r':
          scratch_.push_back('\r');
          break;
        case 't':
          scratch_.push_back('\t');
          break;
        default:
          throw Unsure{};  // \u (surrogates are the full parser's) or an invalid escape
      }
    }
    return scratch_;
  }

  // One multi-byte UTF-8 character at at_, as RFC 3629 (and nlohmann's lexer) allows it.
  void utf8_sequence() {
    const auto byte = [&](std::size_t offset) -> unsigned {
      if (at_ + offset >= text_.size()) throw Unsure{};
      return static_cast<unsigned char>(text_[at_ + offset]);
    };
    const auto in = [](unsigned b, unsigned low, unsigned high) { return b >= low && b <= high; };
    const unsigned lead = byte(0);
    std::size_t length = 0;
    unsigned second_low = 0x80;
    unsigned second_high = 0xBF;
    if (in(lead, 0xC2, 0xDF)) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3, second_low = 0xA0;
    } else if (in(lead, 0xE1, 0xEC) || in(lead, 0xEE, 0xEF)) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3, second_high = 0x9F;
    } else if (lead == 0xF0) {
      length = 4, second_low = 0x90;
    } else if (in(lead, 0xF1, 0xF3)) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4, second_high = 0x8F;
    } else {
      throw Unsure{};
    }
    if (!in(byte(1), second_low, second_high)) throw Unsure{};
    for (std::size_t i = 2; i < length; ++i) {
      if (!in(byte(i), 0x80, 0xBF)) throw Unsure{};
    }
    at_ += length;
  }

  std::optional<std::size_t> key_index(std::string_view key) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) return i;
    }
    return std::nullopt;
  }

  // --- characters -------------------------------------------------------------------------

  [[nodiscard]] char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  bool consume(char c) {
    if (peek() != c) return false;  // peek() is '\0' at the end, which no caller asks for
    ++at_;
    return true;
  }

  void expect(char c) {
    if (!consume(c)) throw Unsure{};
  }

  void space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++at_;
    }
  }

  std::string_view text_;
  RowKeys keys_;
  std::size_t max_depth_;
  std::size_t at_ = 0;
  std::string scratch_;
  bool seen_data_ = false;
  bool data_is_array_ = false;
  std::vector<Row> rows_;
};

}  // namespace

std::optional<RowsRead> scan_rows(std::string_view envelope, RowKeys keys, std::size_t max_depth) {
  try {
    return RowScanner(envelope, keys, max_depth).scan();
  } catch (const Unsure&) {
    return std::nullopt;
  }
}

}  // namespace pve
