// policy::Policy: which tools may run and be listed, basic vs elevated mode. No HTTP, no JSON-RPC.
#pragma once

#include <string>

namespace policy {

enum class Mode { basic, elevated };

// What a tool does, as far as the policy cares. Read tools run in both modes (the Proxmox ACL
// on the token gates reads); tools that change anything need elevated mode.
enum class Access { read, write };

struct ToolMeta {
  std::string name;  // e.g. "proxmox_start_vm"
  Access access = Access::read;
  std::string privilege;  // optional: the Proxmox privilege it needs, e.g. "VM.PowerMgmt"
};

struct Settings {
  Mode mode = Mode::basic;
  bool list_all_tools = false;  // PROXMOX_LIST_ALL_TOOLS: show write tools in basic mode too
};

class Policy {
 public:
  Policy() = default;
  explicit Policy(Settings settings) : settings_(settings) {}

  [[nodiscard]] Mode mode() const { return settings_.mode; }

  // May the tool run now?
  [[nodiscard]] bool allowed(const ToolMeta& tool) const;

  // Does the tool appear in tools/list? Write tools are hidden in basic mode unless
  // list_all_tools is set, so a model is not offered tools it cannot use.
  [[nodiscard]] bool listed(const ToolMeta& tool) const;

  // The answer for a tool that is not allowed: one line a person can act on.
  [[nodiscard]] std::string refusal(const ToolMeta& tool) const;

 private:
  Settings settings_;
};

// "basic" or "elevated", for logs and texts.
const char* to_string(Mode mode);

}  // namespace policy
