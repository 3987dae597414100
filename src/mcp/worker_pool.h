// Threads running queued jobs, at most a fixed number of them busy at once: bounds how many
// tool calls work at the same time without letting calls that only wait hold the others back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mcp {

class WorkerPool {
 public:
  // A waiting job keeps its thread; past this many threads, queued jobs wait for one to finish.
  static constexpr std::size_t kDefaultMaxThreads = 256;
  // After jobs, this long with none running or queued returns the memory they freed to the
  // system (malloc_trim): the server keeps freed memory for the next call (main.cpp), not for
  // ever.
  static constexpr std::chrono::seconds kQuietBeforeTrim{10};

  // Jobs of one owner (an HTTP client's access token) start only while the owner holds fewer
  // than `owner_limit` places, so that one client's slow calls leave places for the others; 0:
  // no limit of its own. The limit is on starting: an idle job gives its owner's place up, and
  // takes it back on resuming even past the limit (waiting there could keep it from finishing).
  explicit WorkerPool(std::size_t active_limit, std::size_t max_threads = kDefaultMaxThreads,
                      std::size_t owner_limit = 0);
  ~WorkerPool();  // finishes queued jobs, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Jobs must not throw; an escaping exception is swallowed so a worker never dies. Queued
  // jobs start in order, except that one whose owner has its places taken lets later ones by.
  void submit(std::function<void()> job, std::string owner = {});
  // Blocks until the queue is empty and no job is running.
  void wait_idle();

  // While one lives, the job on this thread does not count against the active limit: it is
  // asleep (between polls of a Proxmox task), so a queued job may run meanwhile. On leaving, it
  // waits for a free place again. A no-op on a thread that is not running one of this pool's jobs.
  class Idle {
   public:
    explicit Idle(WorkerPool& pool);
    ~Idle();
    Idle(const Idle&) = delete;
    Idle& operator=(const Idle&) = delete;

   private:
    WorkerPool* pool_;  // null when this thread is not one of the pool's workers
  };

 private:
  struct Job {
    std::function<void()> run;
    std::string owner;
  };

  void run();
  // The first queued job whose owner has a place left; queue_.end() when none.
  std::deque<Job>::iterator next_job_locked();
  void start_thread_locked();
  // Lets a free thread (or a new one) take the next queued job, when there is room for it.
  void wake_worker_locked();
  [[nodiscard]] bool may_start_job_locked();

  std::mutex mutex_;
  std::condition_variable work_ready_;  // a job is queued and a place may be free
  std::condition_variable place_free_;  // an idle job may take its place back
  std::condition_variable idle_;        // nothing queued, nothing running
  std::deque<Job> queue_;
  const std::size_t active_limit_;
  const std::size_t max_threads_;
  const std::size_t owner_limit_;
  std::map<std::string, std::size_t> owner_active_;  // places taken, by owner (idle jobs not)
  std::size_t active_ = 0;                           // running jobs that are not idle
  std::size_t running_ = 0;                          // running jobs, idle or not
  std::size_t resuming_ = 0;      // idle jobs waiting for their place back: they go first
  std::size_t free_threads_ = 0;  // threads waiting for a job
  std::size_t starting_ = 0;      // threads started that have not yet looked for one
  bool stopping_ = false;
  bool trim_due_ = false;  // a job ended since memory was last returned
  std::vector<std::thread> threads_;
};

}  // namespace mcp
