// Node reads: GET /nodes and GET /nodes/{node}/status.
#include <cstdio>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_views.h"

namespace pvesim {
namespace {

std::string fixed2(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string fixed3(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

}  // namespace

ApiResponse get_nodes(ClusterState& state, const ApiRequest& request) {
  Json out = Json::array();
  for (const auto& node : state.nodes) {
    Json entry = node_entry(state, node, can_audit_node(state, request.auth_id, node.name));
    entry["ssl_fingerprint"] = node.ssl_fingerprint;
    out.push_back(std::move(entry));
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_node_status(ClusterState& state, const ApiRequest& request) {
  const Node* node = state.find_node(param_string(request, "node").value_or(""));
  if (node == nullptr) return ApiResponse::error(500, "no such node\n");
  const std::int64_t used = state.node_mem_used(*node);
  const std::int64_t available = node->memory_total - used;
  const StoragePool* root = state.pool(node->name, "local");
  const std::int64_t root_total = root != nullptr ? root->total : 0;
  const std::int64_t root_used = root != nullptr ? state.pool_used(*root) : 0;
  Json out = {
      {"uptime", state.node_uptime(*node)},
      {"idle", 0},
      {"cpu", number(node->cpu)},
      {"wait", number(node->wait)},
      {"loadavg", {fixed2(node->loadavg[0]), fixed2(node->loadavg[1]), fixed2(node->loadavg[2])}},
      {"kversion", "Linux " + node->kernel_release + " " + node->kernel_version},
      {"cpuinfo",
       {{"model", node->cpu_model},
        {"sockets", node->sockets},
        {"cores", node->cores},
        {"cpus", node->cpus},
        {"mhz", fixed3(node->mhz)},
        {"hvm", "1"},
        {"user_hz", 100},
        // /proc/cpuinfo's flags line of an x86-64-v3 host (read_cpuinfo keeps it as text).
        {"flags",
         "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx "
         "fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good "
         "nopl cpuid pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave "
         "avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse "
         "3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext "
         "perfctr_llc mwaitx cpb hw_pstate ssbd ibpb vmmcall fsgsbase bmi1 avx2 smep bmi2 "
         "rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves"}}},
      {"memory",
       {{"total", node->memory_total},
        {"used", used},
        {"free", available * 7 / 10},  // the rest is page cache
        {"available", available}}},
      {"swap",
       {{"total", node->swap_total},
        {"used", node->swap_used},
        {"free", node->swap_total - node->swap_used}}},
      {"ksm", {{"shared", 0}}},
      {"rootfs",
       {{"total", root_total},
        {"used", root_used},
        {"free", root_total - root_used},
        {"avail", root_total - root_used}}},
      {"pveversion", "pve-manager/" + state.pve_version + "/" + state.pve_repoid},
      {"current-kernel",
       {{"sysname", "Linux"},
        {"release", node->kernel_release},
        {"version", node->kernel_version},
        {"machine", "x86_64"}}},
      {"boot-info",
       node->efi ? Json{{"mode", "efi"}, {"secureboot", 0}} : Json{{"mode", "legacy-bios"}}},
  };
  return ApiResponse::ok(std::move(out));
}

}  // namespace pvesim
