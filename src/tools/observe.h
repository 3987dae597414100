// Observability reads: HA resources, firewall rule lists and RRD history summaries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

// Which rule list: the cluster's, a node's (node) or a guest's (node, vmid, type).
struct FirewallRulesArgs {
  std::string level = "cluster";
  std::optional<std::string> node;
  std::optional<std::int64_t> vmid;
  std::string type = "qemu";

  static auto fields() {
    return std::tuple{
        typed::field(&FirewallRulesArgs::level, "level")
            .or_default("cluster")
            .one_of({"cluster", "node", "guest"}),
        typed::node(&FirewallRulesArgs::node),
        typed::vmid(&FirewallRulesArgs::vmid),
        typed::field(&FirewallRulesArgs::type, "type")
            .or_default_unadvertised("qemu")
            .checked(typed::guest_type),
    };
  }
};

typed::Problem rrd_timeframe(const std::string& text);  // hour, day, week, month, year

// A node's history, or a guest's when vmid is given. Averages only: the consolidation function
// (cf MAX) is left out to keep the advertised schema small.
struct RrdDataArgs {
  std::string node;
  std::optional<std::int64_t> vmid;
  std::string type = "qemu";
  std::string timeframe = "day";

  static auto fields() {
    return std::tuple{
        typed::node(&RrdDataArgs::node),
        typed::vmid(&RrdDataArgs::vmid),
        typed::field(&RrdDataArgs::type, "type")
            .or_default_unadvertised("qemu")
            .checked(typed::guest_type),
        typed::field(&RrdDataArgs::timeframe, "timeframe")
            .about("hour|day|week|month|year")
            .or_default_unadvertised("day")
            .checked(rrd_timeframe),
    };
  }
};

mcp::ToolResult get_ha_resources(const Call& call, const NoArgs& args);
mcp::ToolResult get_firewall_rules(const Call& call, const FirewallRulesArgs& args);
mcp::ToolResult get_rrd_data(const Call& call, const RrdDataArgs& args);

extern const std::string_view kHaResourcesOutput;
extern const std::string_view kFirewallRulesOutput;
extern const std::string_view kRrdDataOutput;

}  // namespace tools
