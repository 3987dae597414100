// The Proxmox API as the tools see it: typed calls over /api2/json with typed errors.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pve/rows.h"

namespace pve {

// Ordered key/value pairs; a key may repeat (argv arrays: command=ls&command=-la).
// Booleans are passed as "1"/"0" by the caller (see param_bool).
using Params = std::vector<std::pair<std::string, std::string>>;

inline std::pair<std::string, std::string> param_bool(std::string key, bool value) {
  return {std::move(key), value ? "1" : "0"};
}

// Builds "/seg1/seg2/..." with every segment percent-encoded (RFC 3986 unreserved kept).
std::string path(std::initializer_list<std::string_view> segments);

// Abstract so that tools depend on the call surface, not on the HTTPS client.
// Every method throws pve::Error (error.h) on any failure; returns the envelope's `data`.
class Api {
 public:
  virtual ~Api() = default;
  virtual nlohmann::json get(const std::string& path, const Params& params = {}) = 0;
  virtual nlohmann::json post(const std::string& path, const Params& params = {}) = 0;
  virtual nlohmann::json put(const std::string& path, const Params& params = {}) = 0;
  virtual nlohmann::json del(const std::string& path, const Params& params = {}) = 0;

  // The whole response envelope of a GET ({"data": …, "total": N, …}) for the few
  // list endpoints whose `total` matters (task log, task list). The default wraps get() and so
  // has no `total`; pve::Client overrides it with the real envelope.
  virtual nlohmann::json get_envelope(const std::string& path, const Params& params = {});

  // A GET of a list read as rows of `keys` (pve/rows.h); nullopt when its data is not an
  // array. The default reads get()'s document; pve::Client reads the answer's text as it
  // parses it, for lists too large to hold as a document.
  virtual std::optional<std::vector<Row>> get_rows(const std::string& path, const Params& params,
                                                   RowKeys keys);

  // "user@realm!token", the user a task started through this API runs as (a UPID's
  // user field); empty when unknown.
  [[nodiscard]] virtual std::string token_id() const { return {}; }

  // A change made by other means than the API (a command run on a node over SSH), made by
  // `make` and shown as a change request would be: `method` and `what` name it ("SSH",
  // "root@10.0.0.11:22 pct exec 101"), `params` its arguments. An observed API shows it to its
  // observer (the audit log) and a dry run stops at it; here it is simply made. `make` throws
  // pve::Error on failure, as the other calls do.
  virtual nlohmann::json change_outside(std::string_view method, const std::string& what,
                                        const Params& params,
                                        const std::function<nlohmann::json()>& make);
};

}  // namespace pve
