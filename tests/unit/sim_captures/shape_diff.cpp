#include "shape_diff.h"

#include <algorithm>
#include <optional>

namespace pvesim::captures {
namespace {

std::string joined(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

void compare(const Json& capture, const Json& sim, const std::string& where,
             const ShapeRules& rules, std::set<std::string>& out);

std::vector<std::string> segments(const std::string& place) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot = place.find('.'); dot != std::string::npos; dot = place.find('.', start)) {
    out.push_back(place.substr(start, dot - start));
    start = dot + 1;
  }
  out.push_back(place.substr(start));
  return out;
}

// Whether `where` is one of `places`, a `*` segment of a place standing for any one segment.
bool listed(const std::vector<std::string>& places, const std::string& where) {
  const auto have = segments(where);
  return std::any_of(places.begin(), places.end(), [&](const std::string& place) {
    const auto want = segments(place);
    if (want.size() != have.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (want[i] != "*" && want[i] != have[i]) return false;
    }
    return true;
  });
}

// The differences of `wanted` against the candidate that differs least ({} when none).
std::optional<std::set<std::string>> closest(const Json& wanted,
                                             const std::vector<const Json*>& candidates,
                                             const std::string& where, const ShapeRules& rules) {
  std::optional<std::set<std::string>> best;
  for (const Json* candidate : candidates) {
    std::set<std::string> found;
    compare(wanted, *candidate, where, rules, found);
    if (!best || found.size() < best->size()) best = std::move(found);
  }
  return best;
}

// Each capture element against the closest pve-sim element of its "type" when pve-sim has that
// type (resources: qemu, node, storage), else against the closest of all (task types).
void compare_lists(const Json& capture, const Json& sim, const std::string& where,
                   const ShapeRules& rules, std::set<std::string>& out) {
  if (capture.empty() || sim.empty()) {
    if (capture.empty() != sim.empty())
      out.insert((sim.empty() ? "empty " : "extra ") + where + "[]");
    return;
  }
  for (const Json& wanted : capture) {
    std::vector<const Json*> same_type;
    std::vector<const Json*> all;
    for (const Json& candidate : sim) {
      all.push_back(&candidate);
      if (wanted.is_object() && wanted.contains("type") && candidate.is_object() &&
          candidate.value("type", Json()) == wanted["type"]) {
        same_type.push_back(&candidate);
      }
    }
    const auto best = closest(wanted, same_type.empty() ? all : same_type, where + "[]", rules);
    out.insert(best->begin(), best->end());
  }
}

void compare_objects(const Json& capture, const Json& sim, const std::string& where,
                     const ShapeRules& rules, std::set<std::string>& out) {
  if (listed(rules.maps, where)) {
    // Keys are data (drive names, tap devices): every value against pve-sim's closest one.
    if (capture.empty() || sim.empty()) {
      if (capture.empty() != sim.empty())
        out.insert((sim.empty() ? "empty " : "extra ") + where + ".*");
      return;
    }
    std::vector<const Json*> values;
    for (const auto& value : sim) values.push_back(&value);
    for (const auto& [key, value] : capture.items()) {
      const auto best = closest(value, values, where + ".*", rules);
      out.insert(best->begin(), best->end());
    }
    return;
  }
  const bool open = listed(rules.open, where);
  for (const auto& [key, value] : capture.items()) {
    const auto it = sim.find(key);
    if (it != sim.end()) {
      compare(value, *it, joined(where, key), rules, out);
    } else if (!open) {
      out.insert("missing " + joined(where, key));
    }
  }
  for (const auto& [key, value] : sim.items()) {
    if (!open && !capture.contains(key)) out.insert("extra " + joined(where, key));
  }
}

void compare(const Json& capture, const Json& sim, const std::string& where,
             const ShapeRules& rules, std::set<std::string>& out) {
  const std::string want = json_kind(capture);
  const std::string got = json_kind(sim);
  if (want != got) {
    out.insert("type " + where + ": " + want + " != " + got);
    return;
  }
  if (capture.is_object()) compare_objects(capture, sim, where, rules, out);
  if (capture.is_array()) compare_lists(capture, sim, where, rules, out);
}

}  // namespace

std::string json_kind(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "other";
  }
}

std::set<std::string> shape_differences(const Json& capture, const Json& sim,
                                        const ShapeRules& rules) {
  std::set<std::string> out;
  compare(capture, sim, "", rules, out);
  return out;
}

}  // namespace pvesim::captures
