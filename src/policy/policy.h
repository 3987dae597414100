// policy::Policy: which tools may run and be listed, basic vs elevated mode. No HTTP, no JSON-RPC.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/api_writes.h"
#include "policy/exec_allow.h"
#include "policy/scope.h"
#include "policy/tool_choice.h"

namespace policy {

enum class Mode { basic, elevated };

// What a tool does, as far as the policy cares. Read tools run in both modes (the Proxmox ACL
// on the token gates reads); tools that change anything need elevated mode.
enum class Access { read, write };

struct ToolMeta {
  std::string name;  // e.g. "proxmox_start_vm"
  Access access = Access::read;
  std::string privilege;     // optional: the Proxmox privilege it needs, e.g. "VM.PowerMgmt"
  std::string toolset = {};  // e.g. "lifecycle"
};

struct Settings {
  Mode mode = Mode::basic;
  bool list_all_tools = false;  // PROXMOX_LIST_ALL_TOOLS: show write tools in basic mode too
  // PROXMOX_API_ALLOW: API writes proxmox_api_call may send besides default_api_writes().
  std::vector<ApiPattern> api_writes = {};
  ToolChoice tools = {};  // PROXMOX_TOOLSETS, PROXMOX_TOOLS, PROXMOX_DISABLED_TOOLS
  Scope scope = {};       // PROXMOX_NODES, PROXMOX_VMIDS, PROXMOX_PROTECTED_VMIDS/_TAGS
  // PROXMOX_CONFIRM: a person confirms what cannot be undone. The server turns it on unless the
  // setting says off; off here, so that a policy built for a test confirms nothing it is not told.
  bool confirm = false;
  // PROXMOX_EXEC_ALLOW: the only commands a guest may be asked to run; nothing: any (a VM's
  // guest agent), none (a container over SSH, which needs the setting).
  std::optional<std::vector<ExecPattern>> exec_allow = std::nullopt;
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
  [[nodiscard]] const Scope& scope() const { return settings_.scope; }
  [[nodiscard]] bool confirms() const { return settings_.confirm; }

  // The server's tools, so that a generic API write is judged by the tools that send it and
  // the names the settings give can be checked.
  void know_tools(std::vector<ToolMeta> tools) { tools_ = std::move(tools); }

  // Is the tool enabled by the toolset settings (whatever the mode)?
  [[nodiscard]] bool enabled(const ToolMeta& tool) const;

  // May the tool run now?
  [[nodiscard]] bool allowed(const ToolMeta& tool) const;

  // Does the tool appear in tools/list? A tool that is not enabled never does; write tools are
  // hidden in basic mode unless list_all_tools is set, so a model is not offered tools it
  // cannot use.
  [[nodiscard]] bool listed(const ToolMeta& tool) const;

  // listed() for the known tool `name`; true when no tools are known.
  [[nodiscard]] bool lists(std::string_view name) const;

  // The answer for a tool that is not allowed: one line a person can act on.
  [[nodiscard]] std::string refusal(const ToolMeta& tool) const;

  // The first name in the toolset settings that is no known toolset or tool ("PROXMOX_TOOLS:
  // …"), or "" when all are known. Needs know_tools().
  [[nodiscard]] std::string choice_problem() const;

  // Why proxmox_api_call may not send `method` `path` (a percent-encoded concrete path) with
  // `params` (the names sent), or nothing when it may: a GET always may (the token's ACL
  // decides); a change needs elevated mode and a pattern that allows it.
  [[nodiscard]] std::optional<std::string> api_call_refusal(
      std::string_view method, std::string_view path, const std::vector<std::string>& params) const;

  // Why a guest may not run `argv`, or nothing when it may (see Settings::exec_allow).
  // `allow_all_unset`: whether no PROXMOX_EXEC_ALLOW means any command.
  [[nodiscard]] std::optional<std::string> exec_refusal(const std::vector<std::string>& argv,
                                                        bool allow_all_unset) const;

 private:
  // Why a call whose path default row `index` fits is refused: one of the row's tools is not
  // enabled, or the row stands for no tool.
  [[nodiscard]] std::optional<std::string> tools_refusal(const std::string& call,
                                                         size_t index) const;
  [[nodiscard]] const ToolMeta* known(std::string_view name) const;

  Settings settings_;
  std::vector<ToolMeta> tools_;
};

// "basic" or "elevated", for logs and texts.
const char* to_string(Mode mode);

}  // namespace policy
