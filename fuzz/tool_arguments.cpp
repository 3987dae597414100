// Argument validation against the real tools' schemas. The input's first line names a tool of
// tools::make_tools (any other first line still picks one, by its bytes), the rest is the
// `arguments` JSON a client sends. Only the schemas are used;
// no handler runs, and the client behind the tools is never contacted.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "mcp/argument_validator.h"
#include "mcp/jsonrpc.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "pve/text.h"
#include "tools/catalog.h"

namespace {

using nlohmann::json;

const std::vector<mcp::Tool>& all_tools() {
  static pve::Client client([] {
    pve::ClientOptions options;
    options.host = "127.0.0.1";
    options.port = 1;  // never contacted: no handler runs
    options.token_secret = "00000000-0000-0000-0000-000000000000";
    return options;
  }());
  // Elevated, so that the write tools' schemas are the ones in use.
  static const policy::Policy policy(policy::Settings{policy::Mode::elevated, true});
  static const std::vector<mcp::Tool> tools = tools::make_tools(client, policy);
  return tools;
}

void check_no_throw(const json& schema, const json& value, bool structured) {
  try {
    const auto problem = structured ? mcp::check_structured_content(schema, value)
                                    : mcp::check_arguments(schema, value);
    fuzz::check(!problem || !problem->empty(), "a problem is never an empty text");
  } catch (const std::exception& e) {
    fuzz::fail("check_arguments / check_structured_content return, they do not throw", e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& tools = all_tools();
  if (tools.empty()) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string name = input.substr(0, newline);
  const std::string text = newline == std::string::npos ? "" : input.substr(newline + 1);
  const mcp::Tool* tool = &tools[std::hash<std::string>{}(name) % tools.size()];
  for (const auto& candidate : tools) {
    if (candidate.name == name) tool = &candidate;
  }
  // What reaches the validator went through jsonrpc::parse, which refuses deeper nesting.
  if (pve::json_depth(text, mcp::jsonrpc::kMaxNestingDepth) > mcp::jsonrpc::kMaxNestingDepth) {
    return 0;
  }
  const json args = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) return 0;
  // The session answers non-object arguments itself; only objects reach the validator.
  if (args.is_object()) check_no_throw(tool->input_schema, args, false);
  // What a handler builds from Proxmox's data is checked against the outputSchema the same way.
  if (tool->output_schema.is_object()) check_no_throw(tool->output_schema, args, true);
  return 0;
}
