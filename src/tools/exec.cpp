// proxmox_execute_vm_command: run a program in a VM through the QEMU guest agent and collect
// its result; for containers, say honestly that Proxmox has no API for it.
#include <algorithm>
#include <chrono>

#include "pve/error.h"
#include "tools/areas.h"
#include "tools/args.h"
#include "tools/command_line.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/task_follow.h"
#include "tools/values.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kDefaultTimeout = 30;
// Output kept per stream; the agent itself caps what it buffers (out-truncated).
constexpr std::size_t kMaxStreamBytes = std::size_t{64} * 1024;
constexpr auto kFirstPollInterval = std::chrono::milliseconds(100);
constexpr auto kMaxPollInterval = std::chrono::milliseconds(1000);

[[noreturn]] void invalid(std::string_view key, std::string_view rule) {
  throw ArgError("Invalid argument '" + std::string(key) + "': " + std::string(rule));
}

const json* given(const json& args, const char* key) {
  if (!args.is_object()) return nullptr;
  const auto it = args.find(key);
  return it == args.end() || it->is_null() ? nullptr : &*it;
}

// The string form looks like a shell command line, but the agent starts the program itself:
// `a | b` would run `a` with the arguments "|" and "b" and report success.
[[noreturn]] void refuse_shell_syntax(const std::string& syntax) {
  const std::string what = syntax == "\n" ? "a line break between commands" : "`" + syntax + "`";
  invalid("command",
          "contains " + what +
              ", which only a shell understands, and no shell runs here: the guest agent "
              "starts the program directly and would pass it on as a plain argument. For "
              "pipes, redirections, variables or several commands, run a shell explicitly: "
              "argv [\"sh\", \"-c\", \"<command line>\"] (or command \"sh -c '<command "
              "line>'\"). To pass such characters to the program as they are, quote them or "
              "give the words as the array argv.");
}

// argv from `argv` (the words as given) or `command` (a string split like a shell would).
std::vector<std::string> command_argv(const json& args) {
  const json* command = given(args, "command");
  const json* words = given(args, "argv");
  if (command && words) invalid("argv", "give either command or argv, not both");
  if (!command && !words) {
    invalid("command", "is required (or give the program and its arguments as the array argv)");
  }
  const char* key = command ? "command" : "argv";
  std::vector<std::string> argv;
  if (command) {
    if (!command->is_string()) invalid(key, "must be a string");
    CommandLine line = split_command_line(command->get_ref<const std::string&>(), key);
    if (!line.shell_syntax.empty()) refuse_shell_syntax(line.shell_syntax);
    argv = std::move(line.words);
  } else {
    if (!words->is_array()) invalid(key, "must be an array of strings");
    for (const auto& word : *words) {
      if (!word.is_string()) invalid(key, "must be an array of strings");
      argv.push_back(word.get<std::string>());
    }
  }
  if (argv.empty() || argv.front().empty()) invalid(key, "names no program to run");
  for (const auto& word : argv) {
    if (word.find('\0') != std::string::npos) {
      invalid(key, "must not contain NUL characters (a program argument cannot hold them)");
    }
  }
  return argv;
}

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

std::string shown_command(const json& args, const std::vector<std::string>& argv) {
  if (const json* command = given(args, "command")) {
    return md::one_line(command->get<std::string>());
  }
  std::string joined;
  for (const auto& word : argv) joined += (joined.empty() ? "" : " ") + word;
  return md::one_line(joined);
}

mcp::ToolResult run_exec(pve::Api& api, const json& args, mcp::CallContext& ctx) {
  GuestType type = args::guest_type(args, "type", GuestType::kQemu);
  GuestTarget vm = GuestTarget::from_args(args, type);
  if (type == GuestType::kLxc) throw ArgError(lxc_refusal(vm.node, vm.vmid));
  std::vector<std::string> argv = command_argv(args);
  auto timeout =
      std::chrono::seconds(args::integer(args, "timeout", kDefaultTimeout, 0, kMaxTaskTimeout));

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

  ExecOutcome outcome = poll(api, vm, *pid, timeout, ctx);
  const json& s = outcome.status;

  json out = vm.fields();
  out["argv"] = argv;
  out["pid"] = *pid;
  out["exited"] = outcome.exited;
  out["timed_out"] = outcome.timed_out;
  out["cancelled"] = outcome.cancelled;
  std::string text;
  std::string bullets = md::bullet("VM ID", std::to_string(vm.vmid)) + "\n" +
                        md::bullet("Node", vm.node) + "\n" +
                        md::bullet("Command", shown_command(args, argv)) + "\n" +
                        md::bullet("PID", std::to_string(*pid)) + "\n";
  if (!outcome.exited) {
    const std::string later =
        "the command goes on in the guest; its result stays readable at "
        "GET " +
        vm.path({"agent", "exec-status"}) + "?pid=" + std::to_string(*pid) +
        " until it has been read once after the command ended";
    text = md::heading("⏳", "Command Still Running on " + vm.label()) + "\n\n" + bullets +
           md::bullet(
               "Result",
               outcome.cancelled
                   ? "⏹️ stopped waiting because the request was cancelled — " + later
                   : "⏳ not finished after " + std::to_string(timeout.count()) + "s — " + later) +
           "\n";
    mcp::ToolResult r;
    r.text = std::move(text);
    r.structured = std::move(out);
    return r;
  }

  bool out_clipped = false;
  bool err_clipped = false;
  std::string stdout_text = clip(text_field(s, "out-data"), out_clipped);
  std::string stderr_text = clip(text_field(s, "err-data"), err_clipped);
  const bool out_truncated = out_clipped || flag_field(s, "out-truncated");
  const bool err_truncated = err_clipped || flag_field(s, "err-truncated");
  std::optional<std::int64_t> exit_code = integer_field(s, "exitcode");
  std::optional<std::int64_t> signal = integer_field(s, "signal");

  // A command that exits non-zero or dies of a signal failed at what it was asked to do; the
  // caller gets isError with the output that says why (a command still running after
  // `timeout` is not a failure: it goes on, as a Proxmox task does).
  const bool failed = exit_code.value_or(0) != 0 || signal.has_value();
  text = failed ? md::heading("❌", "Command Failed on " + vm.label()) + "\n\n" + bullets
                : md::heading("💻", "Command Executed on " + vm.label()) + "\n\n" + bullets;
  if (exit_code) text += md::bullet("Exit Code", std::to_string(*exit_code)) + "\n";
  if (signal) text += md::bullet("Signal", std::to_string(*signal)) + "\n";
  auto stream = [&text](std::string_view title, const std::string& data, bool truncated) {
    if (data.empty()) return;
    text += "\n**" + std::string(title) + "**" + (truncated ? " (truncated)" : "") + ":\n" +
            md::code_block(data);
  };
  stream("Output", stdout_text, out_truncated);
  stream("Errors", stderr_text, err_truncated);
  if (stdout_text.empty() && stderr_text.empty()) text += "\nNo output.\n";

  if (exit_code) out["exit_code"] = *exit_code;
  if (signal) out["signal"] = *signal;
  out["stdout"] = stdout_text;
  out["stderr"] = stderr_text;
  out["stdout_truncated"] = out_truncated;
  out["stderr_truncated"] = err_truncated;
  mcp::ToolResult r;
  r.text = std::move(text);
  r.structured = std::move(out);
  r.is_error = failed;
  return r;
}

constexpr std::string_view kExecOutput = R"({
  "type": "object",
  "properties": {
    "argv": {"type": "array", "items": {"type": "string"}},
    "pid": {"type": "integer", "description": "the guest agent's process id"},
    "exited": {"type": "boolean"},
    "exit_code": {"type": "integer"},
    "signal": {"type": "integer", "description": "the signal that ended the process"},
    "stdout": {"type": "string"}, "stderr": {"type": "string"},
    "stdout_truncated": {"type": "boolean"}, "stderr_truncated": {"type": "boolean"},
    "timed_out": {"type": "boolean"}, "cancelled": {"type": "boolean"}
  },
  "required": ["argv", "pid", "exited", "timed_out", "cancelled"]
})";

}  // namespace

std::vector<mcp::Tool> exec_tools(pve::Api& api, const policy::Policy& policy) {
  json props = {
      {"command",
       {{"type", "string"},
        {"description",
         "The program and its arguments as one string, split into words like a shell would "
         "(quotes and backslashes honoured), e.g. \"ls -la /tmp\". No shell runs: pipes, "
         "redirections, ';', '&&', '$(…)' and variables are refused; run \"sh -c '…'\" for "
         "them. Give this or argv"}}},
      {"argv",
       {{"type", "array"},
        {"items", {{"type", "string"}}},
        {"description",
         "The program and its arguments as words, passed exactly, e.g. [\"sh\", \"-c\", "
         "\"ls | wc -l\"]. Give this or command"}}},
      {"type",
       {{"type", "string"},
        {"enum", {"qemu", "lxc"}},
        {"default", "qemu"},
        {"description",
         "qemu (through the guest agent); lxc is not possible over the Proxmox "
         "API and explains the alternatives"}}},
      {"timeout",
       {{"type", "integer"},
        {"minimum", 0},
        {"maximum", kMaxTaskTimeout},
        {"default", kDefaultTimeout},
        {"description", "Seconds to wait for the command to finish"}}}};
  WriteSpec spec;
  spec.name = "proxmox_execute_vm_command";
  spec.title = "Run command in VM";
  spec.description =
      "Runs a program inside a running QEMU VM through the QEMU guest agent (which must be "
      "installed and enabled) and returns its stdout, stderr and exit code, waiting up to "
      "`timeout` seconds. A non-zero exit code is reported as an error, with the output. "
      "Containers are not supported by the Proxmox API.";
  spec.input_schema = guest_input_schema(GuestType::kQemu, std::move(props), {});
  spec.output_schema = kExecOutput;
  spec.guest = GuestType::kQemu;
  spec.annotations = write_annotations(true, false);
  spec.privilege = "VM.GuestAgent.Unrestricted";
  spec.body = [&api](const json& args, mcp::CallContext& ctx) { return run_exec(api, args, ctx); };
  return {write_tool(std::move(spec), policy)};
}

}  // namespace tools
