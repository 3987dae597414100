// The guest lifecycle tools: power (start, stop, reboot, shutdown, pause, resume), clone, resize
// and delete, each for VMs and containers unless named for one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "tools/common_args.h"
#include "tools/guest_args.h"
#include "tools/snapshot_name.h"
#include "tools/tool_row.h"

namespace tools {

// How long each operation is followed by default. Shutdown gives the guest OS time to stop
// cleanly (PVE's own default wait is 180 s); a full clone copies every disk; destroying a guest
// wipes its volumes; memory hotplug adds DIMMs one by one.
inline constexpr std::int64_t kStartTimeout = 120;   // start and stop
inline constexpr std::int64_t kRebootTimeout = 180;  // reboot and shutdown
inline constexpr std::int64_t kPauseTimeout = 60;    // pause and resume
inline constexpr std::int64_t kCloneTimeout = 900;
inline constexpr std::int64_t kResizeTimeout = 120;
inline constexpr std::int64_t kDeleteTimeout = 300;

using StartArgs = GuestTaskArgs<kStartTimeout>;  // start and stop
using RebootArgs = GuestTaskArgs<kRebootTimeout>;
using PauseArgs = GuestTaskArgs<kPauseTimeout>;  // pause and resume

struct ShutdownArgs : GuestTaskArgs<kRebootTimeout> {
  bool force_stop = false;
  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{typed::flag(&ShutdownArgs::force_stop, "force_stop").about("Stop on timeout")},
        TaskWait<kRebootTimeout>::fields());
  }
};

// PVE's dns-name, worded for a clone's name or hostname.
typed::Problem clone_name(const std::string& text);

struct CloneArgs : GuestTaskArgs<kCloneTimeout> {
  std::optional<std::int64_t> newid;
  std::optional<std::string> name;
  std::optional<bool> full;  // absent: Proxmox's choice (linked for a template, else full)
  std::optional<std::string> target;
  std::optional<std::string> storage;
  std::optional<std::string> pool;
  std::optional<std::string> snapname;
  std::optional<std::string> description;

  static auto fields_noting_snapshot(std::string_view snapname_about) {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{
            typed::vmid(&CloneArgs::newid, "newid").about("Default: next free ID"),
            typed::field(&CloneArgs::name, "name").checked(clone_name),
            typed::field(&CloneArgs::full, "full").about("Default: linked for templates"),
            typed::node(&CloneArgs::target, "target").about("Target node"),
            typed::storage(&CloneArgs::storage),
            typed::field(&CloneArgs::pool, "pool").checked(typed::pool_id),
            typed::field(&CloneArgs::snapname, "snapname")
                .about(snapname_about)
                .checked(typed::snapshot_id),
            typed::field(&CloneArgs::description, "description"),
        },
        TaskWait<kCloneTimeout>::fields());
  }
  static auto fields() { return fields_noting_snapshot("Source snapshot"); }
};

// A container's clone may name its hostname so; it wins over name.
struct CloneLxcArgs : CloneArgs {
  std::optional<std::string> hostname;
  static auto fields() {
    return std::tuple_cat(
        fields_noting_snapshot("Source snapshot"),
        // The Node.js server's alias of `name`: accepted, not advertised.
        std::tuple{
            typed::field(&CloneLxcArgs::hostname, "hostname").checked(clone_name).unlisted()});
  }
};

struct ResizeArgs : GuestTaskArgs<kResizeTimeout> {
  std::optional<std::int64_t> cores;
  std::optional<std::int64_t> memory;
  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{
            typed::field(&ResizeArgs::cores, "cores").checked(typed::between<1, kMaxCores>),
            typed::field(&ResizeArgs::memory, "memory")
                .about("MiB")
                .checked(typed::between<kMinMemory, kMaxMemory>),
        },
        TaskWait<kResizeTimeout>::fields());
  }
};

struct DeleteArgs : GuestTaskArgs<kDeleteTimeout> {
  bool purge = false;
  bool destroy_unreferenced_disks = false;
  static auto own() {
    return std::tuple{
        typed::flag(&DeleteArgs::purge, "purge").about("Also remove it from jobs and HA"),
        typed::flag(&DeleteArgs::destroy_unreferenced_disks, "destroy_unreferenced_disks"),
    };
  }
  static auto fields() {
    return std::tuple_cat(GuestArgs::fields(), own(), TaskWait<kDeleteTimeout>::fields());
  }
};

// Proxmox stops a running container first when asked to; a VM it never does.
struct DeleteLxcArgs : DeleteArgs {
  bool force = false;
  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(), own(),
        std::tuple{typed::flag(&DeleteLxcArgs::force, "force").about("Stop it first")},
        TaskWait<kDeleteTimeout>::fields());
  }
};

mcp::ToolResult start_guest(const Call& call, const StartArgs& args);
mcp::ToolResult stop_guest(const Call& call, const StartArgs& args);
mcp::ToolResult reboot_guest(const Call& call, const RebootArgs& args);
mcp::ToolResult shutdown_guest(const Call& call, const ShutdownArgs& args);
mcp::ToolResult pause_guest(const Call& call, const PauseArgs& args);
mcp::ToolResult resume_guest(const Call& call, const PauseArgs& args);
mcp::ToolResult clone_guest(const Call& call, const CloneArgs& args);
mcp::ToolResult clone_guest(const Call& call, const CloneLxcArgs& args);
mcp::ToolResult resize_guest(const Call& call, const ResizeArgs& args);
mcp::ToolResult delete_guest(const Call& call, const DeleteArgs& args);
mcp::ToolResult delete_guest(const Call& call, const DeleteLxcArgs& args);

extern const std::string_view kPowerOutput;
extern const std::string_view kCloneOutput;
extern const std::string_view kResizeOutput;
extern const std::string_view kDeleteOutput;

}  // namespace tools
