// pve::ObservedApi: an Api that shows each change request (POST, PUT, DELETE) to an observer
// before it is sent and after it is answered; reads pass through unseen.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "pve/error.h"

namespace pve {

// One change request as it leaves: the method, the path as sent (percent-encoded) and the
// parameters.
struct ChangeRequest {
  std::string_view method;
  const std::string& path;
  const Params& params;
};

class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  // Before `request` is sent. An answer returned here is taken instead of sending the request
  // (a dry run); nothing: it is sent. Throwing stops it from being sent.
  virtual std::optional<nlohmann::json> sending(const ChangeRequest& request) = 0;
  // Proxmox answered with `data` (or the observer's own answer stood in for it).
  virtual void answered(const ChangeRequest& request, const nlohmann::json& data) = 0;
  // Sending failed; `error` propagates to the caller after this returns.
  virtual void failed(const ChangeRequest& request, const Error& error) = 0;
};

// Forwards every call to `inner`, showing the changes to `observer`. Both must outlive it; one
// per tool call, so an observer sees the requests of one call.
class ObservedApi final : public Api {
 public:
  ObservedApi(Api& inner, ChangeObserver& observer) : inner_(inner), observer_(observer) {}

  nlohmann::json get(const std::string& path, const Params& params = {}) override;
  nlohmann::json post(const std::string& path, const Params& params = {}) override;
  nlohmann::json put(const std::string& path, const Params& params = {}) override;
  nlohmann::json del(const std::string& path, const Params& params = {}) override;
  nlohmann::json get_envelope(const std::string& path, const Params& params = {}) override;
  std::optional<std::vector<Row>> get_rows(const std::string& path, const Params& params,
                                           RowKeys keys) override;
  [[nodiscard]] std::string token_id() const override { return inner_.token_id(); }
  nlohmann::json change_outside(std::string_view method, const std::string& what,
                                const Params& params,
                                const std::function<nlohmann::json()>& make) override;

 private:
  template <class Send>
  nlohmann::json change(std::string_view method, const std::string& path, const Params& params,
                        Send send);

  Api& inner_;
  ChangeObserver& observer_;
};

}  // namespace pve
