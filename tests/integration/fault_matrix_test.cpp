// The fault matrix: every tool of the elevated catalogue against every way a Proxmox server can
// fail or turn hostile. Each cell must come back in bounded time with a short, readable isError
// that names the cause and never holds the token secret, and the same client must serve a
// normal read afterwards. FAULT_MATRIX_VERBOSE=1 prints every cell's text (cut at 300 bytes;
// FAULT_MATRIX_FULL=1 shows it whole).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fault_matrix_tables.h"
#include "tools/container_exec.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- checks --------------------------------------------------------------------------------

constexpr std::size_t kMaxTextBytes = 4000;

// Valid UTF-8 without control characters other than newline and tab.
bool readable(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
      ++i;
      continue;
    }
    const std::size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
    if (extra == 0 || c > 0xF4 || i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string excerpt(const std::string& text) {
  static const std::size_t limit = std::getenv("FAULT_MATRIX_FULL") != nullptr ? 100000 : 300;
  std::size_t cut = std::min(limit, text.size());
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  std::string out = text.substr(0, cut);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = '?';
  }
  return out + (cut < text.size() ? "…[" + std::to_string(text.size()) + " bytes]" : "");
}

// A call that gives up its waits (task polling) at the cell's deadline.
class DeadlineContext : public mcp::CallContext {
 public:
  explicit DeadlineContext(Clock::time_point deadline) : deadline_(deadline) {}
  bool cancelled() const override { return Clock::now() >= deadline_; }
  void progress(double, std::optional<double>, const std::string&) override {}
  bool pause(milliseconds duration) override {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
    if (left.count() <= 0) return true;
    std::this_thread::sleep_for(std::min(duration, left));
    return Clock::now() >= deadline_;
  }

 private:
  Clock::time_point deadline_;
};

// A loopback port with no listener: connecting is refused at once.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t size = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  close(fd);
  return ntohs(addr.sin_port);
}

bool verbose() {
  const char* v = std::getenv("FAULT_MATRIX_VERBOSE");
  return v != nullptr && *v != '\0';
}

// A client and the elevated tools on it, as the server builds them.
struct Connection {
  std::unique_ptr<pve::Client> client;
  std::vector<mcp::Tool> tools;

  const mcp::Tool& tool(const std::string& name) const {
    for (const auto& t : tools) {
      if (t.name == name) return t;
    }
    throw std::logic_error("no tool " + name);
  }
};

// What one call gave.
struct Outcome {
  mcp::ToolResult result;
  milliseconds took{0};
  std::string exception;  // what the handler threw, if it did
};

Outcome invoke(const mcp::Tool& tool, const json& args, milliseconds deadline = kCellLimit) {
  Outcome out;
  const auto start = Clock::now();
  DeadlineContext ctx(start + deadline);
  try {
    out.result = tool.handler(args, ctx);
  } catch (const std::exception& e) {
    out.exception = e.what();
    out.result = mcp::ToolResult::error(e.what());
  }
  out.took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return out;
}

// ---- the matrix ----------------------------------------------------------------------------

class FaultMatrix : public WriteSimTest, public ::testing::WithParamInterface<FaultCase> {
 protected:
  void SetUp() override {
    WriteSimTest::SetUp();
    healthy_ = connect("127.0.0.1", sim_->port(), 3000);
  }

  Connection connect(const std::string& host, int port, long timeout_ms) {
    pve::ClientOptions o;
    o.host = host;
    o.port = port;
    o.user = sim_->token_user();
    o.token_name = sim_->token_name();
    o.token_secret = sim_->token_secret();
    o.fingerprint = sim_->fingerprint();
    o.connect_timeout_ms = 1000;
    o.timeout_ms = timeout_ms;
    Connection c;
    c.client = std::make_unique<pve::Client>(o);
    c.tools = tools::make_tools(*c.client, policy_);
    return c;
  }

  // The client under test, pointed as the fault says.
  Connection connect_for(const FaultCase& fault) {
    switch (fault.target) {
      case Target::kClosedPort:
        return connect("127.0.0.1", closed_port(), fault.timeout_ms);
      case Target::kUnresolvable:
        return connect("pve.invalid", sim_->port(), fault.timeout_ms);
      case Target::kSim:
        break;
    }
    return connect("127.0.0.1", sim_->port(), fault.timeout_ms);
  }

  // Back to the seed with no fault (pve3 offline as SimTest has it), plus what the tool needs.
  void prepare(const std::string& tool) {
    sim_->clear_faults();
    sim_->reset();
    sim_->set_node_offline("pve3", true);
    if (auto prep = preparations().find(tool); prep != preparations().end()) {
      const Preparation& p = prep->second;
      if (p.method == "PUT") healthy_.client->put(p.path, p.params);
      if (p.method == "POST") healthy_.client->post(p.path, p.params);
    }
  }

  json arguments_for(const std::string& tool) {
    json args = samples().at(tool);
    if (args.value("upid", "") == "$UPID") {
      const json tasks = healthy_.client->get("/nodes/pve1/tasks", {{"limit", "1"}});
      args["upid"] = tasks.at(0).at("upid").get<std::string>();
    }
    return args;
  }

  void set_fault(const FaultCase& fault, const json& args) {
    sim_->clear_requests();  // from here on, the requests are the cell's
    if (fault.spec.empty()) return;
    std::string spec = fault.spec;
    if (const auto at = spec.find("$NODE"); at != std::string::npos) {
      spec.replace(at, 5, args.value("node", "pve1"));
    }
    sim_->set_fault(spec);
  }

  // Whether the fault hit one of the requests the simulator recorded for the cell.
  bool touched(const FaultCase& fault) const {
    if (fault.touches == nullptr) return true;
    for (const auto& r : sim_->requests()) {
      if (fault.touches(r.method, r.path)) return true;
    }
    return false;
  }

  // What is wrong with a cell (empty: it passes).
  std::vector<std::string> judge(const mcp::Tool& tool, const FaultCase& fault, const Outcome& out,
                                 bool hit) const {
    std::vector<std::string> problems;
    const mcp::ToolResult& r = out.result;
    if (!out.exception.empty()) problems.push_back("the handler threw: " + excerpt(out.exception));
    const std::string secret = sim_->token_secret();
    const std::string all =
        r.text + "\n" + r.structured.dump(-1, ' ', false, json::error_handler_t::replace);
    if (all.find(secret) != std::string::npos) problems.push_back("the token secret appears");
    if (out.took > fault.cell_limit) {
      problems.push_back("took " + std::to_string(out.took.count()) + " ms (limit " +
                         std::to_string(fault.cell_limit.count()) + " ms)");
    }
    if (fault.name == "none") {
      const auto refusal = kBaselineRefusals.find(tool.name);
      if (refusal != kBaselineRefusals.end()) {
        if (!r.is_error || r.text.find(refusal->second) == std::string::npos) {
          problems.push_back("was to be refused with '" + refusal->second + "'");
        }
      } else if (r.is_error) {
        problems.push_back("fails without a fault");
      } else if (!tool.output_schema.is_null()) {
        if (auto problem = mcp::check_arguments(tool.output_schema, r.structured)) {
          problems.push_back("structured content off its schema: " + *problem);
        }
      }
    } else if (!r.is_error && hit) {
      const auto tolerated = std::find_if(kTolerated.begin(), kTolerated.end(), [&](const auto& t) {
        return t.fault == fault.name && t.tool == tool.name;
      });
      if (tolerated == kTolerated.end()) {
        problems.push_back("succeeded despite the fault");
      } else if (r.text.find(tolerated->must_say) == std::string::npos) {
        problems.push_back("tolerated the fault without saying '" + tolerated->must_say + "'");
      }
    }
    if (r.is_error && !fault.says.empty() && r.text.find(fault.says) == std::string::npos) {
      problems.push_back("the error does not say '" + fault.says + "'");
    }
    if (r.text.empty()) problems.push_back("empty text");
    if (fault.name != "none" && r.text.size() >= kMaxTextBytes) {
      problems.push_back(std::to_string(r.text.size()) + " bytes of text");
    }
    if (!readable(r.text)) problems.push_back("text is not readable UTF-8");
    return problems;
  }

  // The client that saw the fault serves a normal read once Proxmox is healthy again.
  static std::optional<std::string> serves_after(const Connection& c) {
    if (c.client == nullptr) return std::nullopt;
    const Outcome after = invoke(c.tool("proxmox_get_nodes"), json::object());
    if (!after.result.is_error) return std::nullopt;
    return "afterwards proxmox_get_nodes fails: " + excerpt(after.result.text);
  }

  // Every cell of the fault on one client (the one that must keep serving), one after the
  // other on a fresh seed; or, for faults that only make calls wait, all at once.
  std::map<std::string, std::vector<std::string>> run_all(const FaultCase& fault,
                                                          const std::vector<std::string>& names) {
    std::map<std::string, std::vector<std::string>> problems;
    std::map<std::string, Outcome> outcomes;
    std::map<std::string, bool> hits;
    Connection shared = connect_for(fault);
    if (fault.concurrent) {
      prepare("");
      std::map<std::string, json> args;
      for (const auto& name : names) {
        args[name] = arguments_for(name);
        outcomes[name];
        hits[name] = !kSchemaOnlyTools.contains(name);
      }
      set_fault(fault, json::object());
      // In batches: every call at once would make the TLS handshakes themselves outlast the
      // cell's short request timeout on two cores, which is not what the cell tests.
      constexpr size_t kBatch = 16;
      for (size_t first = 0; first < names.size(); first += kBatch) {
        std::vector<std::thread> threads;
        for (size_t i = first; i < std::min(names.size(), first + kBatch); ++i) {
          const std::string& name = names[i];
          threads.emplace_back([&slot = outcomes[name], &tool = shared.tool(name),
                                &a = args[name]] { slot = invoke(tool, a); });
        }
        for (auto& t : threads) t.join();
      }
      sim_->clear_faults();
      if (auto failed = serves_after(shared)) ADD_FAILURE() << fault.name << ": " << *failed;
    } else {
      for (const auto& name : names) {
        prepare(name);
        const json args = arguments_for(name);
        if (fault.fresh_client) shared = connect_for(fault);
        set_fault(fault, args);
        outcomes[name] = invoke(shared.tool(name), args);
        sim_->clear_faults();
        hits[name] = !kSchemaOnlyTools.contains(name) && touched(fault);
        if (kSchemaOnlyTools.contains(name) && !sim_->requests().empty()) {
          problems[name].push_back("sent a request, but answers from the schema alone");
        }
        if (fault.target == Target::kSim) {
          if (auto failed = serves_after(shared)) problems[name].push_back(*failed);
        }
      }
    }
    for (const auto& name : names) {
      auto judged = judge(healthy_.tool(name), fault, outcomes[name], hits[name]);
      problems[name].insert(problems[name].end(), judged.begin(), judged.end());
      if (!problems[name].empty()) {
        problems[name].push_back("text: " + excerpt(outcomes[name].result.text));
      }
      if (verbose()) {
        std::cout << "[" << fault.name << "] " << name << " (" << outcomes[name].took.count()
                  << " ms, " << (outcomes[name].result.is_error ? "error" : "ok")
                  << "): " << excerpt(outcomes[name].result.text) << "\n";
      }
    }
    return problems;
  }

  Connection healthy_;  // reads the simulator around the faults
};

TEST_P(FaultMatrix, EveryToolFailsClearlyAndTheClientKeepsServing) {
  const FaultCase& fault = GetParam();
  std::vector<std::string> names;
  for (const auto& tool : healthy_.tools) {
    // Its command goes to the node over SSH, which the simulator library does not serve:
    // tests/e2e/container-exec.test.mjs runs it against pve-sim's SSH nodes.
    if (tool.name == tools::kContainerCommandTool) continue;
    if (samples().contains(tool.name)) {
      names.push_back(tool.name);
    } else {
      ADD_FAILURE() << tool.name << " has no sample arguments in fault_matrix_test.cpp";
    }
  }
  for (const auto& [name, args] : samples()) {
    EXPECT_TRUE(std::find(names.begin(), names.end(), name) != names.end())
        << "sample arguments for " << name << ", which is no tool";
  }
  const auto problems = run_all(fault, names);
  for (const auto& name : names) {
    const auto& found = problems.at(name);
    const auto known =
        std::find_if(kKnownFailures.begin(), kKnownFailures.end(), [&](const auto& k) {
          return k.fault == fault.name &&
                 std::find(k.tools.begin(), k.tools.end(), name) != k.tools.end();
        });
    if (known != kKnownFailures.end()) {
      EXPECT_FALSE(found.empty()) << name << " under " << fault.name
                                  << " passes now: remove its known failure (" << known->defect
                                  << ")";
      // A known defect excuses what it describes, never a leak, a hang, a throw or a client
      // that stopped serving.
      for (const auto& p : found) {
        for (const char* fatal : {"the token secret", "took ", "the handler threw", "afterwards"}) {
          EXPECT_FALSE(p.starts_with(fatal)) << name << " under " << fault.name << ": " << p;
        }
      }
      continue;
    }
    std::string report;
    for (const auto& p : found) report += "\n  - " + p;
    EXPECT_TRUE(found.empty()) << name << " under " << fault.name << ":" << report;
  }
  // Neither the simulator nor its fault controls suffered.
  sim_->clear_faults();
  EXPECT_NO_THROW(healthy_.client->get("/nodes"));
}

INSTANTIATE_TEST_SUITE_P(All, FaultMatrix, ::testing::ValuesIn(kFaults),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace integration
