// HMAC-SHA256 stands in for PVE's RSA ticket signature: clients treat the signature as opaque.
#include "ticket_auth.h"

#include "ossl/openssl.h"

#include <cstdio>
#include <stdexcept>

namespace pvesim {

namespace {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (ossl::openssl().RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                                 static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string base64(const std::string& raw, bool padding) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = ossl::openssl().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                reinterpret_cast<const unsigned char*>(raw.data()),
                                                static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  if (!padding) {
    while (!out.empty() && out.back() == '=') out.pop_back();
  }
  return out;
}

std::string hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  ossl::openssl().HMAC(ossl::openssl().EVP_sha256(), key.data(), static_cast<int>(key.size()),
                       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
                       &len);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

bool equal_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && ossl::openssl().CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::int64_t> parse_hex_time(const std::string& text) {
  if (text.size() != 8 || text.find_first_not_of("0123456789ABCDEF") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text, nullptr, 16);
}

}  // namespace

std::string hex_time(std::int64_t seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08llX", static_cast<unsigned long long>(seconds));
  return buf;
}

TicketAuthority::TicketAuthority(Clock clock)
    : clock_(std::move(clock)), ticket_key_(random_bytes(32)), csrf_key_(random_bytes(32)) {}

void TicketAuthority::set_password(const std::string& userid, const std::string& password) {
  std::lock_guard lock(mutex_);
  passwords_[userid] = password;
}

std::string TicketAuthority::password(const std::string& userid) const {
  std::lock_guard lock(mutex_);
  const auto it = passwords_.find(userid);
  return it == passwords_.end() ? "" : it->second;
}

bool TicketAuthority::knows_user(const std::string& userid) const {
  std::lock_guard lock(mutex_);
  return passwords_.contains(userid);
}

bool TicketAuthority::credentials_valid(const std::string& userid,
                                        const std::string& password) const {
  if (password.starts_with("PVE:")) return verify_ticket(password) == userid;
  const std::string expected = this->password(userid);
  return !expected.empty() && equal_secret(expected, password);
}

std::string TicketAuthority::issue_ticket(const std::string& userid) const {
  const std::string plain = "PVE:" + userid + ":" + hex_time(now_s());
  return plain + "::" + base64(hmac_sha256(ticket_key_, plain), true);
}

std::string TicketAuthority::csrf_token(const std::string& userid) const {
  const std::string stamp = hex_time(now_s());
  return stamp + ":" + base64(hmac_sha256(csrf_key_, stamp + ":" + userid), false);
}

bool TicketAuthority::fresh(std::int64_t timestamp) const {
  const std::int64_t age = now_s() - timestamp;
  return age >= -kClockSkewSeconds && age <= kLifetimeSeconds;
}

std::optional<std::string> TicketAuthority::verify_ticket(const std::string& ticket) const {
  const size_t sep = ticket.find("::");
  if (!ticket.starts_with("PVE:") || sep == std::string::npos) return std::nullopt;
  const std::string plain = ticket.substr(0, sep);
  const std::string signature = ticket.substr(sep + 2);
  const size_t time_colon = plain.rfind(':');
  if (time_colon <= 4) return std::nullopt;
  const std::string userid = plain.substr(4, time_colon - 4);
  const auto stamp = parse_hex_time(plain.substr(time_colon + 1));
  if (!stamp || !equal_secret(base64(hmac_sha256(ticket_key_, plain), true), signature) ||
      !fresh(*stamp) || !knows_user(userid)) {
    return std::nullopt;
  }
  return userid;
}

bool TicketAuthority::verify_csrf(const std::string& userid, const std::string& token) const {
  const size_t colon = token.find(':');
  if (colon == std::string::npos) return false;
  const std::string stamp_text = token.substr(0, colon);
  const auto stamp = parse_hex_time(stamp_text);
  return stamp && fresh(*stamp) &&
         equal_secret(base64(hmac_sha256(csrf_key_, stamp_text + ":" + userid), false),
                      token.substr(colon + 1));
}

std::string TicketAuthority::random_password() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const std::string raw = random_bytes(20);
  std::string out;
  for (unsigned char c : raw) out += kAlphabet[c % (sizeof kAlphabet - 1)];
  return out;
}

}  // namespace pvesim
