// The fault matrix's tables: sample arguments per tool, the faults, what is tolerated.
#pragma once

#include <chrono>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/api.h"

namespace integration {

using std::chrono::milliseconds;

inline constexpr milliseconds kCellLimit(10'000);

// Valid arguments per tool against the small seed; "$UPID" stands for a finished task on pve1.
const std::map<std::string, nlohmann::json>& samples();

// What a cell needs beyond the seed, sent before the fault is set.
struct Preparation {
  std::string method;
  std::string path;
  pve::Params params;
};
const std::map<std::string, Preparation>& preparations();

// Tools the small seed cannot satisfy, with the refusal their baseline must show.
extern const std::map<std::string, std::string> kBaselineRefusals;

// Tools that never contact Proxmox (they read the embedded API schema).
extern const std::set<std::string> kSchemaOnlyTools;

// Where the client points: the simulator, a port nobody listens on, or a name that never
// resolves (.invalid is reserved for that, RFC 2606).
enum class Target { kSim, kClosedPort, kUnresolvable };

struct FaultCase {
  std::string name;    // the test name's suffix
  std::string spec{};  // the simulator fault ("" for none); $NODE: the node the tool works on
  // What every error text under this fault says: the cause, in the client's words.
  std::string says{};
  Target target = Target::kSim;
  long timeout_ms = 3000;  // the client's limit per request
  // How long a call may take. A hang ends at the latest here: the calls' waits for Proxmox
  // tasks give up at this deadline.
  milliseconds cell_limit = kCellLimit;
  // A new client for every cell: the cert fault acts on the TLS handshake, which a kept-alive
  // connection from the cell before would skip.
  bool fresh_client = false;
  // The fault only makes calls wait, so their outcome does not depend on the state: the cells
  // run at once, on one client, instead of one after the other.
  bool concurrent = false;
  // For a fault that hits only some requests: whether it hits this one. A cell whose requests
  // it never hit is not held to failing.
  bool (*touches)(const std::string& method, const std::string& path) = nullptr;
};

// gtest names the parameter in failure messages.
void PrintTo(const FaultCase& fault, std::ostream* out);

extern const std::vector<FaultCase> kFaults;

struct Tolerance {
  std::string fault;
  std::string tool;
  std::string must_say;  // what the text must carry
};
extern const std::vector<Tolerance> kTolerated;

struct KnownFailure {
  std::string fault;
  std::vector<std::string> tools;
  std::string defect;
};
extern const std::vector<KnownFailure> kKnownFailures;

}  // namespace integration
