// A write whose answer is lost after it reached Proxmox: the tool finds the task it started and
// reports the real outcome, or says that Proxmox may have applied it. An agent must never be led
// to repeat a create or a start blindly.
#include <ctime>

#include <gtest/gtest.h>

#include "write_fixture.h"

namespace integration {
namespace {

class LostAnswer : public WriteSimTest {
 protected:
  // The client with a short request timeout, for answers that come too late.
  void use_timeout(long timeout_ms) {
    use_token(sim_->token_user(), sim_->token_name(), sim_->token_secret(), timeout_ms);
  }
};

TEST_F(LostAnswer, ACutAnswerToASnapshotIsRecoveredFromTheTaskList) {
  sim_->set_fault("truncate:POST");
  clear();
  auto r = call("proxmox_create_snapshot_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"snapname", "cut_answer"}});
  sim_->clear_faults();
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Note**: the answer to the request was lost (Proxmox at "))
      << r.text;
  EXPECT_TRUE(contains(r.text,
                       "sent a response to POST /nodes/pve1/qemu/100/snapshot that is "
                       "not valid JSON"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **Result**: ✅ OK")) << r.text;
  EXPECT_TRUE(contains(r.structured["upid"].get<std::string>(), ":qmsnapshot:100:"));
  const std::vector<Request> sent = changes();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0],
            (Request{"POST", "/nodes/pve1/qemu/100/snapshot", {{"snapname", "cut_answer"}}}));
  EXPECT_EQ(std::get<1>(sent[1]), "/nodes/pve1/tasks");
  auto params = std::get<2>(sent[1]);
  ASSERT_EQ(params.size(), 6U);
  // Since half a minute before the request, for a node clock a little behind ours.
  const long since = std::stol(params[3].second);
  const long now = static_cast<long>(std::time(nullptr));
  EXPECT_LE(since, now - 30);
  EXPECT_GE(since, now - 40);
  params[3].second = "T";
  EXPECT_EQ(params,
            (std::vector<std::pair<std::string, std::string>>{{"vmid", "100"},
                                                              {"typefilter", "qmsnapshot"},
                                                              {"source", "all"},
                                                              {"since", "T"},
                                                              {"userfilter", sim_->token_user()},
                                                              {"limit", "50"}}));
  auto listed = call("proxmox_list_snapshots_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(contains(listed.text, "cut_answer")) << listed.text;
}

TEST_F(LostAnswer, ALateAnswerSaysProxmoxMayHaveAppliedIt) {
  use_timeout(500);
  sim_->set_fault("latency:POST:1500");
  auto r = call("proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text,
                       "did not answer POST /nodes/pve2/qemu/102/status/start within 500 "
                       "ms"))
      << r.text;
  EXPECT_TRUE(
      r.text.ends_with(" — Proxmox may have applied it: check with proxmox_list_tasks and "
                       "the guest's current state before trying again"))
      << r.text;
}

TEST_F(LostAnswer, ARefusedConnectionWasNotApplied) {
  use_timeout(500);
  sim_->set_fault("reset:POST");
  auto r = call("proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}});
  sim_->clear_faults();
  ASSERT_TRUE(r.is_error);
  // A reset after the request went out is still "may have applied"; what matters is that
  // it is never silently repeated.
  int posts = 0;
  for (const auto& request : requests()) posts += std::get<0>(request) == "POST" ? 1 : 0;
  EXPECT_EQ(posts, 1);
}

}  // namespace
}  // namespace integration
