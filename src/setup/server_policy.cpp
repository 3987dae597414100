#include "setup/server_policy.h"

namespace setup {

policy::Settings policy_settings(const config::Config& config,
                                 std::vector<policy::ApiPattern> api_writes) {
  return policy::Settings{
      .mode = config.allow_elevated ? policy::Mode::elevated : policy::Mode::basic,
      .list_all_tools = config.list_all_tools,
      .api_writes = std::move(api_writes),
      .tools = {.toolsets = policy::parse_name_list(config.toolsets),
                .tools = policy::parse_name_list(config.tools),
                .disabled = policy::parse_name_list(config.disabled_tools)}};
}

}  // namespace setup
