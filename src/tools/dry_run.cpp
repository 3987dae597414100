#include "tools/dry_run.h"

#include <algorithm>

#include "apischema/named_formats.h"
#include "pve/encoding.h"
#include "tools/args.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"

namespace tools {

using nlohmann::json;

namespace {

// Parameters that say how to write a config, not what is in it.
bool about_the_write(const std::string& key) {
  return key == "digest" || key == "delete" || key == "skiplock" || key == "background_delay" ||
         key == "revert" || key == "force";
}

json value_or_null(const json& config, const std::string& key) {
  if (!config.is_object() || !config.contains(key)) return nullptr;
  const json& value = config[key];
  return value.is_string() ? value : json(value.dump());
}

json config_changes(const WouldSend& request, const json& before) {
  json changes = json::array();
  for (const auto& [key, value] : request.params) {
    if (about_the_write(key)) continue;
    changes.push_back({{"key", key}, {"before", value_or_null(before, key)}, {"after", value}});
  }
  for (const auto& [key, value] : request.params) {
    if (key != "delete") continue;
    for (const std::string& removed : apischema::split_pve_list(value)) {
      changes.push_back(
          {{"key", removed}, {"before", value_or_null(before, removed)}, {"after", nullptr}});
    }
  }
  return changes;
}

std::string value_text(const json& value) {
  return value.is_null() ? "(unset)" : "`" + md::one_line(value.get<std::string>()) + "`";
}

}  // namespace

json DryRunApi::get(const std::string& path, const pve::Params& params) {
  json answer = real_.get(path, params);
  if (path.ends_with("/config") && params.empty()) configs_[path] = answer;
  return answer;
}

json DryRunApi::post(const std::string& path, const pve::Params& params) {
  throw WouldSend{"POST", path, params};
}

json DryRunApi::change_outside(std::string_view method, const std::string& what,
                               const pve::Params& params, const std::function<json()>& /*make*/) {
  throw WouldSend{std::string(method), what, params};
}

json DryRunApi::put(const std::string& path, const pve::Params& params) {
  throw WouldSend{"PUT", path, params};
}

json DryRunApi::del(const std::string& path, const pve::Params& params) {
  throw WouldSend{"DELETE", path, params};
}

json DryRunApi::get_envelope(const std::string& path, const pve::Params& params) {
  return real_.get_envelope(path, params);
}

std::optional<std::vector<pve::Row>> DryRunApi::get_rows(const std::string& path,
                                                         const pve::Params& params,
                                                         pve::RowKeys keys) {
  return real_.get_rows(path, params, keys);
}

json DryRunApi::config_at(const std::string& path) const {
  auto it = configs_.find(path);
  return it == configs_.end() ? json() : it->second;
}

bool wants_dry_run(const json& args) {
  auto it = args.find("dry_run");
  if (it == args.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw ArgError("Invalid argument 'dry_run': must be a boolean.");
  return it->get<bool>();
}

std::string request_lines(const WouldSend& request) {
  std::string listed;
  for (const auto& [key, value] : request.params) {
    listed += (listed.empty() ? "" : ", ") + key + "=" + value;
  }
  return md::field("Would Send", "`" + request.method + " " + request.path + "`") + "\n" +
         md::field("Parameters", listed.empty() ? "none" : "`" + md::one_line(listed) + "`") + "\n";
}

namespace {

// For a config change: each key's value before and after, `before` being the config as read.
json changes_of(const WouldSend& request, const json& before) {
  if (!request.path.ends_with("/config") || request.method == "DELETE") return nullptr;
  return config_changes(request, before);
}

std::string change_lines(const WouldSend& request, const json& changes) {
  if (!changes.is_array() || changes.empty()) return {};
  const bool force = std::any_of(request.params.begin(), request.params.end(), [](const auto& p) {
    return p.first == "force" && (p.second == "1" || p.second == "true");
  });
  std::string text = "\nChanges:\n";
  for (const json& change : changes) {
    const std::string key = change["key"].get<std::string>();
    std::string after = change["after"].is_null() ? "(removed)" : value_text(change["after"]);
    // Proxmox destroys an unused volume taken out of the config, and with `force` a disk too;
    // a disk taken out without it is kept as an unusedN entry.
    if (change["after"].is_null() && !change["before"].is_null() &&
        (key.starts_with("unused") || (force && (devices::holds_volume(GuestType::kQemu, key) ||
                                                 devices::holds_volume(GuestType::kLxc, key))))) {
      after += ": Proxmox destroys its volume unless a snapshot still uses it";
    }
    text += md::field(key, value_text(change["before"]) + " → " + after) + "\n";
  }
  return text;
}

}  // namespace

std::string impact_lines(const WouldSend& request, const json& config_before) {
  return request_lines(request) + change_lines(request, changes_of(request, config_before));
}

mcp::ToolResult dry_run_answer(const WouldSend& request, const DryRunApi& api) {
  const json params = pve::params_json(request.params);
  json structured = {
      {"dry_run", true},
      {"requests",
       json::array({{{"method", request.method}, {"path", request.path}, {"params", params}}})}};
  const json before = api.config_at(request.path);
  if (json changes = changes_of(request, before); changes.is_array()) {
    structured["changes"] = std::move(changes);
  }
  std::string text = md::heading("🧪", "Dry Run: Nothing Sent") + "\n\n" +
                     impact_lines(request, before) +
                     "\nThis is the change the call sends; after it, it only reads (its task, the "
                     "result). Call again without dry_run to do it.\n";
  return {std::move(text), std::move(structured)};
}

json with_dry_run_output(json output) {
  if (!output.is_object()) return output;
  // A dry run answers with none of the tool's own fields, so none can be required; a union of
  // two shapes (anyOf) is what some clients reject.
  output.erase("required");
  output["properties"]["dry_run"] = {{"type", "boolean"}};
  output["properties"]["requests"] = {{"type", "array"}};
  output["properties"]["changes"] = {{"type", "array"}};
  return output;
}

}  // namespace tools
