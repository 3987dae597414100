#include "mcp/tool_registry.h"

#include <stdexcept>

#include "mcp/jsonrpc.h"
#include "mcp/wire_codec.h"

namespace {

// SEP-986 (2025-11-25): 1-128 characters of [A-Za-z0-9_.-].
bool is_valid_tool_name(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

namespace mcp {

ToolRegistry::ToolRegistry(std::vector<Tool> tools) : tools_(std::move(tools)) {
  for (std::size_t i = 0; i < tools_.size(); ++i) {
    const Tool& t = tools_[i];
    if (!is_valid_tool_name(t.name)) {
      throw std::invalid_argument("tool #" + std::to_string(i) + " has an invalid name '" + t.name +
                                  "' (1-128 characters of A-Z a-z 0-9 _ . -)");
    }
    if (!t.handler) throw std::invalid_argument("tool '" + t.name + "' has no handler");
    // A schema built later is the catalogue's, which its tests check.
    if (t.input_schema.built() &&
        (!t.input_schema.is_object() || t.input_schema.get().value("type", "") != "object")) {
      throw std::invalid_argument("tool '" + t.name + "' needs an inputSchema of type object");
    }
    if (t.output_schema.built() && !t.output_schema.is_null() && !t.output_schema.is_object()) {
      throw std::invalid_argument("tool '" + t.name +
                                  "' has an outputSchema that is not an object");
    }
    if (!index_.emplace(t.name, i).second) {
      throw std::invalid_argument("tool '" + t.name + "' is registered twice");
    }
  }
}

const std::string& ToolRegistry::listing(const WireCodec& codec) const {
  std::lock_guard lock(listings_mutex_);
  const auto known = listings_.find(&codec);
  if (known != listings_.end()) return known->second;
  // Written member by member as dump() would, the tools array from each tool's own text: a
  // catalogue tool's entry is serialized ahead, so listing builds none of their schemas.
  // Sized once: growing a string by doubling touched three times the memory of the answer,
  // and each page touched for the first time is a good part of a start's cost.
  std::vector<std::string> built;  // the entries of tools without a text of their own
  built.reserve(tools_.size());    // never reallocated: entries point into it
  std::vector<std::string_view> entries;
  std::size_t size = 2;
  for (const Tool& t : tools_) {
    if (!t.listed) continue;
    std::string_view text = codec.listed_text(t);
    if (text.empty()) text = built.emplace_back(codec.tool_text(t));
    entries.push_back(text);
    size += text.size() + 1;
  }
  const nlohmann::json result =
      codec.finish(nlohmann::json{{"tools", nlohmann::json::array()}}, ResultKind::kCacheable);
  std::vector<std::pair<std::string, std::string>> members;  // other than tools, serialized
  for (const auto& [key, value] : result.items()) {
    members.emplace_back(jsonrpc::serialize(key), key == "tools" ? "" : jsonrpc::serialize(value));
    size += members.back().first.size() + members.back().second.size() + 2;
  }
  std::string text;
  text.reserve(size);
  text.push_back('{');
  for (const auto& [key, value] : members) {
    if (text.size() > 1) text.push_back(',');
    text.append(key).push_back(':');
    if (key != R"("tools")") {
      text.append(value);
      continue;
    }
    text.push_back('[');
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) text.push_back(',');
      text.append(entries[i]);
    }
    text.push_back(']');
  }
  text.push_back('}');
  return listings_.emplace(&codec, std::move(text)).first->second;
}

const Tool* ToolRegistry::find(std::string_view name) const {
  const auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &tools_[it->second];
}

}  // namespace mcp
