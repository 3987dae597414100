#include "tools/write_pipeline.h"

#include <algorithm>

#include "tools/markdown.h"

namespace tools {
namespace {

void add_facts(const std::vector<Fact>& facts, std::string& text, nlohmann::json& structured) {
  for (const Fact& f : facts) {
    if (!f.label.empty()) text += md::bullet(f.label, f.text) + "\n";
    if (!f.key.empty()) structured[f.key] = f.value;
  }
}

}  // namespace

Fact shown(std::string label, std::string text) {
  return {std::move(label), std::move(text), {}, nullptr};
}

Fact field(std::string key, nlohmann::json value) {
  return {{}, {}, std::move(key), std::move(value)};
}

Fact fact(std::string label, std::string text, std::string key, nlohmann::json value) {
  return {std::move(label), std::move(text), std::move(key), std::move(value)};
}

std::vector<Fact> nothing_sent_facts() {
  return {shown("Result", "already as asked; nothing was sent to Proxmox"),
          field("pending", false),
          field("status", "unknown"),
          field("waited", false),
          field("timed_out", false),
          field("cancelled", false),
          field("succeeded", true)};
}

mcp::ToolResult plain_answer(const std::string& heading, const std::vector<Fact>& facts) {
  mcp::ToolResult r;
  r.text = heading + "\n\n";
  r.structured = nlohmann::json::object();
  add_facts(facts, r.text, r.structured);
  return r;
}

Fact pending_fact(GuestType type) {
  return shown("Pending", pending_note(type));
}

std::vector<Fact> guest_facts(const GuestTarget& guest) {
  return {fact("VM ID", std::to_string(guest.vmid), "vmid", guest.vmid),
          fact("Type", guest_type_label(guest.type), "type", guest_type_name(guest.type)),
          fact("Node", guest.node, "node", guest.node)};
}

WriteRequest task_request(const GuestTarget& guest, std::string task_type,
                          std::function<nlohmann::json()> send) {
  WriteRequest request;
  request.node = guest.node;
  request.vmid = guest.vmid;
  request.task_type = std::move(task_type);
  request.send = std::move(send);
  return request;
}

namespace {

// A config write as a qmconfig task (POST) or a synchronous PUT.
WriteRequest config_write_request(pve::Api& api, const GuestTarget& guest, pve::Params params,
                                  const nlohmann::json& config, std::vector<std::string> watched,
                                  bool as_task) {
  add_digest(params, config);
  WriteRequest request =
      task_request(guest, as_task ? "qmconfig" : "",
                   [&api, path = guest.path({"config"}), params = std::move(params), as_task] {
                     return as_task ? api.post(path, params) : api.put(path, params);
                   });
  request.config_of = guest;
  request.watched = std::move(watched);
  return request;
}

}  // namespace

WriteRequest config_request(pve::Api& api, const GuestTarget& guest, pve::Params params,
                            const nlohmann::json& config, std::vector<std::string> watched) {
  return config_write_request(api, guest, std::move(params), config, std::move(watched),
                              guest.type == GuestType::kQemu);
}

WriteRequest config_put(pve::Api& api, const GuestTarget& guest, pve::Params params,
                        const nlohmann::json& config, std::vector<std::string> watched) {
  return config_write_request(api, guest, std::move(params), config, std::move(watched), false);
}

WriteOutcome perform(const Call& call, const WriteRequest& request, const FollowOptions& follow) {
  const nlohmann::json answer =
      request.task_type.empty()
          ? request.send()
          : start_task(call.api, request.node, request.vmid, request.task_type, request.send);
  WriteOutcome outcome;
  outcome.task = follow_task(call.api, answer, request.node, follow, call.ctx);
  if (request.config_of) {
    if (request.reports_pending) outcome.guest = request.config_of->type;
    if (outcome_done(outcome.task)) {
      outcome.after = settled_config(call.api, *request.config_of);
      if (outcome.after) {
        outcome.held_back =
            std::any_of(request.watched.begin(), request.watched.end(),
                        [&](const std::string& key) { return outcome.after->waits(key); });
      }
    }
  } else if (request.read_back && outcome_done(outcome.task)) {
    outcome.after = settled_config(call.api, *request.read_back);
  }
  return outcome;
}

mcp::ToolResult render(const WriteReport& report, const WriteOutcome& outcome) {
  std::string text = outcome_heading(outcome.task, report.titles, outcome.held_back) + "\n\n";
  nlohmann::json structured = nlohmann::json::object();
  add_facts(report.facts, text, structured);
  if (outcome.guest) {
    if (outcome.held_back) add_facts({pending_fact(*outcome.guest)}, text, structured);
    structured["pending"] = outcome.held_back;
  }
  add_facts(report.after_pending, text, structured);
  mcp::ToolResult result = task_result(std::move(text), std::move(structured), outcome.task);
  add_facts(report.produced, result.text, result.structured);
  if (result.is_error) return result;
  const bool done = outcome_done(outcome.task);
  if (!done && report.tip_unfinished) {
    result.text += *report.tip_unfinished;
  } else if (done || !report.tip_when_done) {
    result.text += report.tip;
  }
  return result;
}

}  // namespace tools
