// Power tools: start, stop, reboot, shutdown (VMs and containers), pause and resume (VMs).
#include "tools/areas.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

struct PowerAction {
  std::string_view verb;      // tool name part: start, stop, …, pause
  std::string_view endpoint;  // …/status/{endpoint}
  std::string_view emoji;
  std::string_view title;  // "Start": tool title and headings ("VM 100 Start Failed")
  std::string_view done;   // heading once the task succeeded: "VM 100 Started"
  std::string_view what;   // description sentence
  bool destructive;
  bool idempotent;
  int default_timeout;
};

// `what` is the description; GUEST stands for "QEMU VM" or "LXC container". Shutdown gives the
// guest OS time to stop cleanly (PVE's own default wait is 180 s).
constexpr PowerAction kStart{"start",           "start", "▶️", "Start", "Started",
                             "Starts a GUEST.", false,   true,     120};
constexpr PowerAction kStop{"stop",
                            "stop",
                            "⏹️",
                            "Stop",
                            "Stopped",
                            "Stops a GUEST immediately, like pulling the power plug: data the "
                            "guest has not written yet may be lost. Prefer shutdown.",
                            true,
                            true,
                            120};
constexpr PowerAction kReboot{
    "reboot", "reboot",   "🔄",
    "Reboot", "Rebooted", "Reboots a running GUEST cleanly through its OS.",
    true,     false,      180};
constexpr PowerAction kShutdown{"shutdown",
                                "shutdown",
                                "⏸️",
                                "Shutdown",
                                "Shut Down",
                                "Shuts a GUEST down cleanly through its OS; with force_stop, "
                                "Proxmox stops it if the shutdown does not finish in time.",
                                true,
                                true,
                                180};
constexpr PowerAction kPause{
    "pause", "suspend", "⏸️",
    "Pause", "Paused",  "Pauses a running GUEST: it stays in memory, frozen, until resumed.",
    false,   true,      60};
constexpr PowerAction kResume{
    "resume", "resume", "▶️", "Resume", "Resumed", "Resumes a paused GUEST.", false, true, 60};

std::string describe(std::string_view what, GuestType type) {
  std::string text(what);
  const std::string guest = type == GuestType::kLxc ? "LXC container" : "QEMU VM";
  if (auto at = text.find("GUEST"); at != std::string::npos) text.replace(at, 5, guest);
  return text + " Follows the Proxmox task to its end (wait, timeout).";
}

// The task type Proxmox gives the action: qmstart, vzshutdown, … (a VM's suspend is qmpause).
std::string power_task_type(const PowerAction& action, GuestType type) {
  if (type == GuestType::kQemu && action.endpoint == "suspend") return "qmpause";
  return guest_task_type(type, action.endpoint);
}

mcp::ToolResult run_power(pve::Api& api, const PowerAction& action, GuestType type,
                          const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  FollowOptions follow = follow_options(args, true, action.default_timeout);
  pve::Params params;
  if (&action == &kShutdown && args::boolean(args, "force_stop", false)) {
    params.push_back(pve::param_bool("forceStop", true));
  }
  json answer = start_task(api, guest.node, guest.vmid, power_task_type(action, type), [&] {
    return api.post(guest.path({"status", action.endpoint}), params);
  });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  // "VM 104 Start Command Sent" when not followed to the end, as the reference put it.
  const std::string label = guest.label() + " ";
  const std::string started = label + std::string(action.title) + " Command Sent";
  const std::string done = label + std::string(action.done);
  const std::string failed = label + std::string(action.title) + " Failed";
  std::string text =
      outcome_heading(task, {action.emoji, started, done, failed}) + "\n\n" + guest.bullets();
  json out = guest.fields();
  out["action"] = action.verb;
  return task_result(std::move(text), std::move(out), task);
}

mcp::Tool power_tool(pve::Api& api, const policy::Policy& policy, const PowerAction& action,
                     GuestType type) {
  const bool lxc = type == GuestType::kLxc;
  const std::string noun = guest_noun(type);
  json props = task_wait_properties(true, action.default_timeout);
  if (&action == &kShutdown) {
    props["force_stop"] = {{"type", "boolean"},
                           {"default", false},
                           {"description", "Stop the " + noun +
                                               " if the clean shutdown has not finished when "
                                               "Proxmox gives up waiting"}};
  }
  WriteSpec spec;
  spec.name = "proxmox_" + std::string(action.verb) + tool_suffix(type);
  spec.title = std::string(action.title) + (lxc ? " container" : " VM");
  spec.description = describe(action.what, type);
  spec.input_schema = guest_input_schema(type, std::move(props));
  spec.output_schema = R"({
    "type": "object",
    "properties": {"action": {"type": "string"}},
    "required": ["action"]
  })";
  spec.annotations = write_annotations(action.destructive, action.idempotent);
  spec.privilege = "VM.PowerMgmt";
  spec.follows_task = true;
  spec.guest = type;
  spec.body = [&api, &action, type](const json& args, mcp::CallContext& ctx) {
    return run_power(api, action, type, args, ctx);
  };
  return write_tool(std::move(spec), policy);
}

}  // namespace

std::vector<mcp::Tool> power_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> tools;
  for (const PowerAction* action : {&kStart, &kStop, &kReboot, &kShutdown}) {
    tools.push_back(power_tool(api, policy, *action, GuestType::kQemu));
    tools.push_back(power_tool(api, policy, *action, GuestType::kLxc));
  }
  tools.push_back(power_tool(api, policy, kPause, GuestType::kQemu));
  tools.push_back(power_tool(api, policy, kResume, GuestType::kQemu));
  return tools;
}

}  // namespace tools
