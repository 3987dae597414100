// Backing up a guest with vzdump (one handler for VMs and containers).
#include <cctype>
#include <optional>

#include "pve/api.h"
#include "pve/api_enums.h"
#include "pve/error.h"
#include "pve/tasks.h"
#include "tools/backup_volume.h"
#include "tools/data_writes.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kBackupCreateOutput = R"({
  "type": "object",
  "properties": {
    "storage": {"type": "string"},
    "mode": {"type": "string"}, "compress": {"type": "string"},
    "notes": {"type": "string"}, "protected": {"type": "boolean"},
    "volid": {"type": "string", "description": "the backup volume written, from the task log"}
  },
  "required": ["storage", "mode", "compress"]
})";

namespace {

constexpr std::size_t kMaxNotes = 1024;     // vzdump notes-template maxLength
constexpr std::size_t kLogLinesRead = 500;  // a one-guest vzdump log is far shorter

// vzdump's notes-template is one line in which "\n" and "\\" are escapes; the caller's text is
// stored literally, so its backslashes and newlines are escaped here. typed::vzdump_notes has
// refused every other control character.
std::string notes_template(const std::string& notes) {
  std::string out;
  for (char c : notes) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// "OK" without a task: none of the selected guests is on this node, nothing was written.
void refuse_taskless_ok(const json& answer, const GuestTarget& guest) {
  if (!answer.is_string() || pve::Upid::parse(answer.get<std::string>())) return;
  throw ArgError("No backup was made: vzdump on node " + guest.node + " answered \"" +
                 md::one_line(answer.get<std::string>()) + "\" without starting a task, so " +
                 guest.label() + " is not on that node");
}

// The log of a finished vzdump task names the archive it wrote. Best effort: without it the
// answer just has no volume line.
std::optional<std::string> produced_volid(pve::Api& api, const FollowedTask& task,
                                          const std::string& storage) {
  if (task.upid.empty() || !outcome_done(task)) return std::nullopt;
  try {
    json log = api.get(pve::path({"nodes", task.node, "tasks", task.upid, "log"}),
                       {{"start", "0"}, {"limit", std::to_string(kLogLinesRead)}});
    std::vector<std::string> lines;
    if (log.is_array()) {
      for (const auto& entry : log) lines.push_back(text_field(entry, "t"));
    }
    return volid_from_vzdump_log(lines, storage);
  } catch (const pve::Error&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<std::string_view> vzdump_compressions() {
  // "0" is offered as "none", as the Node.js server named it; "1" (whatever Proxmox's default
  // is) is left out.
  std::vector<std::string_view> names{"none"};
  for (std::string_view c : pve::api_enums::kVzdumpCompressions) {
    if (c != "0" && c != "1") names.push_back(c);
  }
  return names;
}

typed::Problem typed::vzdump_notes(const std::string& notes) {
  for (char c : notes) {
    if (c != '\n' && std::iscntrl(static_cast<unsigned char>(c)) != 0) {
      return "must not contain control characters";
    }
  }
  if (notes_template(notes).size() > kMaxNotes) return "at most 1024 characters (after escaping)";
  return std::nullopt;
}

mcp::ToolResult create_backup(const Call& call, const BackupCreateArgs& args) {
  pve::Api& api = call.api;
  const GuestTarget guest = GuestTarget::of(args, call.guest);

  // vzdump takes any guest ID; reading the config first makes a VM/container mix-up (or a
  // guest on another node) an error naming the guest instead of a backup of the wrong thing.
  guest_config(api, guest.node, guest.type, guest.vmid);

  pve::Params params = {{"vmid", std::to_string(guest.vmid)},
                        {"storage", args.storage},
                        {"mode", args.mode},
                        {"compress", args.compress == "none" ? "0" : args.compress}};
  if (args.notes) params.emplace_back("notes-template", notes_template(*args.notes));
  if (args.protect) params.push_back(pve::param_bool("protected", true));
  const WriteRequest request{
      .node = guest.node, .vmid = guest.vmid, .task_type = "vzdump", .send = [&] {
        json answer = api.post(pve::path({"nodes", guest.node, "vzdump"}), params);
        refuse_taskless_ok(answer, guest);
        return answer;
      }};
  const WriteOutcome outcome = perform(call, request, args.follow());

  WriteReport report{{"💾", "Backup Creation Started", "Backup Created", "Backup Failed"},
                     guest_facts(guest),
                     "\n**Tip**: Use `proxmox_list_backups` to view all backups.\n"};
  report.facts.push_back(fact("Storage", args.storage, "storage", args.storage));
  report.facts.push_back(fact("Mode", args.mode, "mode", args.mode));
  report.facts.push_back(fact("Compression", args.compress, "compress", args.compress));
  if (args.notes) {
    report.facts.push_back(fact("Notes", md::one_line(*args.notes), "notes", *args.notes));
  }
  report.facts.push_back(args.protect ? fact("Protected", "yes", "protected", true)
                                      : field("protected", false));
  if (std::optional<std::string> volid = produced_volid(api, outcome.task, args.storage)) {
    report.produced.push_back(fact("Backup Volume", *volid, "volid", *volid));
  }
  return render(report, outcome);
}

}  // namespace tools
