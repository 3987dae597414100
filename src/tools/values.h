// Reading Proxmox's loosely typed response values (numbers that arrive as strings, 0/1 booleans).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tools {

// obj[key] as a number; numeric strings count (Perl serialises scalars either way).
std::optional<double> number_field(const nlohmann::json& obj, std::string_view key);
std::optional<std::int64_t> integer_field(const nlohmann::json& obj, std::string_view key);
// obj[key] as text; numbers are printed, null and missing give "".
std::string text_field(const nlohmann::json& obj, std::string_view key);
// 1, "1", true → true; anything else (including missing) → false.
bool flag_field(const nlohmann::json& obj, std::string_view key);

// The same readings of one value: a member already found, or a cell of a pve::Row. Null reads
// as missing.
std::optional<double> number_value(const nlohmann::json& v);
std::optional<std::int64_t> integer_value(const nlohmann::json& v);
std::string text_value(const nlohmann::json& v);
bool flag_value(const nlohmann::json& v);

// Whether `a` and `b` are the same text but for ASCII case (guest names, tags).
bool same_without_case(std::string_view a, std::string_view b);

// Sets obj[key] only when there is a value: structuredContent leaves out what Proxmox did not say.
void put_number(nlohmann::json& obj, const char* key, const std::optional<double>& v);
void put_integer(nlohmann::json& obj, const char* key, const std::optional<std::int64_t>& v);

}  // namespace tools
