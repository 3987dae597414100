// policy::Policy: which tools may run and be listed, basic vs elevated mode. No HTTP, no JSON-RPC.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/api_writes.h"

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
  // PROXMOX_API_ALLOW: API writes proxmox_api_call may send besides default_api_writes().
  std::vector<ApiPattern> api_writes = {};
};

// The patterns of PROXMOX_API_ALLOW (separated by ',' or new lines), or the first problem
// ("pattern 'X': why").
struct ApiWritesParse {
  std::vector<ApiPattern> patterns;
  std::string problem;
};
ApiWritesParse parse_api_writes(std::string_view text);

class Policy {
 public:
  Policy() : Policy(Settings{}) {}
  explicit Policy(Settings settings);

  [[nodiscard]] Mode mode() const { return settings_.mode; }

  // May the tool run now?
  [[nodiscard]] bool allowed(const ToolMeta& tool) const;

  // Does the tool appear in tools/list? Write tools are hidden in basic mode unless
  // list_all_tools is set, so a model is not offered tools it cannot use.
  [[nodiscard]] bool listed(const ToolMeta& tool) const;

  // The answer for a tool that is not allowed: one line a person can act on.
  [[nodiscard]] std::string refusal(const ToolMeta& tool) const;

  // Why proxmox_api_call may not send `method` `path` (a percent-encoded concrete path) with
  // `params` (the names sent), or nothing when it may: a GET always may (the token's ACL
  // decides); a change needs elevated mode and a pattern that allows it.
  [[nodiscard]] std::optional<std::string> api_call_refusal(
      std::string_view method, std::string_view path,
      const std::vector<std::string>& params = {}) const;

 private:
  Settings settings_;
  std::vector<ApiPattern> default_api_writes_;
};

// "basic" or "elevated", for logs and texts.
const char* to_string(Mode mode);

}  // namespace policy
