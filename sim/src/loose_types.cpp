#include "loose_types.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace pvesim {
namespace {

// "123", "-5" or "0.25" as the number it spells; anything else stays a string.
std::optional<Json> number_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  long long whole = 0;
  const char* end = text.data() + text.size();
  if (auto [at, ec] = std::from_chars(text.data(), end, whole); ec == std::errc() && at == end) {
    return Json(whole);
  }
  double fraction = 0;
  if (auto [at, ec] = std::from_chars(text.data(), end, fraction); ec == std::errc() && at == end) {
    return Json(fraction);
  }
  return std::nullopt;
}

void swap_form(Json& value, LooseForm form) {
  switch (form) {
    case LooseForm::kNumberText:
      if (value.is_number_integer()) {
        value = std::to_string(value.get<long long>());
      } else if (value.is_number_float()) {
        value = value.dump();
      } else if (value.is_string()) {
        if (auto number = number_of(value.get<std::string>())) value = std::move(*number);
      }
      return;
    case LooseForm::kFlag:
      if (value.is_boolean()) {
        value = value.get<bool>() ? 1 : 0;
      } else if (value.is_number_integer() &&
                 (value.get<long long>() == 0 || value.get<long long>() == 1)) {
        value = value.get<long long>() == 1;
      }
      return;
  }
}

// Walks `path` (dotted, `*` for every element or value) from `node` and swaps what it reaches.
void apply(Json& node, std::string_view path, LooseForm form) {
  const std::size_t dot = path.find('.');
  const std::string_view head = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  auto visit = [&](Json& child) {
    if (rest.empty()) {
      swap_form(child, form);
    } else {
      apply(child, rest, form);
    }
  };
  if (head == "*") {
    if (node.is_array() || node.is_object()) {
      for (auto& child : node) visit(child);
    }
    return;
  }
  if (!node.is_object()) return;
  if (auto it = node.find(std::string(head)); it != node.end()) visit(*it);
}

}  // namespace

Json loosen(const std::string& template_path, Json data) {
  for (const LooseField& field : loose_fields()) {
    if (template_path == field.template_path) apply(data, field.field, field.form);
  }
  return data;
}

}  // namespace pvesim
