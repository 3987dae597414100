#include "policy/policy.h"

namespace policy {

bool Policy::allowed(const ToolMeta& tool) const {
  return tool.access == Access::read || settings_.mode == Mode::elevated;
}

bool Policy::listed(const ToolMeta& tool) const {
  return allowed(tool) || settings_.list_all_tools;
}

std::string Policy::refusal(const ToolMeta& tool) const {
  std::string text = tool.name +
                     " requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true (or start the "
                     "server with --elevated) and restart it; the server is running in basic "
                     "mode, where only read tools are allowed.";
  if (!tool.privilege.empty()) {
    text += " The API token also needs " + tool.privilege + ".";
  }
  return text;
}

const char* to_string(Mode mode) {
  return mode == Mode::elevated ? "elevated" : "basic";
}

}  // namespace policy
