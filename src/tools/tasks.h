// Task tools: one Proxmox task's status (optionally followed to its end) and a node's task list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "pve/api_enums.h"
#include "tools/common_args.h"
#include "tools/tool_row.h"

namespace tools {

inline constexpr std::int64_t kDefaultTaskStatusTimeout = 60;
inline constexpr std::int64_t kDefaultTaskLimit = 20;
inline constexpr std::int64_t kMaxTaskLimit = 500;

typed::Problem upid_text(const std::string& text);  // UPID:node:pid:pstart:starttime:type:id:user:
typed::Problem task_type(const std::string& text);  // vzdump, qmstart, …

struct TaskStatusArgs {
  std::string upid;
  std::optional<std::string> node;
  bool wait = false;
  std::int64_t timeout = kDefaultTaskStatusTimeout;

  static auto fields() {
    return std::tuple{
        typed::field(&TaskStatusArgs::upid, "upid").checked(upid_text),
        typed::node(&TaskStatusArgs::node),
        typed::field(&TaskStatusArgs::wait, "wait").or_default(false),
        typed::field(&TaskStatusArgs::timeout, "timeout")
            .or_default(kDefaultTaskStatusTimeout)
            .checked(typed::between<1, kMaxTaskTimeout>),
    };
  }
};

struct TaskListArgs {
  std::string node;
  std::optional<std::int64_t> vmid;
  std::optional<std::string> type;
  bool errors = false;
  std::string source;
  std::int64_t limit = kDefaultTaskLimit;

  static auto fields() {
    const auto& sources = pve::api_enums::kTaskSources;
    return std::tuple{
        typed::node(&TaskListArgs::node),
        typed::vmid(&TaskListArgs::vmid),
        typed::field(&TaskListArgs::type, "type").about("e.g. vzdump").checked(task_type),
        typed::field(&TaskListArgs::errors, "errors").about("Only failed tasks").or_default(false),
        typed::field(&TaskListArgs::source, "source")
            .or_default("archive")
            .one_of(std::vector<std::string_view>(sources.begin(), sources.end())),
        typed::field(&TaskListArgs::limit, "limit")
            .or_default(kDefaultTaskLimit)
            .checked(typed::between<1, kMaxTaskLimit>),
    };
  }
};

mcp::ToolResult get_task_status(const Call& call, const TaskStatusArgs& args);
mcp::ToolResult list_tasks(const Call& call, const TaskListArgs& args);

extern const std::string_view kTaskStatusOutput;
extern const std::string_view kTaskListOutput;

}  // namespace tools
