// PVE ticket authentication: user passwords, signed "PVE:user@realm:HEXTIME::sig" tickets and
// CSRF prevention tokens, both valid for 2 hours (pve-access-control's rules).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace pvesim {

class TicketAuthority {
 public:
  using Clock = std::function<std::int64_t()>;  // milliseconds since the epoch
  static constexpr std::int64_t kLifetimeSeconds = std::int64_t{2} * 3600;
  static constexpr std::int64_t kClockSkewSeconds = 300;  // tickets from slightly in the future

  explicit TicketAuthority(Clock clock);  // fresh random signing keys

  void set_password(const std::string& userid, const std::string& password);
  [[nodiscard]] std::string password(const std::string& userid) const;  // "" if none
  [[nodiscard]] bool knows_user(const std::string& userid) const;
  // A password, or for renewal a still-valid ticket of the same user.
  [[nodiscard]] bool credentials_valid(const std::string& userid,
                                       const std::string& password) const;

  [[nodiscard]] std::string issue_ticket(const std::string& userid) const;
  [[nodiscard]] std::string csrf_token(const std::string& userid) const;
  // The user a ticket was issued to, when its signature holds and it has not expired.
  [[nodiscard]] std::optional<std::string> verify_ticket(const std::string& ticket) const;
  [[nodiscard]] bool verify_csrf(const std::string& userid, const std::string& token) const;

  // A random password of 20 letters and digits.
  static std::string random_password();

 private:
  [[nodiscard]] std::int64_t now_s() const { return clock_() / 1000; }
  [[nodiscard]] bool fresh(std::int64_t timestamp) const;

  Clock clock_;
  std::string ticket_key_;
  std::string csrf_key_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> passwords_;
};

// Uppercase hex of a Unix time, 8 digits, as PVE writes it into tickets.
std::string hex_time(std::int64_t seconds);

}  // namespace pvesim
