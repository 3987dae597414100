// Power tools: start, stop, reboot, shutdown (VMs and containers), pause and resume (VMs).
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

struct PowerAction {
  std::string_view verb;      // tool name part: start, stop, …, pause
  std::string_view endpoint;  // …/status/{endpoint}
  std::string_view emoji;
  std::string_view title;  // "Start": headings ("VM 100 Start Failed")
  std::string_view done;   // heading once the task succeeded: "VM 100 Started"
};

constexpr PowerAction kStart{"start", "start", "▶️", "Start", "Started"};
constexpr PowerAction kStop{"stop", "stop", "⏹️", "Stop", "Stopped"};
constexpr PowerAction kReboot{"reboot", "reboot", "🔄", "Reboot", "Rebooted"};
constexpr PowerAction kShutdown{"shutdown", "shutdown", "⏸️", "Shutdown", "Shut Down"};
constexpr PowerAction kPause{"pause", "suspend", "⏸️", "Pause", "Paused"};
constexpr PowerAction kResume{"resume", "resume", "▶️", "Resume", "Resumed"};

// The task type Proxmox gives the action: qmstart, vzshutdown, … (a VM's suspend is qmpause).
std::string power_task_type(const PowerAction& action, GuestType type) {
  if (type == GuestType::kQemu && action.endpoint == "suspend") return "qmpause";
  return guest_task_type(type, action.endpoint);
}

mcp::ToolResult run_power(const Call& call, const PowerAction& action, const GuestArgs& args,
                          const FollowOptions& follow, bool force_stop = false) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);
  pve::Params params;
  if (force_stop) params.push_back(pve::param_bool("forceStop", true));
  const WriteRequest request = task_request(guest, power_task_type(action, call.guest), [&] {
    return api.post(guest.path({"status", action.endpoint}), params);
  });
  const WriteOutcome outcome = perform(call, request, follow);

  // "VM 104 Start Command Sent" when not followed to the end, as the Node.js server put it.
  const std::string label = guest.label() + " ";
  const std::string started = label + std::string(action.title) + " Command Sent";
  const std::string done = label + std::string(action.done);
  const std::string failed = label + std::string(action.title) + " Failed";
  WriteReport report{{action.emoji, started, done, failed}, guest_facts(guest), {}};
  report.facts.push_back(field("action", action.verb));
  return render(report, outcome);
}

}  // namespace

extern const std::string_view kPowerOutput = R"({
  "type": "object",
  "properties": {"action": {"type": "string"}},
  "required": ["action"]
})";

mcp::ToolResult start_guest(const Call& call, const StartArgs& args) {
  return run_power(call, kStart, args, args.follow());
}

mcp::ToolResult stop_guest(const Call& call, const StartArgs& args) {
  return run_power(call, kStop, args, args.follow());
}

mcp::ToolResult reboot_guest(const Call& call, const RebootArgs& args) {
  return run_power(call, kReboot, args, args.follow());
}

mcp::ToolResult shutdown_guest(const Call& call, const ShutdownArgs& args) {
  return run_power(call, kShutdown, args, args.follow(), args.force_stop);
}

mcp::ToolResult pause_guest(const Call& call, const PauseArgs& args) {
  return run_power(call, kPause, args, args.follow());
}

mcp::ToolResult resume_guest(const Call& call, const PauseArgs& args) {
  return run_power(call, kResume, args, args.follow());
}

}  // namespace tools
