// Guest tools: one VM's or container's live status.
#include "tools/guest_reads.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kVmStatusOutput = R"({
  "type": "object",
  "properties": {
    "vmid": {"type": "integer"}, "node": {"type": "string"},
    "type": {"type": "string", "enum": ["qemu", "lxc"]},
    "name": {"type": "string"}, "status": {"type": "string"}, "qmpstatus": {"type": "string"},
    "template": {"type": "boolean"}, "lock": {"type": "string"}, "ha_managed": {"type": "boolean"},
    "uptime": {"type": "integer"}, "cpu": {"type": "number"}, "cpus": {"type": "number"},
    "mem": {"type": "number"}, "maxmem": {"type": "number"},
    "diskread": {"type": "number"}, "diskwrite": {"type": "number"},
    "netin": {"type": "number"}, "netout": {"type": "number"}
  },
  "required": ["vmid", "node", "type", "name", "status", "template"]
})";

mcp::ToolResult get_vm_status(const Call& call, const GuestStatusArgs& a) {
  pve::Api& api = call.api;
  const std::string& node = a.node;
  const std::int64_t vmid = a.vmid;
  const GuestType type = a.type == "lxc" ? GuestType::kLxc : GuestType::kQemu;
  std::string type_name = guest_type_name(type);
  json s =
      api.get(pve::path({"nodes", node, type_name, std::to_string(vmid), "status", "current"}));

  std::string status = text_field(s, "status");
  if (status.empty()) status = "unknown";
  std::string name = text_field(s, "name");
  std::string qmpstatus = text_field(s, "qmpstatus");
  json out = {{"vmid", vmid}, {"node", node},     {"type", type_name},
              {"name", name}, {"status", status}, {"template", flag_field(s, "template")}};

  std::string shown_name = name.empty() ? "(unnamed)" : md::one_line(name);
  std::string text = md::status_dot(status) + " " + md::guest_icon(type_name) + " **" + shown_name +
                     "** (ID: " + std::to_string(vmid) + ")\n\n";
  text += md::bullet("Node", node) + "\n";
  std::string shown_status = status;
  // A paused VM is "running" to Proxmox; QMP says what it really does.
  if (!qmpstatus.empty() && qmpstatus != status)
    shown_status += " (" + md::one_line(qmpstatus) + ")";
  text += md::bullet("Status", shown_status) + "\n";
  text += md::bullet("Type", guest_type_label(type)) + "\n";
  if (!qmpstatus.empty()) out["qmpstatus"] = qmpstatus;
  if (flag_field(s, "template")) text += md::bullet("Template", "yes") + "\n";
  if (std::string lock = text_field(s, "lock"); !lock.empty()) {
    text += md::bullet("Lock", md::one_line(lock)) + "\n";
    out["lock"] = lock;
  }
  if (s.contains("ha") && s["ha"].is_object()) {
    bool managed = flag_field(s["ha"], "managed");
    out["ha_managed"] = managed;
    if (managed) text += md::bullet("HA", "managed") + "\n";
  }

  auto uptime = integer_field(s, "uptime");
  auto cpu = number_field(s, "cpu");
  auto cpus = number_field(s, "cpus");
  auto mem = number_field(s, "mem");
  auto maxmem = number_field(s, "maxmem");
  if (uptime) out["uptime"] = *uptime;
  if (cpu) out["cpu"] = *cpu;
  if (cpus) out["cpus"] = *cpus;
  if (mem) out["mem"] = *mem;
  if (maxmem) out["maxmem"] = *maxmem;
  bool running = status == "running";
  if (running && uptime) text += md::bullet("Uptime", md::uptime(*uptime)) + "\n";
  if (running && cpu) {
    std::string of = cpus ? " of " + std::to_string(std::llround(*cpus)) + " vCPU" : "";
    text += md::bullet("CPU Usage", md::percent(*cpu) + of) + "\n";
  }
  if (maxmem) {
    text += md::bullet("Memory", running && mem ? md::usage(*mem, *maxmem)
                                                : md::bytes(*maxmem) + " configured") +
            "\n";
  }

  struct Counter {
    const char* key;
    const char* label;
  };
  for (Counter c : {Counter{"diskread", "Disk Read"}, Counter{"diskwrite", "Disk Write"},
                    Counter{"netin", "Network In"}, Counter{"netout", "Network Out"}}) {
    auto v = number_field(s, c.key);
    if (!v) continue;
    out[c.key] = *v;
    if (running) text += md::bullet(c.label, md::bytes(*v)) + "\n";
  }

  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
