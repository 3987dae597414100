#include "tools/handler.h"

#include <exception>

#include "pve/error.h"
#include "tools/args.h"
#include "tools/confirm_gate.h"

namespace tools {

mcp::ToolHandler guarded(ToolBody body) {
  return [body = std::move(body)](const nlohmann::json& args, mcp::CallContext& ctx) {
    try {
      return body(args, ctx);
    } catch (const Unconfirmed& unconfirmed) {
      return unconfirmed.answer;
    } catch (const ArgError& e) {
      return mcp::ToolResult::error(e.what());
    } catch (const pve::Error& e) {
      if (e.outcome_unknown()) {
        // An agent must not repeat a create or a delete that may have happened.
        return mcp::ToolResult::error(
            std::string(e.what()) +
            ": check with proxmox_list_tasks and the guest's current state before trying again");
      }
      return mcp::ToolResult::error(e.what());
    } catch (const nlohmann::json::exception& e) {
      return mcp::ToolResult::error(std::string("Unexpected response from Proxmox: ") + e.what());
    } catch (const std::exception& e) {
      return mcp::ToolResult::error(std::string("Internal error: ") + e.what());
    }
  };
}

}  // namespace tools
