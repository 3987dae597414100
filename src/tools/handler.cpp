#include "tools/handler.h"

#include <exception>

#include "pve/error.h"
#include "tools/args.h"

namespace tools {

mcp::ToolHandler guarded(ToolBody body) {
  return [body = std::move(body)](const nlohmann::json& args, mcp::CallContext& ctx) {
    try {
      return body(args, ctx);
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

nlohmann::json schema(std::string_view json_text) {
  return nlohmann::json::parse(json_text);
}

nlohmann::json node_property(std::string_view description) {
  return {{"type", "string"},
          {"description", description},
          {"pattern", "^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"}};
}

nlohmann::json vmid_property(std::string_view description) {
  // One type: the MCP layer turns "100" into 100 (accept_arguments), so clients that reject
  // union types still get what the Node.js server took.
  return {
      {"type", "integer"}, {"description", description}, {"minimum", 100}, {"maximum", 999999999}};
}

nlohmann::json storage_property(std::string_view description, std::string_view fallback) {
  nlohmann::json p = {{"type", "string"},
                      {"description", description},
                      {"pattern", "^[a-zA-Z][a-zA-Z0-9._-]*[a-zA-Z0-9]$"}};
  if (!fallback.empty()) p["default"] = fallback;
  return p;
}

nlohmann::json enum_values(std::span<const std::string_view> values) {
  nlohmann::json list = nlohmann::json::array();
  for (auto v : values) list.push_back(v);
  return list;
}

nlohmann::json object_schema(nlohmann::json properties, std::vector<std::string> required) {
  nlohmann::json s = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = std::move(required);
  return s;
}

}  // namespace tools
