// Resize tools: change a VM's or container's CPU cores and memory (not its disks).
#include <charconv>
#include <optional>

#include "pve/api.h"
#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/device_write.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_write.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {
namespace {

using nlohmann::json;

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
  if (is_container(type)) return parse_int(text);
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
  if (is_container(guest.type)) return;
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
  return is_container(type) ? "unlimited (all host cores)" : "1 (default)";
}
std::string memory_text(std::optional<std::int64_t> memory) {
  return memory ? std::to_string(*memory) + " MB" : "512 MB (default)";
}

// The values a resize sets: sent, watched for being held back, reported with what they were.
struct Resize {
  pve::Params params;
  std::vector<std::string> watched;
  std::vector<Fact> facts;

  void set(const std::string& key, const std::string& label, std::int64_t value,
           const std::string& text, const std::string& was, std::optional<std::int64_t> before) {
    params.emplace_back(key, std::to_string(value));
    watched.push_back(key);
    facts.push_back(fact(label, text + " (was " + was + ")", key, value));
    if (before) facts.push_back(field("previous_" + key, *before));
  }
};

}  // namespace

extern const std::string_view kResizeOutput = R"({
  "type": "object",
  "properties": {
    "cores": {"type": "integer"}, "previous_cores": {"type": "integer"},
    "memory": {"type": "integer", "description": "MiB"},
    "previous_memory": {"type": "integer", "description": "MiB"},
    "pending": {"type": "boolean", "description": "the change applies at the next start"}
  },
  "required": ["pending"]
})";

mcp::ToolResult resize_guest(const Call& call, const ResizeArgs& args) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  GuestTarget guest = GuestTarget::of(args, type);
  const std::optional<std::int64_t>& cores = args.cores;
  const std::optional<std::int64_t>& memory = args.memory;
  if (!cores && !memory) throw ArgError("Invalid arguments: give cores, memory (MB) or both");

  json config = config_before(api, guest);
  if (memory) refuse_below_balloon(config, guest, *memory);
  const auto cores_before = integer_field(config, "cores");
  const auto memory_before = config_memory(config, type);

  Resize resize;
  if (cores) {
    resize.set("cores", "New Cores", *cores, std::to_string(*cores), cores_text(cores_before, type),
               cores_before);
  }
  if (memory) {
    resize.set("memory", "New Memory", *memory, std::to_string(*memory) + " MB",
               memory_text(memory_before), memory_before);
  }
  // A running VM never takes cores live (qemu-server hotplugs only vcpus) and takes memory
  // only with memory hotplug on; Proxmox holds the rest until its next start.
  const WriteOutcome outcome = perform(
      call, config_request(api, guest, resize.params, config, resize.watched), args.follow());
  WriteReport report{
      {"⚙️", "Resize Started", "Resize Complete", "Resize Failed", "Resize Pending"},
      guest_facts(guest),
      {}};
  report.facts.insert(report.facts.end(), resize.facts.begin(), resize.facts.end());
  return render(report, outcome);
}

}  // namespace tools
