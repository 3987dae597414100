// proxmox_execute_vm_command: run a program in a VM through the QEMU guest agent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "tools/common_args.h"
#include "tools/guest_write.h"
#include "tools/tool_row.h"
#include "tools/write_pipeline.h"

namespace tools::typed {

// Splits into words that name a program, without relying on a shell (command_line.h).
Problem runnable_command(const std::string& text);
// Words that name a program and that a program argument can hold.
Problem runnable_argv(const std::vector<std::string>& words);

}  // namespace tools::typed

namespace tools {

inline constexpr std::int64_t kDefaultExecTimeout = 30;

// A program to run in a guest, as one string (command) or as words (argv): exactly one of them.
// Their rules (runnable_command, runnable_argv) are checked by the handler (program_words),
// after what matters more: giving both is said before either's form.
struct CommandArgs : GuestArgs {
  std::optional<std::string> command;
  std::optional<std::vector<std::string>> argv;
  std::int64_t timeout = kDefaultExecTimeout;

  static auto program_fields() {
    return std::tuple{typed::field(&CommandArgs::command, "command")
                          .about("Split like a shell, but no shell runs (sh -c for pipes)"),
                      typed::field(&CommandArgs::argv, "argv").about("Exact words")};
  }
  static auto timeout_field() {
    return typed::field(&CommandArgs::timeout, "timeout")
        .or_default(kDefaultExecTimeout)
        .checked(typed::between<0, kMaxTaskTimeout>);
  }
  static auto fields() {
    return std::tuple_cat(GuestArgs::fields(), program_fields(), std::tuple{timeout_field()});
  }
};

struct ExecArgs : CommandArgs {
  std::optional<std::string> type;  // lxc is answered with what to do instead

  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(), program_fields(),
        // Accepted for the Node.js server's callers; a container is pointed elsewhere.
        std::tuple{typed::field(&ExecArgs::type, "type").one_of({"qemu", "lxc"}).unlisted(),
                   timeout_field()});
  }
};

mcp::ToolResult execute_vm_command(const Call& call, const ExecArgs& args);

extern const std::string_view kExecOutput;

// The program and its arguments: argv as given, or the command's words (ArgError when neither
// or both are given, or they name no program).
std::vector<std::string> program_words(const CommandArgs& args);
// The program as the answer shows it, on one line.
std::string shown_command(const CommandArgs& args, const std::vector<std::string>& argv);
// The answer for a program that ended: its exit code or signal, stdout and stderr as code
// blocks (each cut to 64 KiB), isError when it failed. `status` holds the guest agent's fields:
// exitcode, signal, out-data, err-data, out-truncated, err-truncated.
// `failed`: a failure whatever the exit code says (a command that was stopped).
mcp::ToolResult command_answer(const GuestTarget& guest, const nlohmann::json& status,
                               std::vector<Fact> facts, bool failed = false);

}  // namespace tools
