#include "audit/call_record.h"

#include "audit/secrets.h"
#include "bytes/random.h"
#include "pve/encoding.h"
#include "pve/tasks.h"
#include "pve/text.h"

namespace audit {
namespace {

constexpr std::size_t kErrorBytes = 2000;  // a failed task's text may carry a long log tail

// 64 random bits as hex: enough to join one call's lines among a long log's.
std::string new_call_id() {
  return bytes::random_hex(8);
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok:
      return "ok";
    case Outcome::error:
      return "error";
    case Outcome::refused:
      return "refused";
    case Outcome::cancelled:
      return "cancelled";
    case Outcome::asked:
      return "asked";
    case Outcome::declined:
      return "declined";
  }
  return "error";
}

CallRecord::CallRecord(const Log& log, const CallStart& start)
    : log_(log), id_(new_call_id()), started_(std::chrono::steady_clock::now()) {
  nlohmann::ordered_json first = line("start");
  first["client"] = {
      {"name", pve::redact(std::string(start.client_name), log_.token_secret)},
      {"version", pve::redact(std::string(start.client_version), log_.token_secret)}};
  if (!start.access_token.empty()) first["client"]["token_name"] = start.access_token;
  if (!log_.cluster.empty()) first["cluster"] = log_.cluster;
  first["tool"] = start.tool;
  first["arguments"] = without_secrets(start.arguments, log_.token_secret);
  log_.file.append(std::move(first));
}

nlohmann::ordered_json CallRecord::line(std::string_view event) const {
  nlohmann::ordered_json out;
  out["call"] = id_;
  out["event"] = event;
  return out;
}

std::optional<nlohmann::json> CallRecord::sending(const pve::ChangeRequest& request) {
  nlohmann::ordered_json out = line("request");
  out["request"] = ++requests_;
  out["method"] = request.method;
  out["path"] = pve::redact(request.path, log_.token_secret);
  out["params"] = without_secrets(pve::params_json(request.params), log_.token_secret);
  log_.file.append(std::move(out));
  return std::nullopt;
}

void CallRecord::reply(nlohmann::ordered_json out) {
  try {
    log_.file.append(std::move(out));
  } catch (const WriteError& error) {
    if (trouble_.empty()) trouble_ = error.what();
  }
}

void CallRecord::answered(const pve::ChangeRequest&, const nlohmann::json& data) {
  nlohmann::ordered_json out = line("reply");
  out["request"] = requests_;
  out["outcome"] = "ok";
  // Only a task id: other answers may carry what must not be kept (a new token's secret).
  if (data.is_string() && pve::Upid::parse(data.get<std::string>())) out["upid"] = data;
  // A command's exit code (a container's, over SSH); never its output, which may hold anything.
  if (data.is_object() && data.contains("exitcode") && data["exitcode"].is_number_integer()) {
    out["exit_code"] = data["exitcode"];
  }
  reply(std::move(out));
}

void CallRecord::failed(const pve::ChangeRequest&, const pve::Error& error) {
  nlohmann::ordered_json out = line("reply");
  out["request"] = requests_;
  out["outcome"] = "error";
  if (error.status() != 0) out["status"] = error.status();
  out["error"] = pve::clip(pve::redact(error.what(), log_.token_secret), kErrorBytes);
  // The request reached Proxmox but its answer was lost: it may have been applied.
  if (error.outcome_unknown()) out["outcome_unknown"] = true;
  reply(std::move(out));
}

void CallRecord::end(const CallEnd& end) {
  nlohmann::ordered_json out = line("end");
  out["outcome"] = outcome_name(end.outcome);
  out["duration_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started_)
                           .count();
  if (!end.error.empty()) {
    out["error"] = pve::clip(pve::redact(end.error, log_.token_secret), kErrorBytes);
  }
  if (!end.task.is_null()) out["task"] = without_secrets(end.task, log_.token_secret);
  log_.file.append(std::move(out));
  if (!trouble_.empty()) throw WriteError(trouble_);
}

}  // namespace audit
