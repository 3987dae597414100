// Dry runs: a write tool's call made with real reads, its first change caught before it is sent
// and shown instead.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "pve/api.h"

namespace tools {

// The change a dry run stopped at. Not a std::exception: no handler takes it for a failure.
struct WouldSend {
  std::string method;
  std::string path;
  pve::Params params;
};

// Reads go to Proxmox; the first change throws WouldSend instead of being sent.
class DryRunApi : public pve::Api {
 public:
  explicit DryRunApi(pve::Api& real) : real_(real) {}
  nlohmann::json get(const std::string& path, const pve::Params& params = {}) override;
  nlohmann::json post(const std::string& path, const pve::Params& params = {}) override;
  nlohmann::json put(const std::string& path, const pve::Params& params = {}) override;
  nlohmann::json del(const std::string& path, const pve::Params& params = {}) override;
  nlohmann::json get_envelope(const std::string& path, const pve::Params& params = {}) override;
  std::optional<std::vector<pve::Row>> get_rows(const std::string& path, const pve::Params& params,
                                                pve::RowKeys keys) override;
  [[nodiscard]] std::string token_id() const override { return real_.token_id(); }
  // Stops there, as at any change.
  nlohmann::json change_outside(std::string_view method, const std::string& what,
                                const pve::Params& params,
                                const std::function<nlohmann::json()>& make) override;

  // The config last read at `path` (…/config), or null: the "before" of a config change.
  [[nodiscard]] nlohmann::json config_at(const std::string& path) const;

 private:
  pve::Api& real_;
  std::map<std::string, nlohmann::json> configs_;
};

// Whether the call asks for a dry run; ArgError when `dry_run` is given but not a boolean.
bool wants_dry_run(const nlohmann::json& args);

// The request as Markdown bullets: "Would Send" and its parameters.
std::string request_lines(const WouldSend& request);

// What `request` would do, as Markdown bullets: the request and, for a config change, each
// key's value before and after, `config_before` being the config as read (null when none):
// what a person is asked to confirm.
std::string impact_lines(const WouldSend& request, const nlohmann::json& config_before);

// The answer to a dry run that reached `request`: the request and, for a config change, each
// key's value before and after.
mcp::ToolResult dry_run_answer(const WouldSend& request, const DryRunApi& api);

// A write tool's outputSchema, which also admits a dry run's answer (dry_run, requests,
// changes): its fields are described but none is required.
nlohmann::json with_dry_run_output(nlohmann::json output);

}  // namespace tools
