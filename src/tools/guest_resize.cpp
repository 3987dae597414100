// Resize tools: change a VM's or container's CPU cores and memory (not its disks).
#include <charconv>
#include <optional>

#include "pve/api.h"
#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/values.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

// Applying a config change is quick, but memory hotplug adds DIMMs one by one.
constexpr int kResizeTimeout = 120;
// Ranges from apidata.json: cores 1..8192 (the container maximum; qemu has no schema maximum,
// and no host has more), memory from 16 MiB. The upper memory bound is qemu-server's hotplug
// limit, 4 TiB; no Proxmox host gives a guest more.
constexpr std::int64_t kMaxCores = 8192;
constexpr std::int64_t kMinMemory = 16;
constexpr std::int64_t kMaxMemory = 4194304;
constexpr std::int64_t kAbsent = 0;  // below both minimums: the argument was not given

bool lxc(GuestType type) {
  return type == GuestType::kLxc;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// The memory a config holds, in MiB. qemu's is a property string ("[current=]<MiB>"), an
// LXC container's a plain number. nullopt when unset (Proxmox's default of 512 applies).
std::optional<std::int64_t> config_memory(const json& config, GuestType type) {
  const std::string text = text_field(config, "memory");
  if (text.empty()) return std::nullopt;
  if (lxc(type)) return parse_int(text);
  try {
    auto current = pve::PropertyString::parse(text, "current").get("current");
    return current ? parse_int(*current) : std::nullopt;
  } catch (const pve::PropertyStringError&) {
    return std::nullopt;
  }
}

// A balloon target above the new memory makes qemu-server refuse the change ("balloon value
// too large (must be smaller than assigned memory)"); say which value to lower instead.
void refuse_below_balloon(const json& config, const GuestTarget& guest, std::int64_t memory) {
  if (lxc(guest.type) || memory == kAbsent) return;
  auto balloon = integer_field(config, "balloon");
  if (!balloon || *balloon <= memory) return;
  throw ArgError("Invalid argument 'memory': " + guest.label() + " has a balloon minimum of " +
                 std::to_string(*balloon) + " MB, more than the " + std::to_string(memory) +
                 " MB asked for; Proxmox refuses memory below the balloon value (lower "
                 "`balloon` first, or ask for at least " +
                 std::to_string(*balloon) + " MB)");
}

std::string cores_text(std::optional<std::int64_t> cores, GuestType type) {
  if (cores) return std::to_string(*cores);
  return lxc(type) ? "unlimited (all host cores)" : "1 (default)";
}
std::string memory_text(std::optional<std::int64_t> memory) {
  return memory ? std::to_string(*memory) + " MB" : "512 MB (default)";
}

mcp::ToolResult run_resize(pve::Api& api, GuestType type, const json& args, mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  const std::int64_t cores = args::integer(args, "cores", kAbsent, 1, kMaxCores);
  const std::int64_t memory = args::integer(args, "memory", kAbsent, kMinMemory, kMaxMemory);
  if (cores == kAbsent && memory == kAbsent) {
    throw ArgError("Invalid arguments: give cores, memory (MB) or both");
  }
  FollowOptions follow = follow_options(args, true, kResizeTimeout);

  json config = config_before(api, guest);
  refuse_below_balloon(config, guest, memory);
  const auto cores_before = integer_field(config, "cores");
  const auto memory_before = config_memory(config, type);

  pve::Params params;
  if (cores != kAbsent) params.emplace_back("cores", std::to_string(cores));
  if (memory != kAbsent) params.emplace_back("memory", std::to_string(memory));
  add_digest(params, config);
  // qemu: POST runs the change as a task. PVE advises POST for anything that may hotplug, and
  // a running VM with memory hotplug gets its new DIMMs inside that task, which a synchronous
  // PUT would hold the HTTP request open for. LXC has only the synchronous PUT.
  json answer = config_write(api, guest, params);
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  // A running VM never takes cores live (qemu-server hotplugs only vcpus) and takes memory
  // only with memory hotplug on; Proxmox holds the rest until its next start.
  bool pending = false;
  if (outcome_done(task)) {
    if (auto after = settled_config(api, guest)) {
      pending = (cores != kAbsent && after->waits("cores")) ||
                (memory != kAbsent && after->waits("memory"));
    }
  }

  std::string text =
      outcome_heading(
          task, {"⚙️", "Resize Started", "Resize Complete", "Resize Failed", "Resize Pending"},
          pending) +
      "\n\n" + guest.bullets();
  json out = guest.fields();
  if (cores != kAbsent) {
    text += md::bullet("New Cores", std::to_string(cores)) + " (was " +
            cores_text(cores_before, type) + ")\n";
    out["cores"] = cores;
    if (cores_before) out["previous_cores"] = *cores_before;
  }
  if (memory != kAbsent) {
    text += md::bullet("New Memory", std::to_string(memory) + " MB") + " (was " +
            memory_text(memory_before) + ")\n";
    out["memory"] = memory;
    if (memory_before) out["previous_memory"] = *memory_before;
  }
  if (pending) text += pending_bullet(type);
  out["pending"] = pending;
  return task_result(std::move(text), std::move(out), task);
}

constexpr std::string_view kResizeOutput = R"({
  "type": "object",
  "properties": {
    "cores": {"type": "integer"}, "previous_cores": {"type": "integer"},
    "memory": {"type": "integer", "description": "MiB"},
    "previous_memory": {"type": "integer", "description": "MiB"},
    "pending": {"type": "boolean", "description": "the change applies at the next start"}
  },
  "required": ["pending"]
})";

}  // namespace

WriteSpec resize_spec(pve::Api& api, GuestType type) {
  json props = {{"cores",
                 {{"type", "integer"},
                  {"minimum", 1},
                  {"maximum", kMaxCores},
                  {"description", "Number of CPU cores to allocate"}}},
                {"memory",
                 {{"type", "integer"},
                  {"minimum", kMinMemory},
                  {"maximum", kMaxMemory},
                  {"description", "Memory in MB to allocate"}}}};
  props.update(task_wait_properties(true, kResizeTimeout));
  WriteSpec s;
  s.name = "proxmox_resize" + tool_suffix(type);
  s.title = lxc(type) ? "Resize container CPU and memory" : "Resize VM CPU and memory";
  s.description = "Change the CPU cores and memory of " + guest_phrase(type) +
                  " (requires elevated mode); give cores, memory or both. Disks are resized "
                  "with proxmox_resize_disk" +
                  tool_suffix(type) +
                  ". Refused if the configuration changed since it was read. A running " +
                  guest_noun(type) + " may apply it only at its next start (reported as pending).";
  s.input_schema = guest_input_schema(type, std::move(props));
  s.output_schema = kResizeOutput;
  s.annotations = write_annotations(false, true);
  s.privilege = "VM.Config.CPU and VM.Config.Memory";
  s.body = bind_guest(api, type, run_resize);
  s.follows_task = true;
  s.guest = type;
  return s;
}

}  // namespace tools
