// Typed tool arguments: a tool's arguments are a struct whose field descriptors produce the
// advertised inputSchema, apply the defaults and parse a call's arguments once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/args.h"

namespace tools::typed {

// What is wrong with a value ("must be a node name like pve1"), or nothing.
using Problem = std::optional<std::string>;

// How a member type reads from JSON and which one JSON type it advertises. Numeric and boolean
// strings are accepted where numbers and booleans are expected: models send them.
template <class T>
struct Value;

template <>
struct Value<std::string> {
  static constexpr std::string_view kType = "string";
  static constexpr std::string_view kRule = "must be a string";
  static std::optional<std::string> read(const nlohmann::json& v) {
    if (!v.is_string()) return std::nullopt;
    return v.get<std::string>();
  }
};

template <>
struct Value<std::int64_t> {
  static constexpr std::string_view kType = "integer";
  static constexpr std::string_view kRule = "must be an integer";
  static std::optional<std::int64_t> read(const nlohmann::json& v) {
    return args::integer_value(v);
  }
};

template <>
struct Value<bool> {
  static constexpr std::string_view kType = "boolean";
  static constexpr std::string_view kRule = "must be true or false";
  static std::optional<bool> read(const nlohmann::json& v) { return args::boolean_value(v); }
};

template <>
struct Value<std::vector<std::string>> {
  static constexpr std::string_view kType = "array";
  static constexpr std::string_view kRule = "must be an array of strings";
  static std::optional<std::vector<std::string>> read(const nlohmann::json& v) {
    if (!v.is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : v) {
      if (!item.is_string()) return std::nullopt;
      out.push_back(item.get<std::string>());
    }
    return out;
  }
};

// A JSON object passed through as it is (the parameters of a generic API call); an object sent
// as JSON text is read too, as some clients flatten nested arguments into strings.
template <>
struct Value<nlohmann::json> {
  static constexpr std::string_view kType = "object";
  static constexpr std::string_view kRule = "must be an object";
  static std::optional<nlohmann::json> read(const nlohmann::json& v) {
    if (v.is_object()) return v;
    if (!v.is_string()) return std::nullopt;
    nlohmann::json parsed = nlohmann::json::parse(v.get<std::string>(), nullptr, false);
    if (!parsed.is_object()) return std::nullopt;
    return parsed;
  }
};

// A member declared std::optional<T> is an argument that may be absent; any other member type
// is one that is required or has a default.
template <class M>
struct Member {
  using type = M;
  static constexpr bool kOptional = false;
};
template <class T>
struct Member<std::optional<T>> {
  using type = T;
  static constexpr bool kOptional = true;
};

// One argument: its name, the member it fills, what is advertised about it (a short
// description, a default, a short list of choices) and the rule the server checks without
// advertising it (patterns, ranges, long lists: in the error text when broken).
template <class Args, class M>
struct Field {
  using T = typename Member<M>::type;

  std::string_view name;
  M Args::*member;
  std::string_view description;
  std::optional<T> fallback;
  Problem (*check)(const T&) = nullptr;
  std::vector<std::string_view> choices;
  bool advertise_default = true;
  bool listed = true;

  Field about(std::string_view text) const {
    Field f = *this;
    f.description = text;
    return f;
  }
  Field or_default(T value) const {
    Field f = *this;
    f.fallback = std::move(value);
    return f;
  }
  // A default the schema does not advertise: `wait`, which the server's instructions explain
  // once for every tool, and switches that are off unless given.
  Field or_default_unadvertised(T value) const {
    Field f = or_default(std::move(value));
    f.advertise_default = false;
    return f;
  }
  // Accepted, defaulted and checked, but not in the advertised schema: the call options every
  // task-following tool shares (`wait`, `timeout`), which the server's instructions explain once
  // instead of in every tool's schema, and the Node.js server's arguments that a tool of ours
  // names differently or does not need (a `type` the tool finds out itself).
  Field unlisted() const {
    Field f = *this;
    f.listed = false;
    return f;
  }
  Field checked(Problem (*rule)(const T&)) const {
    Field f = *this;
    f.check = rule;
    return f;
  }
  Field one_of(std::vector<std::string_view> values) const {
    static_assert(std::is_same_v<T, std::string>, "choices are for string arguments");
    Field f = *this;
    f.choices = std::move(values);
    return f;
  }

  [[nodiscard]] bool required() const { return !Member<M>::kOptional && !fallback; }
};

template <class Args, class M>
Field<Args, M> field(M Args::*member, std::string_view name) {
  return Field<Args, M>{name, member, {}, std::nullopt, nullptr, {}, true, true};
}

// The usual range rule, with the usual wording.
template <std::int64_t Min, std::int64_t Max>
Problem between(const std::int64_t& n) {
  if (n >= Min && n <= Max) return std::nullopt;
  return "must be an integer between " + std::to_string(Min) + " and " + std::to_string(Max);
}

namespace detail {

[[noreturn]] inline void invalid(std::string_view name, std::string_view rule) {
  throw ArgError("Invalid argument '" + std::string(name) + "': " + std::string(rule));
}

template <class Args, class M>
void describe(const Field<Args, M>& f, nlohmann::json& properties, nlohmann::json& required) {
  using T = typename Field<Args, M>::T;
  if (!f.listed) return;
  nlohmann::json property = {{"type", Value<T>::kType}};
  if constexpr (std::is_same_v<T, std::vector<std::string>>)
    property["items"] = {{"type", "string"}};
  if (!f.description.empty()) property["description"] = f.description;
  if (f.fallback && f.advertise_default) property["default"] = *f.fallback;
  if (!f.choices.empty()) property["enum"] = f.choices;
  properties[std::string(f.name)] = std::move(property);
  if (f.required()) required.push_back(f.name);
}

// `out` may be a struct derived from the field's own: argument structs share fields by
// inheritance (a guest's node and vmid, a task's wait and timeout).
template <class Args, class M, class Out>
void read(const Field<Args, M>& f, const nlohmann::json& arguments, Out& out) {
  using T = typename Field<Args, M>::T;
  const nlohmann::json* given = nullptr;
  if (arguments.is_object()) {
    auto it = arguments.find(f.name);
    if (it != arguments.end() && !it->is_null()) given = &*it;
  }
  if (given == nullptr) {
    if (f.fallback) {
      out.*f.member = *f.fallback;
    } else if (f.required()) {
      invalid(f.name, "is required");
    }
    return;
  }
  std::optional<T> value = Value<T>::read(*given);
  if (!value) invalid(f.name, Value<T>::kRule);
  if constexpr (std::is_same_v<T, std::string>) {
    if (!f.choices.empty() &&
        std::find(f.choices.begin(), f.choices.end(), *value) == f.choices.end()) {
      std::string list;
      for (std::string_view choice : f.choices)
        list += (list.empty() ? "" : ", ") + std::string(choice);
      invalid(f.name, "must be one of: " + list);
    }
  }
  if (f.check != nullptr) {
    if (Problem problem = f.check(*value)) invalid(f.name, *problem);
  }
  out.*f.member = std::move(*value);
}

}  // namespace detail

// The advertised inputSchema of `Args`: one type per property, its description, default and
// choices; never the server's own rules.
template <class Args>
nlohmann::json schema() {
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  std::apply([&](const auto&... f) { (detail::describe(f, properties, required), ...); },
             Args::fields());
  nlohmann::json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = std::move(required);
  return out;
}

// The arguments of one call, defaults applied; an ArgError names the first argument that is
// missing, of the wrong type or breaks its rule.
template <class Args>
Args parse(const nlohmann::json& arguments) {
  Args out{};
  std::apply([&](const auto&... f) { (detail::read(f, arguments, out), ...); }, Args::fields());
  return out;
}

}  // namespace tools::typed
