// proxmox_api_search: endpoints by words, a few lines each, with a cursor for more.
#include "apischema/permission_text.h"
#include "apischema/search.h"
#include "tools/api_text.h"
#include "tools/api_tools.h"
#include "tools/args.h"
#include "tools/markdown.h"

namespace tools {

extern const std::string_view kApiSearchOutput = R"({
  "type": "object",
  "properties": {
    "query": {"type": "string"},
    "total": {"type": "integer"},
    "next_cursor": {"type": "string"},
    "endpoints": {"type": "array", "items": {"type": "object", "properties": {
      "method": {"type": "string"}, "path": {"type": "string"}, "summary": {"type": "string"},
      "permission": {"type": "string"}, "returns_task": {"type": "boolean"},
      "parameters": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "type": {"type": "string"}, "required": {"type": "boolean"},
        "about": {"type": "string"}}, "required": ["name", "type", "required"]}},
      "more_parameters": {"type": "integer"}},
      "required": ["method", "path", "summary", "permission", "returns_task", "parameters"]}}
  },
  "required": ["query", "total", "endpoints"]
})";

namespace {

constexpr size_t kOptionalShown = 6;  // the rest is for proxmox_api_describe
constexpr size_t kEnumShown = 4;
constexpr size_t kLineLimit = 100;

// "  • name*: type — first sentence", cut to kLineLimit characters.
std::string parameter_line(const apischema::Parameter& p, nlohmann::json& facts) {
  const std::string type = api_text::value_type(p, kEnumShown);
  const std::string about = apischema::first_sentence(p.description);
  facts = {{"name", p.name}, {"type", type}, {"required", p.required}, {"about", about}};
  std::string line = "  • " + p.name + (p.required ? "*" : "") + ": " + type;
  if (!about.empty()) line += " — " + md::one_line(about);
  if (line.size() > kLineLimit) line = line.substr(0, kLineLimit - 3) + "…";
  return line + "\n";
}

std::string endpoint_block(const apischema::Endpoint& e, nlohmann::json& facts) {
  facts = api_text::endpoint_facts(e);
  facts["parameters"] = nlohmann::json::array();
  std::string text = "**" + api_text::endpoint_name(e) + "**";
  if (!e.summary.empty()) text += " — " + e.summary;
  text += "\n";
  if (const auto path = api_text::placeholders(e); !path.empty()) {
    text += "  • path: " + path + "\n";
  }
  size_t optional = 0;
  size_t hidden = 0;
  for (const auto& p : e.parameters) {
    if (p.in_path) continue;
    if (!p.required && optional++ >= kOptionalShown) {
      ++hidden;
      continue;
    }
    text += parameter_line(p, facts["parameters"].emplace_back());
  }
  if (hidden > 0) {
    text += "  • +" + std::to_string(hidden) + " more optional (proxmox_api_describe)\n";
    facts["more_parameters"] = hidden;
  }
  text += "  • permission: " + e.permission + "\n";
  if (e.returns_task) text += "  • returns a task (UPID)\n";
  return text;
}

}  // namespace

mcp::ToolResult api_search(const Call& /*call*/, const ApiSearchArgs& a) {
  const auto page =
      apischema::search(apischema::Catalogue::embedded(), {.words = a.query,
                                                           .path_prefix = a.path.value_or(""),
                                                           .method = a.method.value_or(""),
                                                           .cursor = a.cursor.value_or("")});
  if (!page.error.empty()) throw ArgError("Invalid argument 'cursor': " + page.error);
  nlohmann::json out = {
      {"query", a.query}, {"total", page.total}, {"endpoints", nlohmann::json::array()}};
  std::string text = md::heading("🔎", "API endpoints for \"" + md::one_line(a.query) + "\"") +
                     " (" + std::to_string(page.total) + " found)\n\n";
  if (page.total == 0) {
    text += "Nothing matches; try other words, or fewer.\n";
  }
  for (const apischema::Endpoint* e : page.entries) {
    if (e != page.entries.front()) text += "\n";
    text += endpoint_block(*e, out["endpoints"].emplace_back());
  }
  if (!page.next_cursor.empty()) {
    text += "\n" + std::to_string(page.after) + " more: cursor=" + page.next_cursor + "\n";
    out["next_cursor"] = page.next_cursor;
  }
  return {text, out};
}

}  // namespace tools
