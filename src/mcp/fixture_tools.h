// Tools that exist only for tests of the protocol layer with real clients: registered by the
// hidden --test-fixtures flag (not in --help), never in normal use.
#pragma once

#include <vector>

#include "mcp/offerings.h"
#include "mcp/tool.h"

namespace mcp {

// pmcp_test_confirm {message}: asks the person `message` (CallContext::ask) and answers with
// the consent it got, as text and as {"consent": "accepted" | "declined" | "unavailable"}.
std::vector<Tool> fixture_tools();

// The tools (test_simple_text, test_image_content, …), prompts and resources (test://…) the
// official MCP conformance suite's scenarios call, answering what they expect.
std::vector<Tool> conformance_tools();
Offerings conformance_offerings();

}  // namespace mcp
