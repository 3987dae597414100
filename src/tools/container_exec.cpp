// `pct exec` over SSH. The command runs under the node's `timeout`, so that it ends when its
// time is up even if the connection is gone; its words are quoted for the node's login shell,
// which splits them back as given, and pct passes them to the container without a shell.
#include "tools/container_exec.h"

#include "pve/error.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

extern const std::string_view kContainerShellMissing =
    "Container commands are not set up on this server: they run as `pct exec` on the "
    "container's node over SSH, which needs PROXMOX_SSH_KEY (a private key the nodes accept for "
    "root), PROXMOX_SSH_KNOWN_HOSTS (the nodes' host keys, e.g. a copy of /etc/pve/priv/"
    "known_hosts) and PROXMOX_EXEC_ALLOW (the commands allowed; see the README's \"Container "
    "commands\").";

namespace {

// Time the node's `timeout` gets to stop the command before this side gives up on it.
constexpr auto kGrace = std::chrono::seconds(10);
// Progress notifications at most this often: a chatty command must not flood the client.
constexpr auto kProgressEvery = std::chrono::milliseconds(250);

}  // namespace

ssh::Target node_target(pve::Api& api, const ContainerShell& shell, const std::string& node,
                        const json* cluster_status) {
  ssh::Target target{node, 22, shell.user};
  if (const auto it = shell.nodes.find(node); it != shell.nodes.end()) {
    target.host = it->second.first;
    target.port = it->second.second;
    return target;
  }
  const json status = cluster_status != nullptr ? *cluster_status : api.get("/cluster/status");
  if (status.is_array()) {
    for (const json& entry : status) {
      if (text_field(entry, "type") == "node" && text_field(entry, "name") == node &&
          !text_field(entry, "ip").empty()) {
        target.host = text_field(entry, "ip");
      }
    }
  }
  return target;
}

namespace {

// The command's output as progress notifications (its last line, now and then), and the
// request's cancellation as the signal to stop it.
class ProgressWatcher final : public ssh::Watcher {
 public:
  ProgressWatcher(mcp::CallContext& ctx, std::chrono::seconds timeout)
      : ctx_(ctx), timeout_(timeout), started_(Clock::now()) {}

  void output(bool is_stderr, std::string_view text) override {
    std::string_view line = text;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (const std::size_t cut = line.rfind('\n'); cut != std::string_view::npos) {
      line.remove_prefix(cut + 1);
    }
    const auto now = Clock::now();
    if (line.empty() || now - last_ < kProgressEvery) return;
    last_ = now;
    ctx_.progress(std::chrono::duration<double>(now - started_).count(),
                  static_cast<double>(timeout_.count()),
                  std::string(is_stderr ? "stderr: " : "stdout: ") +
                      md::one_line(std::string(line.substr(0, 200))));
  }
  bool stop() override { return ctx_.cancelled(); }

 private:
  mcp::CallContext& ctx_;
  std::chrono::seconds timeout_;
  Clock::time_point started_;
  Clock::time_point last_{};
};

// Why the command did not end by itself, if it did not.
std::string stopped_because(const ssh::Outcome& outcome, bool timed_out, std::int64_t timeout,
                            const ssh::Limits& limits) {
  if (outcome.cancelled) return "the request was cancelled";
  if (outcome.output_limit) {
    return "it wrote more than " +
           std::to_string(limits.max_output_bytes / (std::size_t{1024} * 1024)) +
           " MiB (the first " + std::to_string(limits.max_stream_bytes / 1024) +
           " KiB of each stream are kept)";
  }
  if (timed_out) return "it ran longer than timeout (" + std::to_string(timeout) + "s)";
  return "";
}

}  // namespace

mcp::ToolResult execute_lxc_command(const Call& call, const CommandArgs& args) {
  if (call.containers == nullptr) throw ArgError(std::string(kContainerShellMissing));
  const ContainerShell& shell = *call.containers;
  const GuestTarget ct = GuestTarget::of(args, call.guest);
  const std::vector<std::string> argv = program_words(args);
  if (args.timeout < 1) {
    throw ArgError(
        "Invalid argument 'timeout': a container's command is stopped when its time is up, so "
        "give it at least 1 second");
  }
  if (call.policy != nullptr) {
    if (std::optional<std::string> refusal = call.policy->exec_refusal(argv, false)) {
      throw Refusal(*refusal);
    }
  }
  // A command can change or destroy anything inside the container.
  refuse_if_protected(call.api, ct.node, ct.type, ct.vmid, "run a command inside it");

  const ssh::Target target = node_target(call.api, shell, ct.node);
  std::vector<std::string> remote = {"timeout", "--kill-after=5", std::to_string(args.timeout),
                                     "pct",     "exec",           std::to_string(ct.vmid),
                                     "--"};
  remote.insert(remote.end(), argv.begin(), argv.end());
  pve::Params shown_params;
  for (const std::string& word : argv) shown_params.emplace_back("argv", word);
  const std::string what = ssh::where(target) + " pct exec " + std::to_string(ct.vmid);

  const ssh::Limits limits{.connect_timeout = shell.connect_timeout,
                           .run_timeout = std::chrono::seconds(args.timeout) + kGrace};
  ProgressWatcher watcher(call.ctx, std::chrono::seconds(args.timeout));
  ssh::Outcome outcome;
  try {
    call.api.change_outside("SSH", what, shown_params, [&] {
      try {
        outcome = ssh::run(target, shell.credentials, ssh::shell_words(remote), limits, watcher);
      } catch (const ssh::Error& e) {
        pve::Error error(pve::ErrorKind::kTransport, 0, "", e.what());
        // The command may have run: the answer says so, and nobody runs it again blindly.
        error.set_outcome_unknown(e.ran());
        throw error;
      }
      json reply = json::object();
      if (outcome.exit_status) reply["exitcode"] = *outcome.exit_status;
      return reply;
    });
  } catch (const pve::Error& e) {
    // Recorded as such in the audit log. The usual advice (the task list) does not apply here.
    if (e.outcome_unknown()) {
      throw ArgError(std::string(e.what()) +
                     ": the command may have run in the container; check what it does there "
                     "before running it again");
    }
    throw;
  }

  // The node's `timeout` ends the command when its time is up: with 124 (TERM sufficed), 137 or
  // no exit status at all (KILL took `timeout` with it; sshd then reports the signal instead).
  const bool ended_by_node_timeout =
      !outcome.timed_out && !outcome.cancelled && !outcome.output_limit &&
      outcome.ran_for >= std::chrono::seconds(args.timeout) &&
      (!outcome.exit_status || outcome.exit_status == 124 || outcome.exit_status == 137);
  const bool timed_out = outcome.timed_out || ended_by_node_timeout;
  const std::string stopped = stopped_because(outcome, timed_out, args.timeout, limits);
  json status = {{"out-data", outcome.stdout_text},
                 {"err-data", outcome.stderr_text},
                 {"out-truncated", outcome.stdout_truncated},
                 {"err-truncated", outcome.stderr_truncated}};
  if (stopped.empty() && outcome.exit_status) status["exitcode"] = *outcome.exit_status;
  std::vector<Fact> facts{fact("CT ID", std::to_string(ct.vmid), "vmid", ct.vmid),
                          fact("Node", ct.node, "node", ct.node),
                          field("type", guest_type_name(ct.type)),
                          fact("Command", shown_command(args, argv), "argv", argv),
                          field("exited", stopped.empty()),
                          field("timed_out", timed_out),
                          field("cancelled", outcome.cancelled),
                          field("output_limit", outcome.output_limit)};
  if (!stopped.empty()) facts.push_back(shown("Stopped", "⏹️ " + stopped));
  const bool no_status = stopped.empty() && !outcome.exit_status;
  if (no_status) {
    facts.push_back(shown("Ended", "without an exit status (killed by a signal, most likely)"));
  }
  // Not a command that ran to its end: however little it wrote, it failed.
  return command_answer(ct, status, std::move(facts), no_status || !stopped.empty());
}

}  // namespace tools
