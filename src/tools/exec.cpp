// proxmox_execute_vm_command: run a program in a VM through the QEMU guest agent and collect
// its result; for containers, say honestly that Proxmox has no API for it.
#include "tools/exec.h"

#include <algorithm>
#include <chrono>

#include "pve/error.h"
#include "tools/command_line.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Both exec tools answer in this shape: a container's command has no pid, a VM's is never
// stopped for its output.
extern const std::string_view kExecOutput = R"({
  "type": "object",
  "properties": {
    "argv": {"type": "array", "items": {"type": "string"}},
    "pid": {"type": "integer", "description": "the guest agent's process id"},
    "exited": {"type": "boolean"},
    "exit_code": {"type": "integer"},
    "signal": {"type": "integer", "description": "the signal that ended the process"},
    "stdout": {"type": "string"}, "stderr": {"type": "string"},
    "stdout_truncated": {"type": "boolean"}, "stderr_truncated": {"type": "boolean"},
    "timed_out": {"type": "boolean"}, "cancelled": {"type": "boolean"},
    "output_limit": {"type": "boolean", "description": "stopped: more output than is kept"}
  },
  "required": ["argv", "exited", "timed_out", "cancelled"]
})";

namespace typed {

Problem runnable_argv(const std::vector<std::string>& words) {
  if (words.empty() || words.front().empty()) return "names no program to run";
  for (const auto& word : words) {
    if (word.find('\0') != std::string::npos) {
      return "must not contain NUL characters (a program argument cannot hold them)";
    }
  }
  return std::nullopt;
}

// The string form looks like a shell command line, but the agent starts the program itself:
// `a | b` would run `a` with the arguments "|" and "b" and report success.
Problem runnable_command(const std::string& text) {
  CommandLine line = split_command_line(text);
  if (!line.malformed.empty()) return line.malformed;
  if (!line.shell_syntax.empty()) {
    const std::string what =
        line.shell_syntax == "\n" ? "a line break between commands" : "`" + line.shell_syntax + "`";
    return "contains " + what +
           ", which only a shell understands, and no shell runs here: the guest agent starts "
           "the program directly and would pass it on as a plain argument. For pipes, "
           "redirections, variables or several commands, run a shell explicitly: argv [\"sh\", "
           "\"-c\", \"<command line>\"] (or command \"sh -c '<command line>'\"). To pass such "
           "characters to the program as they are, quote them or give the words as the array "
           "argv.";
  }
  return runnable_argv(line.words);
}

}  // namespace typed

namespace {

// Output kept per stream; the agent itself caps what it buffers (out-truncated).
constexpr std::size_t kMaxStreamBytes = std::size_t{64} * 1024;
constexpr auto kFirstPollInterval = std::chrono::milliseconds(100);
constexpr auto kMaxPollInterval = std::chrono::milliseconds(1000);

std::string lxc_refusal(const std::string& node, std::int64_t vmid) {
  const std::string id = std::to_string(vmid);
  return "Cannot run a command in CT " + id +
         ": Proxmox VE has no API for running commands in a container (`pct exec` is a "
         "command-line tool on the node, not part of the REST API). Instead, run it over SSH "
         "on node " +
         node + ": `ssh root@" + node + " pct exec " + id +
         " -- <command>`, or connect to an SSH server inside the container.";
}

// A paused VM's agent cannot answer its ping, so PVE says the agent is not running (as it
// does when none is installed); the VM's qmpstatus tells the two apart.
bool is_paused(pve::Api& api, const GuestTarget& vm) {
  try {
    return text_field(api.get(vm.path({"status", "current"})), "qmpstatus") == "paused";
  } catch (const pve::Error&) {
    return false;
  }
}

// PVE's agent errors, with what to do about them.
[[noreturn]] void rethrow_with_hint(const pve::Error& e, pve::Api& api, const GuestTarget& vm) {
  const std::string& msg = e.pve_message();
  const std::string id = std::to_string(vm.vmid);
  if (msg.find("guest agent is not running") != std::string::npos && is_paused(api, vm)) {
    throw ArgError("VM " + id +
                   " is paused, so its guest agent cannot answer. Resume it "
                   "(proxmox_resume_vm), then run the command again.");
  }
  std::string hint;
  if (msg.find("No QEMU guest agent configured") != std::string::npos) {
    hint = "enable the agent (Options → QEMU Guest Agent, or `qm set " + id +
           " --agent 1`), install qemu-guest-agent in the VM and restart it";
  } else if (msg.find("guest agent is not running") != std::string::npos) {
    hint = "install and start qemu-guest-agent inside the VM";
  } else if (msg.find("is not running") != std::string::npos) {
    hint = "start the VM first (proxmox_start_vm)";
  }
  if (hint.empty()) throw e;
  throw ArgError(std::string(e.what()) + " — " + hint);
}

// At most kMaxStreamBytes, cut on a UTF-8 character boundary.
std::string clip(const std::string& text, bool& clipped) {
  clipped = text.size() > kMaxStreamBytes;
  if (!clipped) return text;
  std::size_t cut = kMaxStreamBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

struct ExecOutcome {
  json status;  // the last exec-status answer
  bool exited = false;
  bool timed_out = false;
  bool cancelled = false;
};

ExecOutcome poll(pve::Api& api, const GuestTarget& vm, std::int64_t pid,
                 std::chrono::seconds timeout, mcp::CallContext& ctx) {
  ExecOutcome outcome;
  const auto start = Clock::now();
  auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstPollInterval);
  const std::string path = vm.path({"agent", "exec-status"});
  while (true) {
    outcome.status = api.get(path, {{"pid", std::to_string(pid)}});
    if (flag_field(outcome.status, "exited")) {
      outcome.exited = true;
      return outcome;
    }
    auto elapsed = Clock::now() - start;
    double elapsed_s = std::chrono::duration<double>(elapsed).count();
    ctx.progress(elapsed_s, static_cast<double>(timeout.count()),
                 "command running in the guest (pid " + std::to_string(pid) + ")");
    if (elapsed >= timeout) {
      outcome.timed_out = true;
      return outcome;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - elapsed);
    if (ctx.pause(std::min(interval, left + std::chrono::milliseconds(1)))) {
      outcome.cancelled = true;
      return outcome;
    }
    interval = std::min(interval * 2,
                        std::chrono::duration_cast<std::chrono::milliseconds>(kMaxPollInterval));
  }
}

// Not finished in time (or the request was cancelled): not a failure, the command goes on.
mcp::ToolResult still_running(const GuestTarget& vm, std::int64_t pid, const ExecOutcome& outcome,
                              std::chrono::seconds timeout, std::vector<Fact> facts) {
  const std::string later = "the command goes on in the guest; its result stays readable at GET " +
                            vm.path({"agent", "exec-status"}) + "?pid=" + std::to_string(pid) +
                            " until it has been read once after the command ended";
  facts.push_back(shown(
      "Result", outcome.cancelled
                    ? "⏹️ stopped waiting because the request was cancelled — " + later
                    : "⏳ not finished after " + std::to_string(timeout.count()) + "s — " + later));
  return plain_answer(md::heading("⏳", "Command Still Running on " + vm.label()), facts);
}

// One output stream as a field and, when not empty, a code block after the bullets.
struct Stream {
  std::string text;
  bool truncated = false;
};
Stream stream(const json& status, const std::string& data_key, const std::string& truncated_key) {
  bool clipped = false;
  Stream s;
  s.text = clip(text_field(status, data_key), clipped);
  s.truncated = clipped || flag_field(status, truncated_key);
  return s;
}
std::string block(std::string_view title, const Stream& s) {
  if (s.text.empty()) return "";
  return "\n**" + std::string(title) + "**" + (s.truncated ? " (truncated)" : "") + ":\n" +
         md::code_block(s.text);
}

}  // namespace

std::string shown_command(const CommandArgs& args, const std::vector<std::string>& argv) {
  if (args.command) return md::one_line(*args.command);
  std::string joined;
  for (const auto& word : argv) joined += (joined.empty() ? "" : " ") + word;
  return md::one_line(joined);
}

// A command that exits non-zero or dies of a signal failed at what it was asked to do; the
// caller gets isError with the output that says why.
mcp::ToolResult command_answer(const GuestTarget& vm, const json& status, std::vector<Fact> facts,
                               bool stopped) {
  const Stream out = stream(status, "out-data", "out-truncated");
  const Stream err = stream(status, "err-data", "err-truncated");
  const std::optional<std::int64_t> exit_code = integer_field(status, "exitcode");
  const std::optional<std::int64_t> signal = integer_field(status, "signal");
  if (exit_code) {
    facts.push_back(fact("Exit Code", std::to_string(*exit_code), "exit_code", *exit_code));
  }
  if (signal) facts.push_back(fact("Signal", std::to_string(*signal), "signal", *signal));
  facts.insert(facts.end(), {field("stdout", out.text), field("stderr", err.text),
                             field("stdout_truncated", out.truncated),
                             field("stderr_truncated", err.truncated)});

  const bool failed = stopped || exit_code.value_or(0) != 0 || signal.has_value();
  mcp::ToolResult r = plain_answer(failed ? md::heading("❌", "Command Failed on " + vm.label())
                                          : md::heading("💻", "Command Executed on " + vm.label()),
                                   facts);
  r.text += block("Output", out) + block("Errors", err);
  if (out.text.empty() && err.text.empty()) r.text += "\nNo output.\n";
  r.is_error = failed;
  return r;
}

std::vector<std::string> program_words(const CommandArgs& args) {
  if (args.command && args.argv) {
    throw ArgError("Invalid argument 'argv': give either command or argv, not both");
  }
  if (args.argv) {
    if (auto problem = typed::runnable_argv(*args.argv)) {
      throw ArgError("Invalid argument 'argv': " + *problem);
    }
    return *args.argv;
  }
  if (!args.command) {
    throw ArgError(
        "Invalid argument 'command': is required (or give the program and its arguments as the "
        "array argv)");
  }
  if (auto problem = typed::runnable_command(*args.command)) {
    throw ArgError("Invalid argument 'command': " + *problem);
  }
  return split_command_line(*args.command).words;
}

mcp::ToolResult execute_vm_command(const Call& call, const ExecArgs& args) {
  pve::Api& api = call.api;
  if (args.type == "lxc") {
    throw ArgError(call.containers != nullptr
                       ? "CT " + std::to_string(args.vmid) +
                             " is a container: run the command with proxmox_execute_lxc_command."
                       : lxc_refusal(args.node, args.vmid));
  }
  const GuestTarget vm = GuestTarget::of(args, call.guest);
  const std::vector<std::string> argv = program_words(args);
  if (call.policy != nullptr) {
    if (std::optional<std::string> refusal = call.policy->exec_refusal(argv, true)) {
      throw Refusal(*refusal);
    }
  }
  const auto timeout = std::chrono::seconds(args.timeout);
  // A command can change or destroy anything inside the guest.
  refuse_if_protected(api, vm.node, vm.type, vm.vmid, "run a command inside it");

  pve::Params params;
  for (const auto& word : argv) params.emplace_back("command", word);
  json started;
  try {
    started = api.post(vm.path({"agent", "exec"}), params);
  } catch (const pve::Error& e) {
    rethrow_with_hint(e, api, vm);
  }
  std::optional<std::int64_t> pid = integer_field(started, "pid");
  if (!pid) throw ArgError("Unexpected response from Proxmox: agent/exec answered without a pid");

  ExecOutcome outcome = poll(api, vm, *pid, timeout, call.ctx);
  // The Node.js server showed no Type line (the agent runs only in VMs); the type field is
  // part of every guest tool's structuredContent.
  std::vector<Fact> facts{fact("VM ID", std::to_string(vm.vmid), "vmid", vm.vmid),
                          fact("Node", vm.node, "node", vm.node),
                          field("type", guest_type_name(vm.type)),
                          fact("Command", shown_command(args, argv), "argv", argv),
                          fact("PID", std::to_string(*pid), "pid", *pid),
                          field("exited", outcome.exited),
                          field("timed_out", outcome.timed_out),
                          field("cancelled", outcome.cancelled)};
  if (!outcome.exited) return still_running(vm, *pid, outcome, timeout, std::move(facts));
  return command_answer(vm, outcome.status, std::move(facts));
}

}  // namespace tools
