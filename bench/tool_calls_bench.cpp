// Tool calls end to end (arguments → HTTPS → pve-sim → Markdown + structuredContent).
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "sim_cluster.h"

namespace {

// Every iteration must succeed, or the figure would time the error path.
void call_ok(bench::SimCluster& cluster, const std::string& tool, const nlohmann::json& args,
             benchmark::State& state) {
  mcp::ToolResult r = cluster.call(tool, args);
  if (r.is_error) state.SkipWithError((tool + ": " + r.text).c_str());
  benchmark::DoNotOptimize(r.text.data());
}

// get_vms over the large seed: one /cluster/resources answer of 10,000 guests, bounded output.
void BM_GetVmsLargeCluster(benchmark::State& state) {
  auto& cluster = bench::SimCluster::get("large");
  nlohmann::json args = {{"limit", state.range(0)}};
  for (auto _ : state) {
    call_ok(cluster, "proxmox_get_vms", args, state);
    cluster.sim().clear_requests();
  }
  state.SetLabel("10000 guests, 32 nodes, limit " + std::to_string(state.range(0)));
}
BENCHMARK(BM_GetVmsLargeCluster)->Arg(50)->Arg(1000)->Unit(benchmark::kMillisecond);

// The fallback when /cluster/resources fails: 2 requests per node (qemu, lxc), in parallel.
void BM_GetVmsPerNodeFallback(benchmark::State& state) {
  auto& cluster = bench::SimCluster::get("large");
  cluster.sim().set_fault("error:/cluster/resources");
  nlohmann::json args = {{"limit", 50}};
  for (auto _ : state) {
    call_ok(cluster, "proxmox_get_vms", args, state);
    cluster.sim().clear_requests();
  }
  cluster.sim().clear_faults();
  state.SetLabel("32 nodes, 64 per-node requests");
}
BENCHMARK(BM_GetVmsPerNodeFallback)->Unit(benchmark::kMillisecond);

// A single small read on a reused connection: the per-call floor.
void BM_GetVmStatus(benchmark::State& state) {
  auto& cluster = bench::SimCluster::get("small");
  nlohmann::json args = {{"node", "pve1"}, {"vmid", 100}};
  for (auto _ : state) {
    call_ok(cluster, "proxmox_get_vm_status", args, state);
    cluster.sim().clear_requests();
  }
}
BENCHMARK(BM_GetVmStatus)->Unit(benchmark::kMicrosecond);

void BM_GetNodes(benchmark::State& state) {
  auto& cluster = bench::SimCluster::get("large");
  for (auto _ : state) {
    call_ok(cluster, "proxmox_get_nodes", nlohmann::json::object(), state);
    cluster.sim().clear_requests();
  }
  state.SetLabel("32 nodes");
}
BENCHMARK(BM_GetNodes)->Unit(benchmark::kMicrosecond);

}  // namespace
