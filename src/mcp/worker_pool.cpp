#include "mcp/worker_pool.h"

namespace mcp {

namespace {

// The pool whose job this thread is running, so that Idle can tell a worker from a stranger.
thread_local WorkerPool* t_current_pool = nullptr;

}  // namespace

WorkerPool::WorkerPool(std::size_t active_limit, std::size_t max_threads)
    : active_limit_(active_limit == 0 ? 1 : active_limit),
      max_threads_(max_threads < active_limit_ ? active_limit_ : max_threads) {
  std::lock_guard lock(mutex_);
  threads_.reserve(active_limit_);
  for (std::size_t i = 0; i < active_limit_; ++i) start_thread_locked();
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

bool WorkerPool::may_start_job_locked() const {
  return !queue_.empty() && active_ < active_limit_ && resuming_ == 0;
}

void WorkerPool::submit(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(job));
  wake_worker_locked();
}

void WorkerPool::wake_worker_locked() {
  if (!may_start_job_locked()) return;
  // Every thread may be asleep in an idle job: start one more for the queue.
  if (free_threads_ == 0 && threads_.size() < max_threads_ && !stopping_) start_thread_locked();
  work_ready_.notify_one();
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void WorkerPool::run() {
  t_current_pool = this;
  std::unique_lock lock(mutex_);
  for (;;) {
    ++free_threads_;
    work_ready_.wait(lock, [this] { return may_start_job_locked() || stopping_; });
    --free_threads_;
    if (queue_.empty()) return;  // stopping and nothing left
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    ++active_;
    ++running_;
    lock.unlock();
    try {
      job();
    } catch (...) {  // NOLINT(bugprone-empty-catch): jobs report their own failures
    }
    lock.lock();
    --active_;
    --running_;
    place_free_.notify_one();
    if (queue_.empty() && running_ == 0) idle_.notify_all();
  }
}

WorkerPool::Idle::Idle(WorkerPool& pool) : pool_(t_current_pool == &pool ? &pool : nullptr) {
  if (pool_ == nullptr) return;
  std::lock_guard lock(pool_->mutex_);
  --pool_->active_;
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
}

}  // namespace mcp
