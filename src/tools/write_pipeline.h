// The one sequence every write tool that sends a change runs, configured per tool: send the request
// (finding the task when its answer is lost), follow the task, read back what Proxmox holds until
// the guest's next start, and render the answer, a list of typed facts, once into Markdown and
// structuredContent.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "pve/api.h"
#include "tools/device_write.h"
#include "tools/guest_write.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/tool_row.h"

namespace tools {

// One fact of a write's answer: a Markdown bullet, a structuredContent field, or both, so the
// two never disagree.
struct Fact {
  std::string label;  // "New Cores"; empty: structuredContent only
  std::string text;   // "4 (was 2)", as shown after the label
  std::string key;    // "cores"; empty: Markdown only
  nlohmann::json value;
};
Fact shown(std::string label, std::string text);    // Markdown only
Fact field(std::string key, nlohmann::json value);  // structured only
Fact fact(std::string label, std::string text, std::string key, nlohmann::json value);  // both

// The heading and the facts, for an answer that follows no Proxmox task (a guest agent command,
// a change found already made): no task lines, no task fields.
mcp::ToolResult plain_answer(const std::string& heading, const std::vector<Fact>& facts);

// The facts of an answer that sent nothing because the guest is already as asked: a Result line,
// and the task fields the output schemas require, saying that no task ran.
std::vector<Fact> nothing_sent_facts();

// The "Pending" bullet render adds for a held-back config change; a handler that says what waits
// its own way (without `reports_pending`) places it among its facts.
Fact pending_fact(GuestType type);

// The guest's facts in the order the Node.js server printed them (VM ID, Type, Node), with the
// node, vmid and type fields.
std::vector<Fact> guest_facts(const GuestTarget& guest);

// What a write sends. Every member but `send` has a default, so a request written with
// designated initializers names only what it uses.
struct WriteRequest {
  std::string node;  // where the task runs, and where a lost answer's task is looked for
  std::int64_t vmid = 0;
  // The Proxmox task type (qmsnapshot, vzdump, …) by which start_task finds the task when the
  // answer is lost; empty for a synchronous request, which has no task to find.
  std::string task_type = {};
  std::function<nlohmann::json()> send;
  // A change of the guest's config (…/config, or the volume a move_disk or resize rewrites):
  // once it succeeded, GET …/pending tells which of `watched` Proxmox holds back until the
  // guest's next start.
  std::optional<GuestTarget> config_of = {};
  std::vector<std::string> watched = {};
  // Off: the config is read back for the answer, without the pending line and field; for a
  // change nothing of which waits (move_disk, resize) or whose handler says what waits its own
  // way (a removal's outcome).
  bool reports_pending = true;
  // Not a config change, but what it made is known only from the config (a new guest's
  // allocated volume, its generated MAC): read into `after` once the task succeeded.
  std::optional<GuestTarget> read_back = std::nullopt;
};

// A request for `guest` that starts a task of `task_type` (qmstart, vzdestroy, …) on its node.
WriteRequest task_request(const GuestTarget& guest, std::string task_type,
                          std::function<nlohmann::json()> send);

// The request that writes a guest's config: a VM's POST …/config runs as a task (qmconfig, so a
// hotplugged allocation does not hold the HTTP request open), a container's PUT is synchronous.
// `params` gets the digest of `config` so Proxmox refuses the change if someone else edited the
// config since it was read.
WriteRequest config_request(pve::Api& api, const GuestTarget& guest, pve::Params params,
                            const nlohmann::json& config, std::vector<std::string> watched);
// The same as one synchronous PUT for both guest types, for a change that allocates nothing (a
// network interface), which a VM applies within the request.
WriteRequest config_put(pve::Api& api, const GuestTarget& guest, pve::Params params,
                        const nlohmann::json& config, std::vector<std::string> watched);

struct WriteOutcome {
  FollowedTask task;
  std::optional<SettledConfig> after;  // read after success: config_of, else read_back
  // A watched key waits for the guest's next start (the heading says so); without
  // `reports_pending`, the handler sets it from its own reading of `after`.
  bool held_back = false;
  std::optional<GuestType> guest;  // whose next start (for the pending line)
};

WriteOutcome perform(const Call& call, const WriteRequest& request, const FollowOptions& follow);

// A write's answer before rendering.
struct WriteReport {
  OutcomeTitles titles;
  std::vector<Fact> facts;
  std::string tip = {};  // a line after a successful answer ("**Tip**: …\n")
  // When set, what the answer ends with instead of `tip` while the task is not known to be done
  // (not waited for, still running, cancelled): a warning about what it is about to do.
  std::optional<std::string> tip_unfinished = std::nullopt;
  // What the task itself produced (a backup's volume, read from its log): bullets after the
  // task lines.
  std::vector<Fact> produced = {};
  // The tip names what the task makes (a clone to start): shown only once the task succeeded,
  // not while it may still be running.
  bool tip_when_done = false;
  // Bullets after the pending line: what the change means once it applies ("its only network
  // interface").
  std::vector<Fact> after_pending = {};
};

// Heading by outcome, the facts as bullets, the pending line, after_pending, the task lines, the
// produced facts, the tip; all facts' fields plus the task's in structuredContent (and `pending`
// for a config change); isError when the task failed.
mcp::ToolResult render(const WriteReport& report, const WriteOutcome& outcome);

}  // namespace tools
