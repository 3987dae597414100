// The pieces a call goes through, without a network: argument validation, the Markdown of a
// 10,000-guest listing, property strings, the tool catalogue. (JSON-RPC dispatch: BM_Ping in
// protocol_bench.cpp.)
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/argument_validator.h"
#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"
#include "pve/property_string.h"
#include "pve/response.h"
#include "pve/rows.h"
#include "sim_cluster.h"
#include "tools/catalog.h"
#include "tools/catalog_rows.h"

namespace {

using nlohmann::json;

// A cluster of `guests` guests on 32 nodes as /cluster/resources lists them, kept as the text
// Proxmox sends, so that a listing reads it as the client does; every other request answers an
// empty list.
class ListedGuests : public pve::Api {
 public:
  explicit ListedGuests(int guests) {
    resources_ = json::array();
    for (int i = 0; i < 32; ++i) {
      resources_.push_back({{"id", "node/pve" + std::to_string(i + 1)},
                            {"type", "node"},
                            {"node", "pve" + std::to_string(i + 1)},
                            {"status", "online"}});
    }
    for (int i = 0; i < guests; ++i) {
      const bool vm = i % 3 != 0;
      const int vmid = 100 + i;
      resources_.push_back({{"id", std::string(vm ? "qemu/" : "lxc/") + std::to_string(vmid)},
                            {"type", vm ? "qemu" : "lxc"},
                            {"vmid", vmid},
                            {"name", "guest-" + std::to_string(vmid)},
                            {"node", "pve" + std::to_string(i % 32 + 1)},
                            {"status", i % 5 == 0 ? "stopped" : "running"},
                            {"cpu", 0.0125 * (i % 80)},
                            {"maxcpu", 4},
                            {"mem", 1073741824LL + 1048576LL * (i % 900)},
                            {"maxmem", 4294967296LL},
                            {"disk", 0},
                            {"maxdisk", 34359738368LL},
                            {"uptime", 86400 + i},
                            {"tags", i % 7 == 0 ? "web;prod" : ""}});
    }
    text_ = json{{"data", resources_}}.dump();
  }
  json get(const std::string& path, const pve::Params&) override {
    return path.find("/cluster/resources") != std::string::npos ? resources_ : json::array();
  }
  std::optional<std::vector<pve::Row>> get_rows(const std::string& path, const pve::Params& params,
                                                pve::RowKeys keys) override {
    if (path.find("/cluster/resources") == std::string::npos)
      return Api::get_rows(path, params, keys);
    return pve::read_rows(text_, keys, pve::kMaxJsonDepth).rows;
  }
  json post(const std::string&, const pve::Params&) override { return nullptr; }
  json put(const std::string&, const pve::Params&) override { return nullptr; }
  json del(const std::string&, const pve::Params&) override { return nullptr; }

 private:
  json resources_;
  std::string text_;
};

const mcp::Tool& tool_named(const std::vector<mcp::Tool>& tools, const std::string& name) {
  for (const mcp::Tool& tool : tools) {
    if (tool.name == name) return tool;
  }
  throw std::logic_error("no tool " + name);
}

// What tools/call checks before proxmox_create_vm runs: conversions and the whole schema.
void BM_ArgumentValidation(benchmark::State& state) {
  ListedGuests api(0);
  policy::Settings settings;
  settings.mode = policy::Mode::elevated;
  const policy::Policy policy(settings);
  const std::vector<mcp::Tool> tools = tools::make_tools(api, policy);
  const mcp::Tool& create = tool_named(tools, "proxmox_create_vm");
  const json args = {{"node", "pve1"},     {"vmid", "205"},    {"name", "web-205"},
                     {"cores", 4},         {"memory", "4096"}, {"storage", "local-lvm"},
                     {"disk_size", "32G"}, {"ostype", "l26"},  {"net0", "virtio,bridge=vmbr0"}};
  for (auto _ : state) {
    json sent = args;
    const std::optional<std::string> problem = mcp::accept_arguments(create.input_schema, sent);
    if (problem) state.SkipWithError(problem->c_str());
    benchmark::DoNotOptimize(sent);
  }
}
BENCHMARK(BM_ArgumentValidation)->Unit(benchmark::kMicrosecond);

// proxmox_get_vms over the text of 10,000 guests (what HTTPS delivers): reading it, selection,
// sorting, Markdown and structuredContent for a page of `limit` guests.
void BM_GuestListMarkdown(benchmark::State& state) {
  ListedGuests api(10'000);
  const policy::Policy policy;
  const std::vector<mcp::Tool> tools = tools::make_tools(api, policy);
  const mcp::Tool& get_vms = tool_named(tools, "proxmox_get_vms");
  const json args = {{"limit", state.range(0)}};
  bench::QuietContext ctx;
  std::size_t bytes = 0;
  for (auto _ : state) {
    const mcp::ToolResult result = get_vms.handler(args, ctx);
    if (result.is_error) state.SkipWithError(result.text.c_str());
    bytes += result.text.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetLabel("10000 guests, limit " + std::to_string(state.range(0)));
}
BENCHMARK(BM_GuestListMarkdown)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// A NIC's property string read, changed and written back, as the network tools do.
void BM_PropertyString(benchmark::State& state) {
  const std::string net0 = "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=10,mtu=1500";
  for (auto _ : state) {
    pve::PropertyString nic = pve::PropertyString::parse(net0, "model");
    nic.set("tag", "20");
    nic.erase("mtu");
    benchmark::DoNotOptimize(nic.format());
  }
}
BENCHMARK(BM_PropertyString)->Unit(benchmark::kMicrosecond);

// What a server builds before it can answer tools/list: the catalogue's rows, then the tools of
// one policy (handlers). Schemas are built when first read: tools/list sends the entries
// serialized at build time (src/listing), so a start builds none.
void BM_CatalogueRows(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        tools::concat({tools::read_rows, tools::guest_rows, tools::data_rows, tools::device_rows}));
  }
}
BENCHMARK(BM_CatalogueRows)->Unit(benchmark::kMicrosecond);

// Every tool's inputSchema and outputSchema built: what a start cost when it built them all.
void BM_CatalogueSchemas(benchmark::State& state) {
  for (auto _ : state) {
    const std::vector<tools::Row> rows =
        tools::concat({tools::read_rows, tools::guest_rows, tools::data_rows, tools::device_rows});
    for (const tools::Row& row : rows) {
      benchmark::DoNotOptimize(row.input.get());
      benchmark::DoNotOptimize(row.output.get());
    }
  }
}
BENCHMARK(BM_CatalogueSchemas)->Unit(benchmark::kMicrosecond);

void BM_CatalogueTools(benchmark::State& state) {
  ListedGuests api(0);
  const policy::Policy policy;
  tools::make_tools(api, policy);  // the rows, built once a process
  for (auto _ : state) benchmark::DoNotOptimize(tools::make_tools(api, policy));
}
BENCHMARK(BM_CatalogueTools)->Unit(benchmark::kMicrosecond);

}  // namespace
