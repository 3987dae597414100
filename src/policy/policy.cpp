#include "policy/policy.h"

#include <algorithm>

namespace policy {

namespace {

// In the table's order, so that an index names a pattern's tools; a pattern that does not
// parse (a test keeps them all parsing) matches nothing. Parsed once a process, when the first
// API call is judged: every policy shares them, and most sessions make no API call.
const std::vector<ApiPattern>& parsed_defaults() {
  static const std::vector<ApiPattern> patterns = [] {
    std::vector<ApiPattern> out;
    for (const DefaultApiWrite& write : default_api_writes()) {
      std::string why;
      out.push_back(ApiPattern::parse(write.pattern, why).value_or(ApiPattern{}));
    }
    return out;
  }();
  return patterns;
}

std::string joined(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : separator) + name;
  return out;
}

std::string_view trimmed(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

ApiWritesParse parse_api_writes(std::string_view text) {
  ApiWritesParse out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(",\n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = trimmed(text.substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;
    std::string why;
    std::optional<ApiPattern> pattern = ApiPattern::parse(item, why);
    if (!pattern) {
      out.problem = "pattern '" + std::string(item) + "': " + why;
      out.patterns.clear();
      return out;
    }
    out.patterns.push_back(std::move(*pattern));
  }
  return out;
}

Policy::Policy(Settings settings) : settings_(std::move(settings)) {}

bool Policy::enabled(const ToolMeta& tool) const {
  return settings_.tools.enables(tool.name, tool.toolset);
}

bool Policy::allowed(const ToolMeta& tool) const {
  return enabled(tool) && (tool.access == Access::read || settings_.mode == Mode::elevated);
}

bool Policy::listed(const ToolMeta& tool) const {
  return enabled(tool) && (tool.access == Access::read || settings_.mode == Mode::elevated ||
                           settings_.list_all_tools);
}

bool Policy::lists(std::string_view name) const {
  const ToolMeta* tool = known(name);
  return tools_.empty() || (tool != nullptr && listed(*tool));
}

std::string Policy::refusal(const ToolMeta& tool) const {
  if (settings_.tools.disables(tool.name, tool.toolset)) {
    return tool.name + " is disabled on this server: PROXMOX_DISABLED_TOOLS names " +
           (settings_.tools.disables(tool.name, "") ? std::string("it")
                                                    : "its toolset, " + tool.toolset) +
           ". Remove that and restart the server to use it.";
  }
  if (!enabled(tool)) {
    return tool.name + " is not enabled on this server: it is in the " + tool.toolset +
           " toolset. Add " + tool.toolset + " to PROXMOX_TOOLSETS (or " + tool.name +
           " to PROXMOX_TOOLS) and restart the server.";
  }
  std::string text = tool.name +
                     " requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true (or start the "
                     "server with --elevated) and restart it; the server is running in basic "
                     "mode, where only read tools are allowed.";
  if (!tool.privilege.empty()) {
    text += " The API token also needs " + tool.privilege + ".";
  }
  return text;
}

const ToolMeta* Policy::known(std::string_view name) const {
  auto it = std::find_if(tools_.begin(), tools_.end(),
                         [&](const ToolMeta& tool) { return tool.name == name; });
  return it == tools_.end() ? nullptr : &*it;
}

std::string Policy::choice_problem() const {
  if (tools_.empty()) return "";
  std::vector<std::string> toolsets;
  for (const ToolMeta& tool : tools_) {
    if (std::find(toolsets.begin(), toolsets.end(), tool.toolset) == toolsets.end()) {
      toolsets.push_back(tool.toolset);
    }
  }
  std::sort(toolsets.begin(), toolsets.end());
  const auto is_toolset = [&](const std::string& name) {
    return std::find(toolsets.begin(), toolsets.end(), name) != toolsets.end();
  };
  for (const std::string& name : settings_.tools.toolsets) {
    if (name != "all" && !is_toolset(name)) {
      return "PROXMOX_TOOLSETS: '" + name + "' is not a toolset (" + joined(toolsets, ", ") +
             ", or all)";
    }
  }
  for (const auto& [variable, names] :
       {std::pair{"PROXMOX_TOOLS", &settings_.tools.tools},
        std::pair{"PROXMOX_DISABLED_TOOLS", &settings_.tools.disabled}}) {
    for (const std::string& name : *names) {
      if (!is_toolset(name) && known(name) == nullptr) {
        return std::string(variable) + ": '" + name + "' is neither a tool nor a toolset";
      }
    }
  }
  return "";
}

std::optional<std::string> Policy::tools_refusal(const std::string& call, size_t index) const {
  const DefaultApiWrite& row = default_api_writes()[index];
  if (row.tools.empty()) {
    return call + " is never sent: it runs other API calls past this server's checks.";
  }
  for (std::string_view name : row.tools) {
    const ToolMeta* tool = known(name);
    if (tool == nullptr) {
      if (tools_.empty()) continue;  // no catalogue given: the patterns alone decide
      return call + " is refused: the server does not know " + std::string(name) +
             ", the tool it stands for.";
    }
    if (!enabled(*tool)) return call + " can do what " + tool->name + " does. " + refusal(*tool);
  }
  return std::nullopt;
}

std::optional<std::string> Policy::api_call_refusal(std::string_view method, std::string_view path,
                                                    const std::vector<std::string>& params) const {
  const std::string call = std::string(method) + " " + std::string(path);
  // Whatever the parameters and PROXMOX_API_ALLOW say, a request one of the tools sends needs
  // every tool that sends it (by that path) enabled: a tool turned off is not reached this way.
  const std::vector<ApiPattern>& defaults = parsed_defaults();
  for (size_t i = 0; i < defaults.size(); ++i) {
    if (!defaults[i].matches(method, path)) continue;
    if (std::optional<std::string> refused = tools_refusal(call, i)) return refused;
  }
  if (method == "GET") return std::nullopt;
  // The allow-list judges a command's words, which only the exec tool has in hand; writing a
  // file or a password into the guest would go around it as well.
  static const ApiPattern agent_exec = [] {
    std::string why;
    return *ApiPattern::parse("POST /nodes/*/qemu/*/agent/exec|file-write|set-user-password", why);
  }();
  if (settings_.exec_allow && agent_exec.matches(method, path)) {
    return call +
           " acts inside a VM through its guest agent, and PROXMOX_EXEC_ALLOW limits what may run "
           "there: run commands with proxmox_execute_vm_command, which checks them against it.";
  }
  if (settings_.mode != Mode::elevated) {
    return call +
           " changes the cluster: proxmox_api_call sends only GET in basic mode. Set "
           "PROXMOX_ALLOW_ELEVATED=true (or start the server with --elevated) and restart it.";
  }
  // A pattern whose path fits but not the parameters sent, to say which one.
  const ApiPattern* narrow = nullptr;
  std::string unfit;
  const auto consider = [&](const ApiPattern& p) {
    if (!p.matches(method, path)) return false;
    std::optional<std::string> unmet = p.unmet(params);
    if (!unmet) return true;
    if (narrow == nullptr) {
      narrow = &p;
      unfit = std::move(*unmet);
    }
    return false;
  };
  for (size_t i = 0; i < defaults.size(); ++i) {
    if (default_api_writes()[i].allows && consider(defaults[i])) return std::nullopt;
  }
  for (const ApiPattern& p : settings_.api_writes) {
    if (consider(p)) return std::nullopt;
  }
  if (narrow != nullptr) {
    const bool excluded = unfit.starts_with("with ");
    return call + " " + unfit + " is not among the API changes this server allows ('" +
           narrow->text() + "' " + (excluded ? "excludes" : "requires") +
           " it). To allow it, add '" + narrow->request_text() +
           "' to PROXMOX_API_ALLOW and restart the server.";
  }
  return call +
         " is not among the API changes this server allows (what its own write tools send, "
         "plus PROXMOX_API_ALLOW). To allow it, add a pattern such as '" +
         std::string(method) +
         " /cluster/ha/**' (* is one path segment, ** the rest) to PROXMOX_API_ALLOW and restart "
         "the server.";
}

std::optional<std::string> Policy::exec_refusal(const std::vector<std::string>& argv,
                                                bool allow_all_unset) const {
  if (!settings_.exec_allow) {
    if (allow_all_unset) return std::nullopt;
    return std::string(
        "No command may run in a container until PROXMOX_EXEC_ALLOW names the "
        "ones that may (e.g. 'systemctl status *, df -h', or '**' for any).");
  }
  if (exec_allowed(*settings_.exec_allow, argv)) return std::nullopt;
  std::string patterns;
  for (const ExecPattern& pattern : *settings_.exec_allow) {
    patterns += (patterns.empty() ? "'" : ", '") + pattern.text + "'";
  }
  return "This command is not among those PROXMOX_EXEC_ALLOW allows (" + patterns +
         "); nothing was run. To allow it, add a pattern for it and restart the server.";
}

const char* to_string(Mode mode) {
  return mode == Mode::elevated ? "elevated" : "basic";
}

}  // namespace policy
