// Synthetic RRD history of nodes and guests, as GET …/rrddata returns it: PVE 9's resolutions
// and data sources, with values derived from the seeded figures and the time alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cluster_state.h"

namespace pvesim {

// One timeframe of PVE::RRD::create_rrd_data: `count` rows of `step_s` seconds each.
struct RrdFrame {
  std::int64_t step_s = 60;
  int count = 60;
  bool max = false;  // cf MAX instead of AVERAGE
};

// hour, day, week, month, year, decade; nullopt for anything else.
std::optional<RrdFrame> rrd_frame(const std::string& timeframe, bool max);

// The rows of pve-node-9.0/<node> and pve-vm-9.0/<vmid> ending before now, oldest first.
Json node_rrd_rows(const ClusterState& state, const Node& node, const RrdFrame& frame);
Json guest_rrd_rows(const ClusterState& state, const Guest& guest, const RrdFrame& frame);

}  // namespace pvesim
