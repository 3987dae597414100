// Finds the guest a call names by VMID or by name when it leaves out the node: the node, and
// the type for tools that serve both, from one GET /cluster/resources kept briefly.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/schema.h"
#include "policy/scope.h"
#include "pve/api.h"
#include "tools/args.h"

namespace tools {

// How a tool's guest is found when its call gives no node.
enum class GuestLookup {
  kNone,          // the tool does not name one existing guest (a listing, a create)
  kRowType,       // a _vm or _lxc tool: the guest must be of the row's type
  kTypeArgument,  // a tool for both types: `type`, when given, says which; found otherwise
};

// One guest as /cluster/resources lists it.
struct KnownGuest {
  std::int64_t vmid = 0;
  std::string name;
  std::string node;
  GuestType type = GuestType::kQemu;
};

// The cluster's guests, read at most once per `fresh_for` for reads; a write reads them anew,
// since a guest sent to the node it left is a failed call. Safe from any thread.
class GuestDirectory {
 public:
  static constexpr std::chrono::seconds kFreshFor{5};

  explicit GuestDirectory(pve::Api& api, std::chrono::milliseconds fresh_for = kFreshFor)
      : api_(api), fresh_for_(fresh_for) {}

  // The list, read now when `current` or when the one kept is older than fresh_for.
  std::shared_ptr<const std::vector<KnownGuest>> guests(bool current);
  // After a change through this server (a guest created, moved, renamed or deleted).
  void forget();
  pve::Api& api() { return api_; }

 private:
  pve::Api& api_;
  std::chrono::milliseconds fresh_for_;
  std::mutex mutex_;
  std::shared_ptr<const std::vector<KnownGuest>> kept_;
  std::chrono::steady_clock::time_point read_at_;
  std::uint64_t generation_ = 0;  // forget()s so far
};

// What the locator needs to know of the tool it serves.
struct LocatedTool {
  std::string_view name;  // for the error texts: "proxmox_start_vm"
  GuestLookup lookup = GuestLookup::kNone;
  GuestType type = GuestType::kQemu;   // the row's, for kRowType
  bool write = false;                  // reads the list anew
  bool vmid_may_be_new = false;        // a restore: an unknown VMID is a new guest, given a node
  const mcp::Schema* input = nullptr;  // its advertised inputSchema
  std::string_view sibling;            // the same tool for the other type, or empty

  // `name` names the guest where the tool advertises no `name` of its own.
  [[nodiscard]] bool name_is_locator() const {
    return input != nullptr && !(*input)["properties"].contains("name");
  }
};

// `args` with `node` (and `type`, and a numeric `vmid` for a name) filled in from the guest
// it names; nullopt when nothing needs filling (the node is given, or the tool names no
// guest). Names match exactly, or else without regard to case; a name outside `scope` matches
// nothing. Throws ArgError when no guest, or more than one, fits.
std::optional<nlohmann::json> locate_guest(GuestDirectory& directory, const LocatedTool& tool,
                                           const policy::Scope& scope, const nlohmann::json& args);

// The advertised inputSchema of a tool that finds its guest: `node` and `vmid` no longer
// required (the locator asks for a vmid or a name, which a call may also give as `name`).
nlohmann::json locating_schema(nlohmann::json schema);
// What such a tool's calls are checked against: the same, with a `vmid` of any type (a VMID
// still advertised as an integer, since strict clients check what a model sends against it,
// or a name); the locator checks it.
nlohmann::json accepting_schema(nlohmann::json schema);

}  // namespace tools
