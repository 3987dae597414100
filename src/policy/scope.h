// policy::Scope: which nodes and guests a server acts on, and which guests no write may touch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policy {

// Guest IDs as "100-199,250": single IDs and inclusive ranges.
struct IdRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

struct IdRangesParse {
  std::vector<IdRange> ranges;
  std::string problem;  // "'x' is not a guest ID or a range of them (100-199)"
};
// Items separated by commas, blanks or new lines; IDs within Proxmox's 100–999999999.
IdRangesParse parse_id_ranges(std::string_view text);

// A guest's tags as Proxmox lists them ("db;prod"; also ',' or blank separated), in order, as
// written.
std::vector<std::string> guest_tags(std::string_view tags);
// Whether `tags` (as above) holds `tag`, compared without case, as Proxmox does by default.
bool has_tag(std::string_view tags, std::string_view tag);

// The four settings, as given. Empty lists: no limit (nodes, vmids) and nothing protected.
struct Scope {
  std::vector<std::string> nodes = {};           // PROXMOX_NODES
  std::vector<IdRange> vmids = {};               // PROXMOX_VMIDS
  std::vector<IdRange> protected_vmids = {};     // PROXMOX_PROTECTED_VMIDS
  std::vector<std::string> protected_tags = {};  // PROXMOX_PROTECTED_TAGS (lower case)

  [[nodiscard]] bool limits_nodes() const { return !nodes.empty(); }
  [[nodiscard]] bool limits_vmids() const { return !vmids.empty(); }
  [[nodiscard]] bool protects() const {
    return !protected_vmids.empty() || !protected_tags.empty();
  }
  [[nodiscard]] bool node_in(std::string_view node) const;
  [[nodiscard]] bool vmid_in(std::int64_t vmid) const;
  [[nodiscard]] bool protected_id(std::int64_t vmid) const;
  // The first protected tag among `tags` as Proxmox lists them ("db;prod", also ',' or ' '
  // separated; compared without case, as Proxmox does by default), or nothing.
  [[nodiscard]] std::optional<std::string> protected_tag(std::string_view tags) const;

  // "pve1, pve2" and "100-199, 250", for refusals.
  [[nodiscard]] std::string nodes_text() const;
  [[nodiscard]] std::string vmids_text() const;
};

struct ScopeParse {
  Scope scope;
  std::string problem;  // "PROXMOX_VMIDS: …"
};
// The four settings' texts (lists separated by commas, blanks or new lines).
ScopeParse parse_scope(std::string_view nodes, std::string_view vmids,
                       std::string_view protected_vmids, std::string_view protected_tags);

// A refusal's wording for a guest outside PROXMOX_VMIDS, a node outside PROXMOX_NODES, and a
// guest protected by this server's settings. `guest` is "VM 100", "CT 100" or "guest 100".
std::string outside_vmids(const Scope& scope, std::string_view guest);
std::string outside_nodes(const Scope& scope, std::string_view node);
std::string guest_protected(std::string_view guest, std::string_view why, std::string_view action);

}  // namespace policy
