// RRD reads: GET /nodes/{node}/rrddata (pve-manager PVE::API2::Nodes rrddata) and
// /nodes/{node}/{qemu,lxc}/{vmid}/rrddata (qemu-server and pve-container rrddata), all through
// PVE::RRD::create_rrd_data. The file is named by the vmid alone, so any node answers for a
// guest; a vmid without history fails as RRDs::fetch does.
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_rrd.h"

namespace pvesim {
namespace {

ApiResponse missing_file(const std::string& rrd_name) {
  return ApiResponse::error(500, "RRD error: opening '/var/lib/rrdcached/db/" + rrd_name +
                                     "': No such file or directory\n");
}

// The schema's enum has already been checked; this only guards a request built by hand.
std::optional<RrdFrame> requested_frame(const ApiRequest& request) {
  return rrd_frame(param_string(request, "timeframe").value_or(""),
                   param_string(request, "cf").value_or("AVERAGE") == "MAX");
}

ApiResponse bad_timeframe(const ApiRequest& request) {
  return param_error("timeframe", "value '" + param_string(request, "timeframe").value_or("") +
                                      "' does not have a value in the enumeration");
}

ApiResponse guest_rrddata(const ClusterState& state, const ApiRequest& request) {
  const auto vmid = param_int(request, "vmid").value_or(0);
  auto it = state.guests.find(static_cast<int>(vmid));
  const std::string rrd_name = "pve-vm-9.0/" + std::to_string(vmid);
  if (it == state.guests.end()) return missing_file(rrd_name);
  const auto frame = requested_frame(request);
  if (!frame) return bad_timeframe(request);
  return ApiResponse::ok(guest_rrd_rows(state, it->second, *frame));
}

}  // namespace

ApiResponse get_node_rrddata(ClusterState& state, const ApiRequest& request) {
  const std::string name = param_string(request, "node").value_or("");
  const Node* node = state.find_node(name);
  if (node == nullptr) return missing_file("pve-node-9.0/" + name);
  const auto frame = requested_frame(request);
  if (!frame) return bad_timeframe(request);
  return ApiResponse::ok(node_rrd_rows(state, *node, *frame));
}

ApiResponse get_qemu_rrddata(ClusterState& state, const ApiRequest& request) {
  return guest_rrddata(state, request);
}

ApiResponse get_lxc_rrddata(ClusterState& state, const ApiRequest& request) {
  return guest_rrddata(state, request);
}

}  // namespace pvesim
