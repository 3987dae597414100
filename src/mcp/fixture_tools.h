// Tools that exist only for tests of the protocol layer with real clients: registered by the
// hidden --test-fixtures flag (not in --help), never in normal use.
#pragma once

#include <vector>

#include "mcp/tool.h"

namespace mcp {

// pmcp_test_confirm {message}: asks the person `message` (CallContext::ask) and answers with
// the consent it got, as text and as {"consent": "accepted" | "declined" | "unavailable"}.
std::vector<Tool> fixture_tools();

}  // namespace mcp
