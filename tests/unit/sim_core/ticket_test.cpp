// Ticket authentication over real HTTPS: POST /access/ticket, the PVEAuthCookie, CSRF on
// writes, the 2-hour lifetime (moved by an injected clock) and renewal.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <memory>
#include <regex>

#include "fake_model.h"
#include "sim_server.h"
#include "tls_client.h"

namespace pvesim::testing {
namespace {

constexpr std::int64_t kStart = 1795000000;  // seconds; 0x6AFD86C0

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

struct Login {
  std::string ticket;
  std::string csrf;
};

class TicketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = std::make_unique<FakeModel>();
    model_ = model.get();
    Options options;
    options.clock = [this] { return now_s_.load() * 1000; };
    server_ = std::make_unique<SimServer>(std::move(model), options);
    server_->start();
  }
  void TearDown() override { server_->stop(); }

  RawResponse login(const std::string& username, const std::string& password) {
    return send_request(
        server_->port(), "POST", "/api2/json/access/ticket", "",
        "username=" + percent_encode(username) + "&password=" + percent_encode(password),
        "application/x-www-form-urlencoded");
  }
  Login login_ok(const std::string& username) {
    auto r = login(username, server_->user_password(username));
    EXPECT_EQ(r.status, 200) << r.reason;
    const Json data = Json::parse(r.body).at("data");
    return {data.at("ticket").get<std::string>(),
            data.at("CSRFPreventionToken").get<std::string>()};
  }
  // A request authenticated by the cookie, with an optional CSRF header.
  RawResponse with_ticket(const std::string& method, const std::string& path,
                          const std::string& ticket, const std::string& csrf = "",
                          const std::string& body = "") {
    std::string req = method + " /api2/json" + path +
                      " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                      "Cookie: other=1; PVEAuthCookie=" +
                      percent_encode(ticket) + "\r\n";
    if (!csrf.empty()) req += "CSRFPreventionToken: " + csrf + "\r\n";
    if (method == "POST" || method == "PUT") {
      req += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n";
    }
    return send_raw(server_->port(), req + "\r\n" + body);
  }

  std::atomic<std::int64_t> now_s_{kStart};
  FakeModel* model_ = nullptr;
  std::unique_ptr<SimServer> server_;
};

TEST_F(TicketTest, SeededUsersHaveDistinctPasswordsThatAreNoTokenSecret) {
  const std::string root = server_->user_password("root@pam");
  const std::string auditor = server_->user_password("auditor@pve");
  EXPECT_EQ(root.size(), 20U);
  EXPECT_NE(root, auditor);
  EXPECT_NE(root, kAdminSecret);
  EXPECT_EQ(server_->user_password("ghost@pve"), "");
}

TEST_F(TicketTest, LoginAnswersTicketCsrfTokenAndUsername) {
  auto r = login("root@pam", server_->user_password("root@pam"));
  ASSERT_EQ(r.status, 200) << r.reason;
  const Json data = Json::parse(r.body).at("data");
  EXPECT_EQ(data.at("username"), "root@pam");
  EXPECT_TRUE(std::regex_match(data.at("ticket").get<std::string>(),
                               std::regex("PVE:root@pam:6AFD86C0::[A-Za-z0-9+/]{43}=")))
      << data.at("ticket");
  EXPECT_TRUE(std::regex_match(data.at("CSRFPreventionToken").get<std::string>(),
                               std::regex("6AFD86C0:[A-Za-z0-9+/]{43}")))
      << data.at("CSRFPreventionToken");
  EXPECT_TRUE(data.at("cap").is_object());
  EXPECT_TRUE(data.at("cap").contains("vms"));
  // cap comes from the model's /access/permissions, clustername from its /cluster/status
  // (the fake's has no cluster entry).
  EXPECT_EQ(model_->handled(), 2);
  EXPECT_FALSE(data.contains("clustername"));
}

TEST_F(TicketTest, RealmParameterCompletesTheUsername) {
  auto r = send_request(
      server_->port(), "POST", "/api2/json/access/ticket", "",
      "username=root&realm=pam&password=" + percent_encode(server_->user_password("root@pam")),
      "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["data"]["username"], "root@pam");
}

TEST_F(TicketTest, BadCredentialsAre401AuthenticationFailureWithJsonBody) {
  for (const auto& [user, password] :
       std::vector<std::pair<std::string, std::string>>{{"root@pam", "wrong"},
                                                        {"root@pam", kAdminSecret},
                                                        {"ghost@pve", "x"},
                                                        {"auditor@pve", ""}}) {
    auto r = login(user, password.empty() ? server_->user_password("root@pam") : password);
    EXPECT_EQ(r.status, 401) << user;
    EXPECT_EQ(r.reason, "authentication failure");
    EXPECT_EQ(r.body, R"({"data":null,"message":"authentication failure\n"})");
  }
}

TEST_F(TicketTest, CookieAndAuthorizationHeaderAuthenticateAsTheUser) {
  const Login root = login_ok("root@pam");
  auto r = with_ticket("GET", "/version", root.ticket);
  EXPECT_EQ(r.status, 200);
  r = send_request(server_->port(), "GET", "/api2/json/nodes/pve1/status",
                   "PVEAuthCookie=" + root.ticket);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(model_->last_request().auth_id, "root@pam");
}

TEST_F(TicketTest, WritesNeedTheUsersCsrfToken) {
  const Login root = login_ok("root@pam");
  const Login auditor = login_ok("auditor@pve");
  for (const std::string& csrf :
       {std::string(), std::string("6AFD86C0:forged"), auditor.csrf, std::string("garbage")}) {
    auto r = with_ticket("POST", "/nodes/pve1/qemu/100/status/start", root.ticket, csrf);
    EXPECT_EQ(r.status, 401) << csrf;
    EXPECT_EQ(r.reason, "Permission denied - invalid csrf token") << csrf;
    EXPECT_EQ(r.body, "");
  }
  const int before = model_->handled();
  auto r = with_ticket("POST", "/nodes/pve1/qemu/100/status/start", root.ticket, root.csrf);
  EXPECT_EQ(r.status, 200) << r.reason;
  EXPECT_EQ(model_->handled(), before + 1);
  EXPECT_EQ(model_->last_request().auth_id, "root@pam");
}

TEST_F(TicketTest, TicketExpiresAfterTwoHours) {
  const Login root = login_ok("root@pam");
  now_s_ += 7200;
  EXPECT_EQ(with_ticket("GET", "/version", root.ticket).status, 200);
  EXPECT_EQ(with_ticket("POST", "/nodes/pve1/qemu/100/status/start", root.ticket, root.csrf).status,
            200);
  now_s_ += 1;
  auto r = with_ticket("GET", "/version", root.ticket);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "Authentication failed!");
  EXPECT_EQ(r.body, "");
}

TEST_F(TicketTest, ForgedOrTamperedTicketsFail) {
  const Login root = login_ok("root@pam");
  std::string other_user = root.ticket;
  other_user.replace(4, 8, "ghost@pm");  // same length, different user
  std::string other_time = root.ticket;
  other_time[13] = other_time[13] == '6' ? '7' : '6';
  for (const auto& ticket : {other_user, other_time, root.ticket + "x", std::string("PVE:x")}) {
    auto r = with_ticket("GET", "/version", ticket);
    EXPECT_EQ(r.status, 401) << ticket;
    EXPECT_EQ(r.reason, "Authentication failed!") << ticket;
  }
}

TEST_F(TicketTest, RenewalWithTheCurrentTicket) {
  const Login root = login_ok("root@pam");
  now_s_ += 3600;
  auto r = login("root@pam", root.ticket);
  ASSERT_EQ(r.status, 200);
  const std::string renewed = Json::parse(r.body)["data"]["ticket"];
  EXPECT_TRUE(renewed.starts_with("PVE:root@pam:6AFD94D0::")) << renewed;
  EXPECT_EQ(login("auditor@pve", root.ticket).status, 401);  // someone else's ticket
  now_s_ += 3601;
  EXPECT_EQ(login("root@pam", root.ticket).status, 401);  // the old one expired
  EXPECT_EQ(with_ticket("GET", "/version", renewed).status, 200);
}

TEST_F(TicketTest, RootTicketBypassesChecksOtherUsersDoNot) {
  const Login auditor = login_ok("auditor@pve");
  auto r = with_ticket("POST", "/nodes/pve1/qemu/100/status/start", auditor.ticket, auditor.csrf);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/100, VM.PowerMgmt)");
  EXPECT_EQ(with_ticket("GET", "/nodes/pve1/qemu/100/status/current", auditor.ticket).status, 200);
  // Methods without a permissions object are root@pam only: the ticket is real root.
  const Login root = login_ok("root@pam");
  r = with_ticket("GET", "/cluster/backup-info", root.ticket);
  EXPECT_EQ(r.status, 200) << r.reason;
  r = send_request(server_->port(), "GET", "/api2/json/cluster/backup-info",
                   std::string("PVEAPIToken=") + kAdminToken + "=" + kAdminSecret);
  EXPECT_EQ(r.status, 403);
}

}  // namespace
}  // namespace pvesim::testing
