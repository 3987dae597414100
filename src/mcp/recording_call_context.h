// A CallContext for unit tests of tool handlers: records progress and questions, cancels and
// answers on demand.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mcp/tool.h"

namespace mcp {

// Unlike the dispatcher's context it records every progress call as made (no filtering), so a
// test can assert exactly what a handler reported. ask() records the message and returns the
// scripted answer (unavailable until answer() sets another). Thread-safe.
class RecordingCallContext final : public CallContext {
 public:
  struct Progress {
    double progress;
    std::optional<double> total;
    std::string message;
  };

  void cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_.store(true);
    }
    wake_.notify_all();
  }
  [[nodiscard]] bool cancelled() const override { return cancelled_.load(); }

  void progress(double progress, std::optional<double> total, const std::string& message) override {
    std::lock_guard lock(mutex_);
    updates_.push_back(Progress{progress, total, message});
  }

  bool pause(std::chrono::milliseconds duration) override {
    std::unique_lock lock(mutex_);
    ++pauses_;
    wake_.wait_for(lock, duration, [this] { return cancelled_.load(); });
    return cancelled_.load();
  }

  // What every later ask() returns.
  void answer(Consent consent) {
    std::lock_guard lock(mutex_);
    answer_ = consent;
  }
  Consent ask(const std::string& message) override {
    std::lock_guard lock(mutex_);
    questions_.push_back(message);
    return answer_;
  }
  [[nodiscard]] std::vector<std::string> questions() const {
    std::lock_guard lock(mutex_);
    return questions_;
  }

  [[nodiscard]] int pauses() const {
    std::lock_guard lock(mutex_);
    return pauses_;
  }

  [[nodiscard]] std::vector<Progress> updates() const {
    std::lock_guard lock(mutex_);
    return updates_;
  }

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Progress> updates_;
  int pauses_ = 0;
  Consent answer_ = Consent::unavailable;
  std::vector<std::string> questions_;
};

}  // namespace mcp
