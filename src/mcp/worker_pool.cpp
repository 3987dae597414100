#include "mcp/worker_pool.h"

#include <malloc.h>

#include <algorithm>
#include <system_error>

namespace mcp {

namespace {

// The pool whose job this thread is running, so that Idle can tell a worker from a stranger,
// and the job's owner, whose place Idle gives up and takes back.
thread_local WorkerPool* t_current_pool = nullptr;
thread_local const std::string* t_current_owner = nullptr;

}  // namespace

WorkerPool::WorkerPool(std::size_t active_limit, std::size_t max_threads, std::size_t owner_limit)
    : active_limit_(active_limit == 0 ? 1 : active_limit),
      max_threads_(max_threads < active_limit_ ? active_limit_ : max_threads),
      owner_limit_(owner_limit) {
  // One thread now, the others as jobs need them (wake_worker_locked): starting all of them
  // took a few milliseconds of every start-up, with their stacks and malloc arenas. The first
  // is started here so that a thread that cannot be started later (EAGAIN) only delays jobs.
  std::lock_guard lock(mutex_);
  ++starting_;
  start_thread_locked();
}

WorkerPool::~WorkerPool() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);  // no thread is started once stopping_ is set
  }
  work_ready_.notify_all();
  place_free_.notify_all();
  for (auto& t : threads) t.join();
}

void WorkerPool::start_thread_locked() {
  threads_.emplace_back([this] { run(); });
}

std::deque<WorkerPool::Job>::iterator WorkerPool::next_job_locked() {
  if (owner_limit_ == 0) return queue_.begin();
  return std::find_if(queue_.begin(), queue_.end(), [this](const Job& job) {
    const auto taken = owner_active_.find(job.owner);
    return taken == owner_active_.end() || taken->second < owner_limit_;
  });
}

bool WorkerPool::may_start_job_locked() {
  return active_ < active_limit_ && resuming_ == 0 && next_job_locked() != queue_.end();
}

void WorkerPool::submit(std::function<void()> job, std::string owner) {
  std::lock_guard lock(mutex_);
  queue_.push_back({std::move(job), std::move(owner)});
  wake_worker_locked();
}

void WorkerPool::wake_worker_locked() {
  if (!may_start_job_locked()) return;
  // A thread for each job that may start now and that no free (or starting) thread will take:
  // every thread may be asleep in an idle job. Threads being started count as free, so that a
  // burst of jobs does not start a thread each.
  const std::size_t startable = std::min(queue_.size(), active_limit_ - active_);
  if (free_threads_ + starting_ < startable && threads_.size() < max_threads_ && !stopping_) {
    try {
      start_thread_locked();
      ++starting_;
    } catch (const std::system_error&) {
      // No thread to be had (EAGAIN): the ones there are take the job when one is free.
    }
  }
  work_ready_.notify_one();
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void WorkerPool::run() {
  t_current_pool = this;
  std::unique_lock lock(mutex_);
  --starting_;
  for (;;) {
    ++free_threads_;
    const auto has_work = [this] { return may_start_job_locked() || stopping_; };
    while (trim_due_ && !work_ready_.wait_for(lock, kQuietBeforeTrim, has_work)) {
      if (!trim_due_ || running_ != 0 || !queue_.empty()) continue;
      trim_due_ = false;  // one thread trims; the others see it done
      lock.unlock();
      malloc_trim(0);
      lock.lock();
    }
    work_ready_.wait(lock, has_work);
    --free_threads_;
    auto next = next_job_locked();
    if (next == queue_.end()) {
      if (queue_.empty()) return;  // stopping and nothing left
      // Stopping, and every queued job's owner is at its limit: wait for one of them to finish,
      // unless another thread takes what is left meanwhile.
      work_ready_.wait(lock,
                       [this] { return queue_.empty() || next_job_locked() != queue_.end(); });
      continue;
    }
    Job job = std::move(*next);
    queue_.erase(next);
    ++active_;
    ++running_;
    ++owner_active_[job.owner];
    t_current_owner = &job.owner;
    lock.unlock();
    try {
      job.run();
    } catch (...) {  // NOLINT(bugprone-empty-catch): jobs report their own failures
    }
    lock.lock();
    t_current_owner = nullptr;
    --active_;
    --running_;
    trim_due_ = true;
    if (--owner_active_[job.owner] == 0) owner_active_.erase(job.owner);
    place_free_.notify_one();
    // A job of the same owner may have waited for this place.
    if (owner_limit_ != 0) work_ready_.notify_all();
    if (queue_.empty() && running_ == 0) idle_.notify_all();
  }
}

WorkerPool::Idle::Idle(WorkerPool& pool) : pool_(t_current_pool == &pool ? &pool : nullptr) {
  if (pool_ == nullptr) return;
  std::lock_guard lock(pool_->mutex_);
  --pool_->active_;
  if (t_current_owner != nullptr && --pool_->owner_active_[*t_current_owner] == 0) {
    pool_->owner_active_.erase(*t_current_owner);
  }
  pool_->place_free_.notify_one();
  pool_->wake_worker_locked();
}

WorkerPool::Idle::~Idle() {
  if (pool_ == nullptr) return;
  std::unique_lock lock(pool_->mutex_);
  ++pool_->resuming_;
  pool_->place_free_.wait(
      lock, [this] { return pool_->active_ < pool_->active_limit_ || pool_->stopping_; });
  --pool_->resuming_;
  ++pool_->active_;
  // Taken back even past the owner's limit: the job was running, and waiting here for its
  // owner's other jobs could keep it from ever finishing.
  if (t_current_owner != nullptr) ++pool_->owner_active_[*t_current_owner];
  // Places may have come free while this job waited for one: queued jobs may take them.
  pool_->wake_worker_locked();
}

}  // namespace mcp
