// What create_vm and create_lxc share: the new guest's id, storage checks, schema and answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"
#include "tools/guest_write.h"
#include "tools/handler.h"
#include "tools/task_follow.h"

namespace tools::create {

// The guest a create call makes: `vmid` as given, or the next free id Proxmox proposes
// (GET /cluster/nextid). That id is not reserved; if another creator takes it first, Proxmox
// refuses the create ("already exists") and nothing is overwritten.
struct NewGuest {
  GuestTarget target;
  bool vmid_from_nextid = false;
};
NewGuest new_guest(pve::Api& api, const nlohmann::json& args, GuestType type);

// A storage the new guest uses and the content type it must allow there.
struct StorageNeed {
  std::string_view argument;  // "storage", "iso", "ostemplate": named in the error
  std::string storage;
  std::string_view content;  // images, rootdir, iso, vztmpl
};
// Reads GET /nodes/{node}/storage once and throws ArgError when a storage is not on the node,
// is inactive or does not allow its content type, naming the storages that would do. When the
// list cannot be read (a token without Datastore.Audit), Proxmox's own check on create decides.
void check_storages(pve::Api& api, const std::string& node, const std::vector<StorageNeed>& needs);

// The input schema of a create tool: node (required), vmid (optional: next free id), memory,
// start, onboot, the tool's `properties`, wait and timeout.
nlohmann::json create_input_schema(GuestType type, const nlohmann::json& properties,
                                   std::vector<std::string> required, int default_timeout);

// The create request sent and its task followed; what Proxmox made, read back from the config
// once the task succeeded (the disk's volume, net0 with its generated MAC).
struct Created {
  FollowedTask task;
  std::string volume;               // of `disk_key`; empty when not known
  std::optional<std::string> net0;  // as stored; nullopt when not known
};
Created post_create(pve::Api& api, const GuestTarget& guest, const pve::Params& params,
                    std::string_view disk_key, const FollowOptions& follow, mcp::CallContext& ctx);

// The structuredContent fields both tools give: the guest, where its id came from, the disk's
// size and storage, the parameters sent (without `secret`) and what was read back.
nlohmann::json created_fields(const NewGuest& guest, const Created& created, const std::string& gib,
                              const std::string& storage, const pve::Params& params,
                              std::string_view secret = {});

// Parts of the answer: "• **VM ID**: 105 (the next free ID)\n"; the start and start-at-boot
// bullets when asked for.
std::string vmid_bullet(const NewGuest& guest);
std::string start_bullets(bool start, bool onboot);

// A create tool: gated like every write tool, needs VM.Allocate, neither destructive nor
// idempotent, follows its task.
mcp::Tool create_tool(const policy::Policy& policy, GuestType type, std::string name,
                      std::string title, std::string description, nlohmann::json input_schema,
                      std::string_view output_schema, ToolBody body);

// The create tools, one per file.
mcp::Tool create_vm_tool(pve::Api& api, const policy::Policy& policy);
mcp::Tool create_lxc_tool(pve::Api& api, const policy::Policy& policy);

}  // namespace tools::create
