// proxmox_execute_vm_command: run a program in a VM through the QEMU guest agent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools::typed {

// Splits into words that name a program, without relying on a shell (command_line.h).
Problem runnable_command(const std::string& text);
// Words that name a program and that a program argument can hold.
Problem runnable_argv(const std::vector<std::string>& words);

}  // namespace tools::typed

namespace tools {

inline constexpr std::int64_t kDefaultExecTimeout = 30;

// The program as one string (command) or as words (argv): exactly one of them. Their rules
// (runnable_command, runnable_argv) are checked by the handler, after what matters more: a
// container is refused whatever its command, and giving both is said before either's form.
struct ExecArgs : GuestArgs {
  std::optional<std::string> command;
  std::optional<std::vector<std::string>> argv;
  std::optional<std::string> type;  // lxc is answered with what to do instead
  std::int64_t timeout = kDefaultExecTimeout;

  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{typed::field(&ExecArgs::command, "command")
                       .about("Split like a shell, but no shell runs (sh -c for pipes)"),
                   typed::field(&ExecArgs::argv, "argv").about("Exact words"),
                   // Accepted for the Node.js server's callers; a container is refused.
                   typed::field(&ExecArgs::type, "type").one_of({"qemu", "lxc"}).unlisted(),
                   typed::field(&ExecArgs::timeout, "timeout")
                       .or_default(kDefaultExecTimeout)
                       .checked(typed::between<0, kMaxTaskTimeout>)});
  }
};

mcp::ToolResult execute_vm_command(const Call& call, const ExecArgs& args);

extern const std::string_view kExecOutput;

}  // namespace tools
