// get_task_log: a bounded window of one task's log, by default its end.
#include "pve/tasks.h"
#include "tools/markdown.h"
#include "tools/tasks.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kTaskLogOutput = R"({
  "type": "object",
  "properties": {
    "upid": {"type": "string"}, "node": {"type": "string"},
    "lines": {"type": "array", "items": {"type": "object", "properties": {
      "n": {"type": "integer"}, "t": {"type": "string"}}, "required": ["n", "t"]}},
    "total": {"type": "integer", "description": "lines in the whole log"},
    "first": {"type": "integer", "description": "line number of the first line shown, from 1"}
  },
  "required": ["upid", "node", "lines", "total"]
})";

mcp::ToolResult get_task_log(const Call& call, const TaskLogArgs& a) {
  const pve::Upid upid = task_of(a);
  const pve::LogWindow window =
      pve::read_task_log(call.api, a.upid, a.start, static_cast<std::size_t>(a.limit));
  const std::int64_t total =
      window.total >= 0 ? window.total : static_cast<std::int64_t>(window.lines.size());

  json lines = json::array();
  std::string block;
  for (const auto& line : window.lines) {
    const std::string text = md::one_line(line.text);
    block += std::to_string(line.n) + "  " + text + "\n";
    lines.push_back({{"n", line.n}, {"t", text}});
  }
  json out = {{"upid", a.upid}, {"node", upid.node}, {"lines", lines}, {"total", total}};

  std::string text =
      md::heading("📜", "Task log: " + upid.type + (upid.id.empty() ? "" : " " + upid.id)) + "\n\n" +
      md::bullet("UPID", a.upid) + "\n";
  if (lines.empty()) {
    text += "\nNo lines from " + std::to_string(a.start.value_or(0)) + " on; the log has " +
            std::to_string(total) + ".\n";
  } else {
    const std::int64_t first = lines.front()["n"].get<std::int64_t>();
    const std::int64_t last = lines.back()["n"].get<std::int64_t>();
    out["first"] = first;
    text += md::bullet("Lines", std::to_string(first) + "-" + std::to_string(last) + " of " +
                                    std::to_string(total)) +
            "\n\n" + md::code_block(block);
    if (first > 1) text += "Earlier lines: call again with start.\n";
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
