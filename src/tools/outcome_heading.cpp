#include "tools/outcome_heading.h"

#include "tools/markdown.h"

namespace tools {

bool outcome_done(const FollowedTask& task) {
  return task.read_error.empty() && task.status.succeeded();
}

std::string outcome_heading(const FollowedTask& task, const OutcomeTitles& titles, bool held_back) {
  if (outcome_done(task)) {
    if (held_back && !titles.pending.empty()) return md::heading("⏳", titles.pending);
    return md::heading(titles.emoji, titles.done);
  }
  if (task.read_error.empty() && task.status.finished()) return md::heading("❌", titles.failed);
  return md::heading(titles.emoji, titles.started);
}

}  // namespace tools
