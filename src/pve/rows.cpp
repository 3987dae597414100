#include "pve/rows.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

namespace pve {

namespace {

using nlohmann::json;

std::optional<std::size_t> key_index(RowKeys keys, std::string_view key) {
  const auto at = std::find(keys.begin(), keys.end(), key);
  if (at == keys.end()) return std::nullopt;
  return static_cast<std::size_t>(at - keys.begin());
}

// The envelope's events, depth by depth: 1 is the envelope, 2 the elements of "data", 3 their
// members. Values of other members, and anything deeper, are only counted.
class RowsHandler : public nlohmann::json_sax<json> {
 public:
  RowsHandler(RowKeys keys, std::size_t max_depth) : keys_(keys), max_depth_(max_depth) {}

  bool null() override { return scalar(nullptr); }
  bool boolean(bool value) override { return scalar(value); }
  bool number_integer(number_integer_t value) override { return scalar(value); }
  bool number_unsigned(number_unsigned_t value) override { return scalar(value); }
  bool number_float(number_float_t value, const string_t&) override { return scalar(value); }
  bool string(string_t& value) override { return scalar(std::move(value)); }
  bool binary(binary_t&) override { return false; }  // never produced by the JSON parser

  bool start_object(std::size_t) override { return open(/*array=*/false); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(/*array=*/true); }
  bool end_array() override { return close(); }

  bool key(string_t& key) override {
    if (depth_ == 1) {
      in_data_ = key == "data";
    } else if (depth_ == 3 && in_data_list_) {
      member_ = key_index(keys_, key);
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  RowsRead result() {
    RowsRead out;
    out.read = enveloped_ && seen_data_;
    if (out.read && data_is_array_) out.rows = std::move(rows_);
    return out;
  }

 private:
  // The value becomes a JSON value only when a row keeps it: most members of a list are not
  // asked for, and a string value would cost an allocation each.
  template <typename Value>
  bool scalar(Value&& value) {
    if (depth_ == 0) return true;  // a bare scalar: not an envelope (enveloped_ stays false)
    if (depth_ == 1 && in_data_) {
      data_seen(/*array=*/false);
    } else if (depth_ == 2 && in_data_list_) {
      rows_.emplace_back(keys_.size());  // an element that is not an object
    } else if (depth_ == 3 && in_data_list_ && element_is_object_ && member_) {
      rows_.back()[*member_] = json(std::forward<Value>(value));
    }
    return true;
  }

  bool open(bool array) {
    if (depth_ == 0) enveloped_ = !array;
    if (depth_ == 1 && in_data_) {
      data_seen(array);
      in_data_list_ = array;
    } else if (depth_ == 2 && in_data_list_) {
      rows_.emplace_back(keys_.size());
      element_is_object_ = !array;
    } else if (depth_ == 3 && in_data_list_ && element_is_object_ && member_) {
      // An object or array member is null, also when it repeats a key given a scalar before.
      rows_.back()[*member_] = json();
      member_.reset();
    }
    ++depth_;
    return depth_ <= max_depth_;
  }

  bool close() {
    --depth_;
    if (depth_ == 1) in_data_list_ = false;
    return true;
  }

  // A repeated "data" counts as the document would: the last one.
  void data_seen(bool array) {
    seen_data_ = true;
    data_is_array_ = array;
    rows_.clear();
  }

  RowKeys keys_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  bool enveloped_ = false;
  bool in_data_ = false;       // the current member of the envelope is "data"
  bool in_data_list_ = false;  // inside the "data" array
  bool seen_data_ = false;
  bool data_is_array_ = false;
  bool element_is_object_ = false;
  std::optional<std::size_t> member_;  // the key index of the current member of an element
  std::vector<Row> rows_;
};

}  // namespace

std::optional<std::vector<Row>> rows_of(const json& data, RowKeys keys) {
  if (!data.is_array()) return std::nullopt;
  std::vector<Row> rows;
  rows.reserve(data.size());
  for (const json& element : data) {
    Row& row = rows.emplace_back(keys.size());
    if (!element.is_object()) continue;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto member = element.find(keys[i]);
      if (member != element.end() && member->is_primitive()) row[i] = *member;
    }
  }
  return rows;
}

RowsRead read_rows(const std::string& envelope, RowKeys keys, std::size_t max_depth) {
  if (std::optional<RowsRead> scanned = scan_rows(envelope, keys, max_depth)) {
    return std::move(*scanned);
  }
  RowsHandler handler(keys, max_depth);
  if (!json::sax_parse(envelope, &handler)) return {};
  return handler.result();
}

}  // namespace pve
