#include "policy/policy.h"

#include <algorithm>

namespace policy {

namespace {

std::vector<ApiPattern> parsed_defaults() {
  std::vector<ApiPattern> patterns;
  for (std::string_view text : default_api_writes()) {
    std::string why;
    if (auto pattern = ApiPattern::parse(text, why)) patterns.push_back(std::move(*pattern));
  }
  return patterns;
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

Policy::Policy(Settings settings)
    : settings_(std::move(settings)), default_api_writes_(parsed_defaults()) {}

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

std::optional<std::string> Policy::api_call_refusal(std::string_view method, std::string_view path,
                                                    const std::vector<std::string>& params) const {
  if (method == "GET") return std::nullopt;
  const std::string call = std::string(method) + " " + std::string(path);
  if (settings_.mode != Mode::elevated) {
    return call +
           " changes the cluster: proxmox_api_call sends only GET in basic mode. Set "
           "PROXMOX_ALLOW_ELEVATED=true (or start the server with --elevated) and restart it.";
  }
  // A pattern whose path fits but that excludes a parameter sent, to say which one.
  const ApiPattern* narrow = nullptr;
  std::string parameter;
  for (const auto* patterns : {&default_api_writes_, &settings_.api_writes}) {
    for (const ApiPattern& p : *patterns) {
      if (!p.matches(method, path)) continue;
      std::optional<std::string> excluded = p.excluded(params);
      if (!excluded) return std::nullopt;
      if (narrow == nullptr) {
        narrow = &p;
        parameter = std::move(*excluded);
      }
    }
  }
  if (narrow != nullptr) {
    return call + " with '" + parameter + "' is not among the API changes this server allows ('" +
           narrow->text() + "' excludes it). To allow it, add '" + narrow->request_text() +
           "' to PROXMOX_API_ALLOW and restart the server.";
  }
  return call +
         " is not among the API changes this server allows (what its own write tools send, "
         "plus PROXMOX_API_ALLOW). To allow it, add a pattern such as '" +
         std::string(method) +
         " /cluster/ha/**' (* is one path segment, ** the rest) to PROXMOX_API_ALLOW and restart "
         "the server.";
}

const char* to_string(Mode mode) {
  return mode == Mode::elevated ? "elevated" : "basic";
}

}  // namespace policy
