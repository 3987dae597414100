#include "mcp/wire_codec.h"

#include "mcp/jsonrpc.h"

#include <algorithm>
#include <array>

namespace mcp {
namespace {

using nlohmann::json;

// Tool annotations (and progress messages) arrived in 2025-03-26; tool titles, outputSchema,
// structuredContent and Implementation.title in 2025-06-18.
bool has_annotations(Revision r) {
  return at_least(r, Revision::k2025_03_26);
}
bool has_structured_output(Revision r) {
  return at_least(r, Revision::k2025_06_18);
}

}  // namespace

WireCodec::WireCodec(Revision revision, const ServerInfo& info)
    : revision_(revision), info_(info) {}

json WireCodec::tool(const Tool& t) const {
  json out{{"name", t.name}};
  if (has_structured_output(revision_) && !t.title.empty()) out["title"] = t.title;
  out["description"] = t.description;
  out["inputSchema"] = t.input_schema.get();
  if (has_structured_output(revision_) && t.output_schema.is_object()) {
    out["outputSchema"] = t.output_schema.get();
  }
  if (has_annotations(revision_)) {
    json a{{"readOnlyHint", t.annotations.read_only},
           {"destructiveHint", t.annotations.destructive},
           {"idempotentHint", t.annotations.idempotent},
           {"openWorldHint", t.annotations.open_world}};
    // 2025-03-26 has no Tool.title; its display name lives in the annotations.
    if (!has_structured_output(revision_) && !t.title.empty()) a["title"] = t.title;
    out["annotations"] = std::move(a);
  }
  return out;
}

std::string_view WireCodec::listed_text(const Tool& t) const {
  if (t.listing == nullptr) return {};
  return has_structured_output(revision_) ? t.listing->structured
         : has_annotations(revision_)     ? t.listing->annotated
                                          : t.listing->plain;
}

std::string WireCodec::tool_text(const Tool& t) const {
  const std::string_view text = listed_text(t);
  return text.empty() ? jsonrpc::serialize(tool(t)) : std::string(text);
}

json WireCodec::call_result(const ToolResult& r) const {
  json content = json::array();
  if (!r.content.is_array()) content.push_back(json{{"type", "text"}, {"text", r.text}});
  for (const json& block : r.content.is_array() ? r.content : json::array()) {
    // Audio content came in 2025-03-26: an older client is told what it cannot be shown.
    if (!has_annotations(revision_) && block.value("type", "") == "audio") {
      content.push_back(
          json{{"type", "text"},
               {"text", "(audio of type " + block.value("mimeType", "") + ", which protocol " +
                            std::string(revision_name(revision_)) + " cannot carry)"}});
    } else {
      content.push_back(block);
    }
  }
  json out{{"content", std::move(content)}};
  // A failed tool may still carry structuredContent (a failed task's UPID, status and log), and
  // then it matches the tool's outputSchema like a success does; argument errors carry none.
  if (r.is_error) out["isError"] = true;
  if (has_structured_output(revision_) && !r.structured.is_null()) {
    // Up to 2025-11-25 structuredContent must be an object; anything else is left out rather
    // than sent in a shape the client's validator rejects.
    if (is_modern() || r.structured.is_object()) out["structuredContent"] = r.structured;
  }
  return out;
}

json WireCodec::prompt(const Prompt& p) const {
  json out{{"name", p.name}};
  if (has_structured_output(revision_) && !p.title.empty()) out["title"] = p.title;
  out["description"] = p.description;
  json arguments = json::array();
  for (const PromptArgument& a : p.arguments) {
    arguments.push_back(
        json{{"name", a.name}, {"description", a.description}, {"required", a.required}});
  }
  out["arguments"] = std::move(arguments);
  return out;
}

json WireCodec::resource(const Resource& r) const {
  json out{{r.is_template() ? "uriTemplate" : "uri", r.uri}, {"name", r.name}};
  if (has_structured_output(revision_) && !r.title.empty()) out["title"] = r.title;
  out["description"] = r.description;
  if (!r.mime_type.empty()) out["mimeType"] = r.mime_type;
  return out;
}

bool WireCodec::serves_in_every_era(std::string_view method) const {
  static constexpr std::array<std::string_view, 8> kMethods = {"tools/list",
                                                               "tools/call",
                                                               "prompts/list",
                                                               "prompts/get",
                                                               "resources/list",
                                                               "resources/read",
                                                               "resources/templates/list",
                                                               "completion/complete"};
  return std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

bool WireCodec::declares_completions() const {
  return at_least(revision_, Revision::k2025_03_26);
}

json WireCodec::implementation() const {
  json out{{"name", info_.name}};
  if (has_structured_output(revision_) && !info_.title.empty()) out["title"] = info_.title;
  out["version"] = info_.version;
  return out;
}

json WireCodec::capabilities() const {
  // The lists are fixed for the life of the process, so no list_changed is ever sent. Resources
  // are Proxmox's live state, which announces no changes: there is nothing to subscribe to.
  json out{{"tools", json{{"listChanged", false}}},
           {"prompts", json{{"listChanged", false}}},
           {"resources", json{{"listChanged", false}}},
           {"logging", json::object()}};
  if (declares_completions()) out["completions"] = json::object();
  return out;
}

json WireCodec::progress(const json& token, double progress, std::optional<double> total,
                         const std::string& message) const {
  json params{{"progressToken", token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (has_annotations(revision_) && !message.empty()) params["message"] = message;
  return params;
}

}  // namespace mcp
