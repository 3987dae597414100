// A scripted, call-recording pve::Api for the tool tests: no network, no timing.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "pve/api.h"
#include "pve/error.h"

namespace tools::testing {

struct Call {
  std::string method;
  std::string path;
  pve::Params params;
  bool operator==(const Call&) const = default;
  bool operator<(const Call& o) const {
    return std::tie(method, path, params) < std::tie(o.method, o.path, o.params);
  }
};

// Answers are scripted per "METHOD path"; a queue of answers is consumed in order and its last
// answer repeats. Unscripted requests answer 501 as Proxmox does for an unknown path.
class FakeApi : public pve::Api {
 public:
  using Answer = std::variant<nlohmann::json, pve::Error>;

  void on(const std::string& method, const std::string& path, Answer answer) {
    std::lock_guard lock(mu_);
    script_[method + " " + path].push_back(std::move(answer));
  }
  void on_get(const std::string& path, nlohmann::json data) { on("GET", path, std::move(data)); }
  // The whole envelope ({"data":…, "total":…}) for get_envelope.
  void on_get_envelope(const std::string& path, nlohmann::json envelope) {
    std::lock_guard lock(mu_);
    envelopes_[path] = std::move(envelope);
  }
  void fail_get(const std::string& path, pve::Error error) { on("GET", path, std::move(error)); }

  nlohmann::json get(const std::string& path, const pve::Params& params) override {
    return answer("GET", path, params);
  }
  nlohmann::json post(const std::string& path, const pve::Params& params) override {
    return answer("POST", path, params);
  }
  nlohmann::json put(const std::string& path, const pve::Params& params) override {
    return answer("PUT", path, params);
  }
  nlohmann::json del(const std::string& path, const pve::Params& params) override {
    return answer("DELETE", path, params);
  }
  nlohmann::json get_envelope(const std::string& path, const pve::Params& params) override {
    {
      std::lock_guard lock(mu_);
      auto it = envelopes_.find(path);
      if (it != envelopes_.end()) {
        calls_.push_back({"GET", path, params});
        return it->second;
      }
    }
    return {{"data", answer("GET", path, params)}};
  }

  // "user@realm!token" as pve::Client reports it; empty unless a test sets it.
  std::string token;
  [[nodiscard]] std::string token_id() const override { return token; }

  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // For parallel requests, whose order is not defined.
  std::vector<Call> sorted_calls() const {
    auto c = calls();
    std::sort(c.begin(), c.end());
    return c;
  }

 private:
  nlohmann::json answer(const std::string& method, const std::string& path,
                        const pve::Params& params) {
    std::unique_lock lock(mu_);
    calls_.push_back({method, path, params});
    auto it = script_.find(method + " " + path);
    if (it == script_.end() || it->second.empty()) {
      std::string what = "Method '" + method + " " + path + "' not implemented";
      throw pve::Error(pve::ErrorKind::kNotImplemented, 501, what, what);
    }
    Answer a = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    lock.unlock();
    if (auto* e = std::get_if<pve::Error>(&a)) throw *e;
    return std::get<nlohmann::json>(a);
  }

  mutable std::mutex mu_;
  std::map<std::string, std::deque<Answer>> script_;
  std::map<std::string, nlohmann::json> envelopes_;
  std::vector<Call> calls_;
};

class FakeContext : public mcp::CallContext {
 public:
  bool cancel = false;
  std::vector<std::string> progress_messages;
  bool cancelled() const override { return cancel; }
  void progress(double, std::optional<double>, const std::string& message) override {
    progress_messages.push_back(message);
  }
  bool pause(std::chrono::milliseconds duration) override {
    pauses.push_back(duration);
    if (!cancel) std::this_thread::sleep_for(duration);
    return cancel;
  }
  std::vector<std::chrono::milliseconds> pauses;
  mcp::ClientInfo who;
  [[nodiscard]] mcp::ClientInfo client() const override { return who; }
};

inline pve::Error offline_error(const std::string& node) {
  return pve::Error(pve::ErrorKind::kNodeOffline, 595, "No route to host",
                    "node '" + node + "' is offline or unreachable (HTTP 595: No route to host)");
}

}  // namespace tools::testing
