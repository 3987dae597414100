#include "tools/guest_locator.h"

#include <algorithm>
#include <array>
#include <utility>

#include "policy/scope.h"
#include "pve/error.h"
#include "tools/common_args.h"
#include "tools/scope_guard.h"
#include "tools/values.h"

namespace tools {
namespace {

constexpr std::array<std::string_view, 4> kKeys = {"vmid", "name", "node", "type"};
enum LocatorColumn : std::size_t { kIdColumn, kNameColumn, kNodeColumn, kTypeColumn };
// An ambiguous name lists this many of its guests; a model needs a few to pick from.
constexpr std::size_t kListedCandidates = 10;

std::vector<KnownGuest> read_guests(pve::Api& api) {
  std::optional<std::vector<pve::Row>> rows =
      api.get_rows("/cluster/resources", {{"type", "vm"}}, kKeys);
  if (!rows) {
    throw pve::Error(pve::ErrorKind::kProtocol, 0, {},
                     "Proxmox answered GET /cluster/resources with something other than a list");
  }
  std::vector<KnownGuest> guests;
  guests.reserve(rows->size());
  for (const pve::Row& row : *rows) {
    const std::optional<std::int64_t> vmid = integer_value(row[kIdColumn]);
    const std::string type = text_value(row[kTypeColumn]);
    if (!vmid || (type != "qemu" && type != "lxc")) continue;
    guests.push_back({*vmid, text_value(row[kNameColumn]), text_value(row[kNodeColumn]),
                      type == "lxc" ? GuestType::kLxc : GuestType::kQemu});
  }
  return guests;
}

std::string label(const KnownGuest& guest) {
  return (is_container(guest.type) ? "CT " : "VM ") + std::to_string(guest.vmid) + " on " +
         guest.node;
}

std::string kind_plural(GuestType type) {
  return is_container(type) ? "containers" : "VMs";
}

// A name a guest could have; anything else is refused before it is echoed in an answer.
bool plausible_name(std::string_view name) {
  constexpr std::size_t kLongest = 255;  // a DNS name's limit, which guest names follow
  return name.size() <= kLongest && std::none_of(name.begin(), name.end(), [](char c) {
           const auto byte = static_cast<unsigned char>(c);
           return byte < 0x20 || byte == 0x7f;
         });
}

// What a call names: a VMID or a name, on a node when it gives one, of a type when it says.
struct Wanted {
  std::optional<std::int64_t> vmid;
  std::string name;
  std::string node;
  std::optional<GuestType> type;
};

std::optional<GuestType> type_argument(const nlohmann::json& args) {
  const std::string text = text_field(args, "type");
  if (text == "qemu") return GuestType::kQemu;
  if (text == "lxc") return GuestType::kLxc;
  return std::nullopt;  // absent, or a wrong value the tool's own parsing reports
}

std::string wanted_text(const Wanted& wanted) {
  return wanted.vmid ? "VMID " + std::to_string(*wanted.vmid) : "named '" + wanted.name + "'";
}

[[noreturn]] void wrong_type(const LocatedTool& tool, const KnownGuest& guest) {
  std::string text = label(guest) + " is a " + (is_container(guest.type) ? "container" : "VM") +
                     ", and " + std::string(tool.name) + " acts on " + kind_plural(tool.type);
  // A restore's other tool would need another archive, not this one.
  if (!tool.sibling.empty() && !tool.vmid_may_be_new) text += ": use " + std::string(tool.sibling);
  throw ArgError(text + ".");
}

[[noreturn]] void none_found(const LocatedTool& tool, const Wanted& wanted) {
  std::string where = wanted.node.empty() ? "" : " on node " + wanted.node;
  if (wanted.vmid && tool.vmid_may_be_new) {
    throw ArgError("No guest has VMID " + std::to_string(*wanted.vmid) +
                   ": give 'node', the node to create it on.");
  }
  throw ArgError(std::string("No guest ") + (wanted.vmid ? "has " : "is ") + wanted_text(wanted) +
                 where + " (proxmox_get_vms lists them).");
}

[[noreturn]] void ambiguous(const Wanted& wanted, const std::vector<const KnownGuest*>& found) {
  std::string text = std::to_string(found.size()) + " guests are " + wanted_text(wanted) + ": ";
  for (std::size_t i = 0; i < found.size() && i < kListedCandidates; ++i) {
    text += (i == 0 ? "" : ", ") + label(*found[i]);
  }
  if (found.size() > kListedCandidates) text += ", …";
  throw ArgError(text + ". Give the vmid of one.");
}

enum class Match { kExact, kIgnoringCase };

// The guests `wanted` names; with `scope`, only those this server acts on.
std::vector<const KnownGuest*> matches(const std::vector<KnownGuest>& guests, const Wanted& wanted,
                                       const policy::Scope* scope, Match match) {
  std::vector<const KnownGuest*> found;
  for (const KnownGuest& guest : guests) {
    if (wanted.vmid) {
      if (guest.vmid != *wanted.vmid) continue;
    } else if (match == Match::kIgnoringCase ? !same_without_case(guest.name, wanted.name)
                                             : guest.name != wanted.name) {
      continue;
    }
    if (!wanted.node.empty() && guest.node != wanted.node) continue;
    if (scope != nullptr && !wanted.vmid &&
        (!scope->vmid_in(guest.vmid) || !scope->node_in(guest.node))) {
      continue;
    }
    found.push_back(&guest);
  }
  return found;
}

// The guests a name or VMID names. A name confirms nothing about guests this server does not act
// on, and is matched without regard to case only when no guest at all has it exactly: "Prod"
// outside the scope must not make a call reach "prod" inside it. A VMID (already checked against
// PROXMOX_VMIDS) is found wherever it is, for the scope settings to judge its node.
std::vector<const KnownGuest*> candidates(const std::vector<KnownGuest>& guests,
                                          const Wanted& wanted, const policy::Scope& scope) {
  if (wanted.vmid) return matches(guests, wanted, nullptr, Match::kExact);
  if (!matches(guests, wanted, nullptr, Match::kExact).empty()) {
    return matches(guests, wanted, &scope, Match::kExact);
  }
  return matches(guests, wanted, &scope, Match::kIgnoringCase);
}

// A VMID the list does not have: none has it, or the token may not see it (no VM.Audit), which
// GET /cluster/nextid (open to every token) tells apart.
[[noreturn]] void not_listed(pve::Api& api, const LocatedTool& tool, const Wanted& wanted) {
  bool taken = false;
  try {
    taken = wanted.vmid && vmid_taken(api, *wanted.vmid);
  } catch (const pve::Error&) {
    // Proxmox could not tell: the list is all there is to go by.
  }
  if (taken) {
    throw ArgError("Guest " + std::to_string(*wanted.vmid) +
                   " exists, but Proxmox does not list it to this token (GET /cluster/resources; "
                   "VM.Audit): give 'node'.");
  }
  none_found(tool, wanted);
}

// The one guest `wanted` names; of the tool's type when a name fits guests of both.
const KnownGuest& chosen(pve::Api& api, const LocatedTool& tool,
                         const std::vector<KnownGuest>& guests, const Wanted& wanted,
                         const policy::Scope& scope) {
  std::vector<const KnownGuest*> found = candidates(guests, wanted, scope);
  if (found.empty()) not_listed(api, tool, wanted);
  if (found.size() > 1 && wanted.type) {
    std::vector<const KnownGuest*> typed;
    std::copy_if(found.begin(), found.end(), std::back_inserter(typed),
                 [&](const KnownGuest* g) { return g->type == *wanted.type; });
    if (!typed.empty()) found = std::move(typed);
  }
  if (found.size() > 1) ambiguous(wanted, found);
  const KnownGuest& guest = *found.front();
  if (wanted.type && guest.type != *wanted.type) {
    if (tool.lookup == GuestLookup::kRowType) wrong_type(tool, guest);
    throw ArgError(label(guest) + " is a " + (is_container(guest.type) ? "container" : "VM") +
                   ": give type " + guest_type_name(guest.type) + ", or leave type out.");
  }
  return guest;
}

}  // namespace

std::shared_ptr<const std::vector<KnownGuest>> GuestDirectory::guests(bool current) {
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (!current && kept_ && started - read_at_ < fresh_for_) return kept_;
    generation = generation_;
  }
  // Read outside the lock: a slow Proxmox must not hold up calls that have their list.
  auto read = std::make_shared<const std::vector<KnownGuest>>(read_guests(api_));
  std::lock_guard lock(mutex_);
  // Kept only if nothing changed since the read began and no later read is kept: a list read
  // while a migration ran must not come back after the migration's forget().
  if (generation == generation_ && (!kept_ || started > read_at_)) {
    kept_ = read;
    read_at_ = started;
  }
  return read;
}

void GuestDirectory::forget() {
  std::lock_guard lock(mutex_);
  kept_.reset();
  ++generation_;
}

std::optional<nlohmann::json> locate_guest(GuestDirectory& directory, const LocatedTool& tool,
                                           const policy::Scope& scope, const nlohmann::json& args) {
  if (tool.lookup == GuestLookup::kNone || !args.is_object()) return std::nullopt;
  Wanted wanted;
  wanted.node = text_field(args, "node");
  const auto given = args.find("vmid");
  const nlohmann::json* vmid = given != args.end() && !given->is_null() ? &*given : nullptr;
  std::string_view named_by = "vmid";
  if (vmid == nullptr) {
    const auto name = args.find("name");
    if (!tool.name_is_locator() || name == args.end() || !name->is_string()) {
      throw ArgError("Invalid argument 'vmid': is required (a VMID, or the guest's name)");
    }
    wanted.name = name->get<std::string>();
    named_by = "name";
  } else {
    // A VMID as a number or as digits; any other text is a name.
    wanted.vmid = args::integer_value(*vmid);
    if (!wanted.vmid && vmid->is_string()) wanted.name = vmid->get<std::string>();
  }
  if (wanted.vmid) {
    if (typed::Problem problem = typed::vmid_number(*wanted.vmid)) {
      throw ArgError("Invalid argument 'vmid': " + *problem);
    }
  } else if (wanted.name.empty() || !plausible_name(wanted.name)) {
    throw ArgError("Invalid argument '" + std::string(named_by) +
                   "': must be a VMID or a guest's name (at most 255 characters, none of them "
                   "control characters)");
  }
  if (wanted.name.empty() && !wanted.node.empty()) {
    // Given both node and VMID, the call goes out as the reference server sent it: no lookup.
    if (vmid->is_number_integer()) return std::nullopt;
    nlohmann::json as_number = args;
    as_number["vmid"] = *wanted.vmid;
    return as_number;
  }
  // Refused before anything is read: whether such a guest exists, where and what it is, is not
  // for a caller of this server to learn.
  if (wanted.vmid && !scope.vmid_in(*wanted.vmid)) {
    throw Refusal(policy::outside_vmids(scope, "Guest " + std::to_string(*wanted.vmid)));
  }
  wanted.type =
      tool.lookup == GuestLookup::kRowType ? std::optional(tool.type) : type_argument(args);

  std::shared_ptr<const std::vector<KnownGuest>> guests;
  try {
    guests = directory.guests(tool.write);
  } catch (const pve::Error& e) {
    throw ArgError("Could not find the node of the guest " + wanted_text(wanted) +
                   " (GET /cluster/resources): " + e.what() + ". Give 'node' and a numeric vmid.");
  }
  const KnownGuest& guest = chosen(directory.api(), tool, *guests, wanted, scope);
  nlohmann::json located = args;
  located["node"] = guest.node;
  located["vmid"] = guest.vmid;
  if (tool.lookup == GuestLookup::kTypeArgument && text_field(args, "type").empty()) {
    located["type"] = guest_type_name(guest.type);
  }
  if (!wanted.name.empty() && tool.name_is_locator()) located.erase("name");
  return located;
}

nlohmann::json accepting_schema(nlohmann::json schema) {
  schema = locating_schema(std::move(schema));
  if (auto vmid = schema["properties"].find("vmid"); vmid != schema["properties"].end()) {
    vmid->erase("type");
  }
  return schema;
}

nlohmann::json locating_schema(nlohmann::json schema) {
  if (auto required = schema.find("required"); required != schema.end()) {
    nlohmann::json kept = nlohmann::json::array();
    for (const nlohmann::json& name : *required) {
      // Neither is required of a model: a call may name its guest by `name` instead.
      if (name != "node" && name != "vmid") kept.push_back(name);
    }
    if (kept.empty()) {
      schema.erase(required);
    } else {
      *required = std::move(kept);
    }
  }
  return schema;
}

}  // namespace tools
