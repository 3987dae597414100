// The heading of a write tool's answer, chosen by how its Proxmox task ended.
#pragma once

#include <string>
#include <string_view>

#include "tools/task_follow.h"

namespace tools {

// The Node.js server always said "… Started"; we follow the task, so the heading says what
// is known: done, failed, or only started (not waited for, timed out, cancelled, unreadable).
struct OutcomeTitles {
  std::string_view emoji;    // for "started" and "done", e.g. "📸"
  std::string_view started;  // "Snapshot Creation Started"
  std::string_view done;     // "Snapshot Created"
  std::string_view failed;   // "Snapshot Creation Failed" (always with ❌)
  // Done, but Proxmox holds the change until the guest's next start: "Disk Removal Pending".
  std::string_view pending = {};
};

// "📸 **Snapshot Created**" (md::heading spacing); with `held_back`, the pending title (⏳).
std::string outcome_heading(const FollowedTask& task, const OutcomeTitles& titles,
                            bool held_back = false);

// True when the task (or a synchronous change) finished successfully.
bool outcome_done(const FollowedTask& task);

}  // namespace tools
