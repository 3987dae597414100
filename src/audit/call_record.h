// audit::CallRecord: the lines one audited tool call leaves in the log, from start to end.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/log_file.h"
#include "pve/observed_api.h"

namespace audit {

// The audit log of a server's cluster: its file, the token secret no line may hold, and the
// cluster's name when the server serves several (one file serves them all).
struct Log {
  LogFile& file;
  std::string token_secret;
  std::string cluster = {};
};

// Who called which tool with what; the arguments still hold their secrets.
struct CallStart {
  std::string_view tool;
  std::string_view client_name;
  std::string_view client_version;
  std::string_view access_token = {};  // the HTTP access token's name; empty over stdio
  const nlohmann::json& arguments;
};

// `asked`: the call ended to ask the person (a 2026-07-28 input_required result, or a confirm
// token for a second call); that retry is recorded as a call of its own. `declined`: the person
// did not approve it (or did not answer in time), so nothing was sent.
enum class Outcome { ok, error, refused, cancelled, asked, declined };
std::string_view outcome_name(Outcome outcome);

struct CallEnd {
  Outcome outcome = Outcome::ok;
  std::string error = {};  // what the caller was told went wrong (error, refused)
  // The Proxmox task the call followed, as the tool reported it (upid, status, exitstatus…);
  // null when there was none.
  nlohmann::json task = nullptr;
};

// Writes a "start" line when made (throws WriteError: the call must not go on unrecorded),
// a "request" line before each change request is sent (throws WriteError: it is not sent), a
// "reply" line when it is answered, and an "end" line. Every line carries the call's id. A reply
// line that cannot be written does not throw (the change happened; its answer must reach the
// caller): end() reports it.
class CallRecord final : public pve::ChangeObserver {
 public:
  CallRecord(const Log& log, const CallStart& start);

  [[nodiscard]] const std::string& id() const { return id_; }

  std::optional<nlohmann::json> sending(const pve::ChangeRequest& request) override;
  void answered(const pve::ChangeRequest& request, const nlohmann::json& data) override;
  void failed(const pve::ChangeRequest& request, const pve::Error& error) override;

  // Writes the end line. Throws WriteError when it, or a reply line before it, could not be
  // written.
  void end(const CallEnd& end);

 private:
  nlohmann::ordered_json line(std::string_view event) const;
  void reply(nlohmann::ordered_json line);

  const Log& log_;
  std::string id_;
  std::chrono::steady_clock::time_point started_;
  int requests_ = 0;     // numbers the request lines; a reply names the one it answers
  std::string trouble_;  // the first reply line that could not be written
};

}  // namespace audit
