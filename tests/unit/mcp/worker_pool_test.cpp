// The pool's bound on busy jobs, and how a job that only waits gives its place to others.
#include "mcp/worker_pool.h"

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace mcp {
namespace {

// Generous: only keeps a broken build from hanging; no test depends on timing.
constexpr auto kSafety = std::chrono::seconds(30);

TEST(WorkerPool, NoMoreThanTheLimitRunAtOnce) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  {
    WorkerPool pool(2);
    for (int i = 0; i < 20; ++i) {
      pool.submit([&] {
        const int now = ++running;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        --running;
      });
    }
    pool.wait_idle();
  }
  EXPECT_EQ(most, 2);
}

// Threads start as jobs need them; a burst of jobs submitted before any thread runs must not
// start a thread each (they would live as long as the pool).
TEST(WorkerPool, ABurstOfJobsStartsNoMoreThreadsThanMayRunAtOnce) {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  {
    WorkerPool pool(2);
    for (int i = 0; i < 40; ++i) {
      pool.submit([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
      });
    }
    pool.wait_idle();
  }
  EXPECT_LE(threads.size(), 2U);
}

TEST(WorkerPool, OneOwnerCannotTakeEveryPlace) {
  // Four places, two per owner: "a" fills its two with jobs that block, and queues more; "b"'s
  // job, queued after them, still runs.
  WorkerPool pool(4, WorkerPool::kDefaultMaxThreads, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> a_running{0};
  std::atomic<int> a_most{0};
  for (int i = 0; i < 5; ++i) {
    pool.submit(
        [&] {
          const int now = ++a_running;
          for (int seen = a_most; now > seen && !a_most.compare_exchange_weak(seen, now);) {
          }
          released.wait_for(kSafety);
          --a_running;
        },
        "a");
  }
  // Both of "a"'s places are taken before "b" asks for one.
  const auto until = std::chrono::steady_clock::now() + kSafety;
  while (a_running < 2 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(a_running, 2);
  std::promise<void> b_ran;
  pool.submit([&] { b_ran.set_value(); }, "b");
  EXPECT_EQ(b_ran.get_future().wait_for(kSafety), std::future_status::ready);
  release.set_value();
  pool.wait_idle();
  EXPECT_EQ(a_most, 2);
}

TEST(WorkerPool, StoppingFinishesJobsQueuedBehindTheirOwnersLimit) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(4, WorkerPool::kDefaultMaxThreads, 1);
    for (int i = 0; i < 6; ++i) {
      pool.submit(
          [&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ++done;
          },
          "a");
    }
  }  // the destructor runs all six, one at a time, and returns
  EXPECT_EQ(done, 6);
}

TEST(WorkerPool, AnIdleJobGivesItsOwnersPlaceToTheOwnersNextJob) {
  WorkerPool pool(4, WorkerPool::kDefaultMaxThreads, 1);
  std::promise<void> second_ran;
  std::future<void> second = second_ran.get_future();
  std::promise<bool> first_saw_it;
  pool.submit(
      [&] {
        const WorkerPool::Idle idle(pool);
        first_saw_it.set_value(second.wait_for(kSafety) == std::future_status::ready);
      },
      "a");
  pool.submit([&] { second_ran.set_value(); }, "a");
  EXPECT_TRUE(first_saw_it.get_future().get());
  pool.wait_idle();
}

TEST(WorkerPool, AnIdleJobLetsAQueuedJobRun) {
  WorkerPool pool(1);
  std::promise<void> second_ran;
  std::future<void> second = second_ran.get_future();
  std::promise<bool> first_saw_it;
  pool.submit([&] {
    const WorkerPool::Idle idle(pool);
    first_saw_it.set_value(second.wait_for(kSafety) == std::future_status::ready);
  });
  pool.submit([&] { second_ran.set_value(); });
  EXPECT_TRUE(first_saw_it.get_future().get());
  pool.wait_idle();
}

TEST(WorkerPool, AResumingJobWaitsForAFreePlace) {
  WorkerPool pool(1);
  std::atomic<bool> second_done{false};
  std::atomic<bool> first_resumed_early{false};
  std::promise<void> second_started;
  std::promise<void> release_second;
  std::shared_future<void> released = release_second.get_future().share();
  pool.submit([&] {
    {
      const WorkerPool::Idle idle(pool);
      second_started.get_future().wait();
    }  // takes its place back only when the second job is done
    first_resumed_early = !second_done;
  });
  pool.submit([&] {
    second_started.set_value();
    released.wait();
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  release_second.set_value();
  pool.wait_idle();
  EXPECT_FALSE(first_resumed_early);
}

TEST(WorkerPool, IdleOutsideThePoolChangesNothing) {
  WorkerPool pool(1);
  {
    const WorkerPool::Idle idle(pool);  // the test's own thread is no worker
  }
  std::promise<void> ran;
  pool.submit([&] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(kSafety), std::future_status::ready);
}

}  // namespace
}  // namespace mcp
