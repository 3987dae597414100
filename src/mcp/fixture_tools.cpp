#include "mcp/fixture_tools.h"

#include <string>

namespace mcp {
namespace {

using nlohmann::json;

Tool confirm_tool() {
  Tool t;
  t.name = "pmcp_test_confirm";
  t.title = "Test: ask the person";
  t.description = "Test fixture: asks the person to approve `message` and reports the answer.";
  t.input_schema = json::parse(R"({"type":"object","properties":{"message":{"type":"string"}},
      "required":["message"],"additionalProperties":false})");
  t.output_schema = json::parse(R"({"type":"object","properties":{"consent":{"type":"string",
      "enum":["accepted","declined","unavailable"]}},"required":["consent"]})");
  t.annotations = Annotations{.read_only = true, .idempotent = true};
  t.handler = [](const json& args, CallContext& ctx) {
    const std::string consent(to_string(ctx.ask(args.at("message").get<std::string>())));
    ToolResult r;
    r.text = consent;
    r.structured = json{{"consent", consent}};
    return r;
  };
  return t;
}

}  // namespace

std::vector<Tool> fixture_tools() {
  std::vector<Tool> tools{confirm_tool()};
  for (Tool& tool : conformance_tools()) tools.push_back(std::move(tool));
  return tools;
}

}  // namespace mcp
