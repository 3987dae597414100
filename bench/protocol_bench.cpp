// The protocol layer alone: JSON-RPC parsing, dispatch and serialisation over an in-memory stream.
#include <benchmark/benchmark.h>

#include <sstream>

#include "mcp/server.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "tools/catalog.h"

namespace {

// tools/list never contacts Proxmox, so a client aimed at a closed port serves the catalogue.
std::vector<mcp::Tool> catalogue(const policy::Policy& policy) {
  static pve::ClientOptions options = [] {
    pve::ClientOptions o;
    o.host = "127.0.0.1";
    o.port = 9;
    o.token_secret = "unused";
    o.insecure = true;
    return o;
  }();
  static pve::Client client(options);
  return tools::make_tools(client, policy);
}

std::string requests(const std::string& line, int count) {
  std::string input;
  for (int i = 1; i <= count; ++i) {
    std::string message = line;
    message.replace(message.find("ID"), 2, std::to_string(i));
    input += message + "\n";
  }
  return input;
}

void serve(benchmark::State& state, const policy::Policy& policy, const std::string& input) {
  mcp::ServerInfo info;
  info.version = "bench";
  std::vector<mcp::Tool> tools = catalogue(policy);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::istringstream in(input);
    std::ostringstream out;
    mcp::run_stdio(info, tools, in, out);
    bytes += out.str().size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_ToolsListElevated(benchmark::State& state) {
  policy::Settings settings;
  settings.mode = policy::Mode::elevated;
  policy::Policy policy(settings);
  serve(state, policy,
        requests(R"({"jsonrpc":"2.0","id":ID,"method":"tools/list"})", int(state.range(0))));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("every tool, per request");
}
BENCHMARK(BM_ToolsListElevated)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_Ping(benchmark::State& state) {
  policy::Policy policy;
  serve(state, policy,
        requests(R"({"jsonrpc":"2.0","id":ID,"method":"ping"})", int(state.range(0))));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Ping)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
