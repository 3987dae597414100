// The whole inbound path of the server: stdio framing, JSON-RPC classification, both protocol
// eras' dispatch (initialize, discover, tools/list, tools/call, cancellation, batches), argument
// validation and result shaping, with two small tools and the conformance fixtures (prompts,
// resources and templates, completion, logging, questions to the client and the sealed
// requestState of their retries). Promise checked: whatever arrives, every line the server
// writes is a complete JSON-RPC message.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "mcp/fixture_tools.h"
#include "mcp/session.h"
#include "mcp/stdio_transport.h"

namespace {

using nlohmann::json;

mcp::ServerInfo server_info() {
  mcp::ServerInfo info;
  info.version = "0.0.0-fuzz";
  info.instructions = "Fuzzing.";
  return info;
}

// Shaped like the transcripts' vm_status: the usual tool with required arguments and a result.
mcp::Tool vm_status_tool() {
  mcp::Tool t;
  t.name = "vm_status";
  t.title = "VM status";
  t.description = "Get status of a VM";
  t.input_schema = json::parse(R"({"type":"object",
    "properties":{"node":{"type":"string","pattern":"^[a-zA-Z0-9-]+$","maxLength":63},
                  "vmid":{"type":"integer","minimum":100,"maximum":999999999}},
    "required":["node","vmid"],"additionalProperties":false})");
  t.output_schema = json::parse(R"({"type":"object",
    "properties":{"vmid":{"type":"integer"},"status":{"type":"string"}},
    "required":["vmid","status"],"additionalProperties":false})");
  t.annotations.read_only = true;
  t.handler = [](const json& args, mcp::CallContext&) {
    mcp::ToolResult r;
    r.text = "vm " + args.at("vmid").dump() + " on " + args.at("node").get<std::string>();
    r.structured = json{{"vmid", args.at("vmid")}, {"status", "running"}};
    return r;
  };
  return t;
}

// Reports progress, yields its place and echoes its input: arbitrary client text goes back out
// through progress notifications and results, and a long text breaks the declared
// outputSchema (maxLength), which the session must turn into an error result.
mcp::Tool echo_tool() {
  mcp::Tool t;
  t.name = "echo";
  t.title = "Echo";
  t.description = "Echoes text";
  t.input_schema = json::parse(R"({"type":"object",
    "properties":{"text":{"type":"string"},"steps":{"type":"integer","minimum":0,"maximum":3},
                  "tags":{"type":"array","items":{"enum":["a","b",1,null]},"maxItems":4}},
    "required":["text"]})");
  t.output_schema = json::parse(R"({"type":"object",
    "properties":{"text":{"type":"string","maxLength":32}},"required":["text"]})");
  t.annotations.idempotent = true;
  t.handler = [](const json& args, mcp::CallContext& ctx) {
    const std::string text = args.at("text").get<std::string>();
    const auto steps = args.value("steps", 1);
    for (int i = 1; i <= steps; ++i) {
      ctx.progress(i, steps, text);
      if (ctx.pause(std::chrono::milliseconds(0))) return mcp::ToolResult::error("stopped");
    }
    mcp::ToolResult r;
    r.text = text;
    r.structured = json{{"text", text}};
    return r;
  };
  return t;
}

// The conformance fixtures, without those that sleep between their steps (progress, logging):
// they would only slow every run down.
std::vector<mcp::Tool> all_tools() {
  std::vector<mcp::Tool> tools{vm_status_tool(), echo_tool()};
  for (mcp::Tool& tool : mcp::conformance_tools()) {
    if (tool.name != "test_tool_with_progress" && tool.name != "test_tool_with_logging" &&
        tool.name != "test_logging_tool") {
      tools.push_back(std::move(tool));
    }
  }
  return tools;
}

bool is_message(const json& m) {
  if (!m.is_object()) return false;
  const auto version = m.find("jsonrpc");
  return version != m.end() && version->is_string() && *version == "2.0";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  {
    // A small size cap lets short inputs reach the oversized-message path too.
    constexpr std::size_t kMaxMessageBytes = 4096;
    mcp::StdioTransport transport(in, out, kMaxMessageBytes);
    const auto outbox = std::make_shared<mcp::TransportOutbox>(transport);
    // A question to a legacy client is given up at once: nobody answers here.
    mcp::ServerCore core(server_info(),
                         {.max_concurrent_calls = 2,
                          .answer_timeout = std::chrono::milliseconds(1),
                          .warn = [](const std::string&) {}},
                         mcp::conformance_offerings());
    static const std::vector<mcp::Tool> kTools = all_tools();
    const mcp::ToolRegistry tools(kTools);
    mcp::Session session(core, tools);
    while (auto message = transport.receive()) session.handle(*message, outbox);
    session.close();
  }  // the core's workers are joined here: everything is written

  const std::string written = out.str();
  fuzz::check(written.empty() || written.back() == '\n', "the last line written is complete",
              written);
  std::istringstream lines(written);
  for (std::string line; std::getline(lines, line);) {
    const json m = json::parse(line, nullptr, /*allow_exceptions=*/false);
    bool ok = is_message(m);
    if (m.is_array() && !m.empty()) {  // a batch's responses
      ok = true;
      for (const auto& element : m) ok = ok && is_message(element);
    }
    fuzz::check(ok, "every line written is a JSON-RPC message", line);
  }
  return 0;
}
