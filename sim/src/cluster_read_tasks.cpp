// The task endpoints: a node's task list, one task's status and its log, and stopping a task.
#include <set>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_views.h"

namespace pvesim {
namespace {

struct TaskLookup {
  const Task* task = nullptr;
  bool parsed = false;
};

TaskLookup lookup(const ClusterState& state, const ApiRequest& request) {
  const std::string upid = param_string(request, "upid").value_or("");
  TaskLookup result;
  result.parsed = parse_upid(upid).has_value();
  if (result.parsed) {
    result.task = state.tasks.find(param_string(request, "node").value_or(""), upid);
  }
  return result;
}

}  // namespace

ApiResponse get_node_tasks(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  TaskQuery query;
  query.source = param_string(request, "source").value_or("archive");
  query.start = static_cast<long>(param_int(request, "start").value_or(0));
  query.limit = static_cast<long>(param_int(request, "limit").value_or(50));
  query.userfilter = param_string(request, "userfilter").value_or("");
  query.typefilter = param_string(request, "typefilter").value_or("");
  if (auto vmid = param_int(request, "vmid")) query.vmid = static_cast<long>(*vmid);
  if (auto since = param_int(request, "since")) query.since = static_cast<long>(*since);
  if (auto until = param_int(request, "until")) query.until = static_cast<long>(*until);
  query.errors = param_bool(request, "errors", false);
  query.statusfilter = param_string(request, "statusfilter");

  const bool auditor = can_audit_node(state, request.auth_id, node);
  const std::string caller = request.auth_id;
  long total = 0;
  Json out = state.tasks.list(
      node, query, [&](const Task& task) { return auditor || owns_task(task, caller); }, total);
  ApiResponse response = ApiResponse::ok(std::move(out));
  response.total = total;
  return response;
}

ApiResponse get_task_status(ClusterState& state, const ApiRequest& request) {
  const TaskLookup found = lookup(state, request);
  if (!found.parsed) return param_error("upid", "unable to parse worker upid");
  if (found.task == nullptr) return param_error("upid", "no such task");
  const std::string node = param_string(request, "node").value_or("");
  if (!owns_task(*found.task, request.auth_id) && !can_audit_node(state, request.auth_id, node)) {
    return permission_denied("/nodes/" + node, "Sys.Audit");
  }
  return ApiResponse::ok(state.tasks.status_json(*found.task));
}

ApiResponse get_task_log(ClusterState& state, const ApiRequest& request) {
  const TaskLookup found = lookup(state, request);
  if (!found.parsed) return param_error("upid", "unable to parse worker upid");
  const std::string node = param_string(request, "node").value_or("");
  const bool owner = found.task != nullptr && owns_task(*found.task, request.auth_id);
  if (!owner && !can_audit_node(state, request.auth_id, node)) {
    return permission_denied("/nodes/" + node, "Sys.Audit");
  }
  if (param_bool(request, "download", false)) {
    if (param_string(request, "start") || param_string(request, "limit")) {
      return ApiResponse::error(
          500, "'download' cannot be used together with 'start' or 'limit' parameters\n");
    }
    // A streamed text/plain attachment does not fit the JSON envelope the model returns.
    return ApiResponse::error(501, "pve-sim does not implement task log download (download=1)");
  }

  // PVE::Tools::dump_logfile: `total` counts every line, `n` is 1-based, limit 0 = to the end.
  Json out = Json::array();
  long total = 0;
  if (found.task == nullptr) {
    out.push_back({{"n", 1}, {"t", "unable to open file - No such file or directory"}});
    total = 1;
  } else {
    const long start = static_cast<long>(param_int(request, "start").value_or(0));
    long limit = static_cast<long>(param_int(request, "limit").value_or(50));
    const bool to_end = limit == 0;
    for (const auto& line : state.tasks.log_lines(*found.task)) {
      if (total++ < start) continue;
      if (!to_end) {
        if (limit <= 0) continue;
        --limit;
      }
      out.push_back({{"n", total}, {"t", line}});
    }
    if (total == 0) {
      out.push_back({{"n", 1}, {"t", "no content"}});
      total = 1;
    }
  }
  ApiResponse response = ApiResponse::ok(std::move(out));
  response.total = total;
  return response;
}

// The config locks a worker takes at its start and its error path releases when it dies
// (vzdump's unlock, snapshot_create's cleanup, …); a guest being created keeps its lock.
bool released_on_interrupt(const std::string& lock) {
  static const std::set<std::string> kReleased = {"backup", "snapshot", "snapshot-delete",
                                                  "rollback", "disk"};
  return kReleased.contains(lock);
}

// pve-manager's stop_task: the owner or Sys.Modify on the node; a task that has already
// stopped is left as it is and the answer is the same null.
ApiResponse delete_task(ClusterState& state, const ApiRequest& request) {
  const TaskLookup found = lookup(state, request);
  if (!found.parsed) return param_error("upid", "unable to parse worker upid");
  if (found.task == nullptr) return param_error("upid", "no such task");
  const std::string node = param_string(request, "node").value_or("");
  if (!owns_task(*found.task, request.auth_id) &&
      !state.access.has_privilege(request.auth_id, "/nodes/" + node, "Sys.Modify")) {
    return permission_denied("/nodes/" + node, "Sys.Modify");
  }
  const std::string id = found.task->spec.id;
  if (!state.tasks.interrupt(node, found.task->upid)) return ApiResponse::ok(nullptr);
  if (id.empty() || id.size() > 9 || id.find_first_not_of("0123456789") != std::string::npos) {
    return ApiResponse::ok(nullptr);
  }
  auto found_guest = state.guests.find(std::stoi(id));
  if (found_guest == state.guests.end()) return ApiResponse::ok(nullptr);
  Guest& guest = found_guest->second;
  const std::string lock = guest_lock(guest);
  // snapshot_create's cleanup deletes the snapshot it had prepared.
  if (lock == "snapshot") {
    std::erase_if(guest.snapshots, [](const Snapshot& snapshot) {
      return snapshot.config.value("snapstate", std::string()) == "prepare";
    });
  }
  if (released_on_interrupt(lock)) guest.config.erase("lock");
  return ApiResponse::ok(nullptr);
}

}  // namespace pvesim
