#include "mcp/wire_codec.h"

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
  out["inputSchema"] = t.input_schema;
  if (has_structured_output(revision_) && t.output_schema.is_object()) {
    out["outputSchema"] = t.output_schema;
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

json WireCodec::call_result(const ToolResult& r) const {
  json out{{"content", json::array({json{{"type", "text"}, {"text", r.text}}})}};
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

json WireCodec::implementation() const {
  json out{{"name", info_.name}};
  if (has_structured_output(revision_) && !info_.title.empty()) out["title"] = info_.title;
  out["version"] = info_.version;
  return out;
}

json WireCodec::capabilities() const {
  // The tool list is fixed for the life of the process, so no list_changed is ever sent.
  return json{{"tools", json{{"listChanged", false}}}};
}

json WireCodec::progress(const json& token, double progress, std::optional<double> total,
                         const std::string& message) const {
  json params{{"progressToken", token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (has_annotations(revision_) && !message.empty()) params["message"] = message;
  return params;
}

}  // namespace mcp
