// What a server offers besides tools: prompts, resources and completions of their arguments.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/request_error.h"
#include "mcp/tool.h"
#include "mcp/tool_registry.h"

namespace mcp {

// Values of one kind of argument ("node", "vmid", …) that start with `prefix`; `context` holds
// the arguments already chosen (a vmid's node). It may ask Proxmox through the client's own
// tools, so a scoped client is offered only what its tools would show it.
using Completer = std::function<std::vector<std::string>(
    const std::string& prefix, const std::map<std::string, std::string>& context, CallContext& ctx,
    const ToolRegistry& tools)>;

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  std::string completion;  // the Offerings::completers key of its values, or empty
};

// {"messages": [{"role": "user", "content": {...}}, …]} and optionally "description", from the
// prompt's arguments (required ones are present; all are strings). It runs like a tool call:
// it may ask the client for input (CallContext::ask_inputs).
using PromptRenderer = std::function<nlohmann::json(
    const std::map<std::string, std::string>& arguments, CallContext& ctx)>;

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::vector<std::string> tools;  // offered only to a client that has every one of these tools
  PromptRenderer render;
};

// The `contents` array of resources/read ({"uri", "mimeType", "text" | "blob"} each) for `uri`,
// whose template variables are `variables`.
using ResourceReader = std::function<nlohmann::json(
    const std::string& uri, const std::map<std::string, std::string>& variables, CallContext& ctx,
    const ToolRegistry& tools)>;

struct Resource {
  std::string uri;  // a URI, or a template whose {name} parts match one path segment each
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::vector<std::string> tools;                  // as Prompt::tools
  std::map<std::string, std::string> completions;  // template variable → completer key
  ResourceReader read;

  [[nodiscard]] bool is_template() const { return uri.find('{') != std::string::npos; }
};

struct Offerings {
  std::vector<Prompt> prompts;
  std::vector<Resource> resources;  // static ones and templates, in the order they are listed
  std::map<std::string, Completer> completers;
};

// Whether `tools` lists every tool `needed` names (basic mode's unlisted write tools only
// explain how to enable them).
bool offered_to(const std::vector<std::string>& needed, const ToolRegistry& tools);

// Matches `uri` against a template whose variables ({name}) each stand for one or more
// characters other than '/', '?' and '#'; the variables' values as written (node names and
// VMIDs need no escapes), or nullopt.
std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view uri_template,
                                                                     std::string_view uri);

}  // namespace mcp
