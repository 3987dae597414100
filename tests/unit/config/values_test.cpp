#include "config/values.h"

#include <gtest/gtest.h>

namespace {

using namespace config;

TEST(Values, Booleans) {
  for (const char* t : {"true", "TRUE", "True", "1", "yes", "YES"}) {
    EXPECT_EQ(parse_bool(t), std::optional<bool>(true)) << t;
  }
  for (const char* f : {"false", "False", "0", "no", "No"}) {
    EXPECT_EQ(parse_bool(f), std::optional<bool>(false)) << f;
  }
  for (const char* bad : {"", "2", "y", "maybe", " true", "truee", "on"}) {
    EXPECT_EQ(parse_bool(bad), std::nullopt) << bad;
  }
}

TEST(Values, Ports) {
  EXPECT_EQ(parse_port("8006"), 8006);
  EXPECT_EQ(parse_port("1"), 1);
  EXPECT_EQ(parse_port("65535"), 65535);
  for (const char* bad :
       {"", "0", "65536", "99999", "abc", "80a", "-1", " 80", "8006.0", "123456"}) {
    EXPECT_EQ(parse_port(bad), std::nullopt) << bad;
  }
}

TEST(Values, Seconds) {
  EXPECT_EQ(parse_seconds_as_ms("5"), 5000);
  EXPECT_EQ(parse_seconds_as_ms("0.5"), 500);
  EXPECT_EQ(parse_seconds_as_ms("2.25"), 2250);
  EXPECT_EQ(parse_seconds_as_ms("0.001"), 1);
  EXPECT_EQ(parse_seconds_as_ms("3600"), 3600000);
  for (const char* bad : {"", "0", "0.0", "3601", "-1", "1.", ".5", "1.2345", "5s", "abc", "1e3"}) {
    EXPECT_EQ(parse_seconds_as_ms(bad), std::nullopt) << bad;
  }
}

TEST(Values, Hosts) {
  EXPECT_EQ(normalize_host("pve1"), "pve1");
  EXPECT_EQ(normalize_host("pve.example.com"), "pve.example.com");
  EXPECT_EQ(normalize_host("192.168.1.10"), "192.168.1.10");
  EXPECT_EQ(normalize_host("fd00::10"), "fd00::10");
  EXPECT_EQ(normalize_host("[fd00::10]"), "fd00::10");
  EXPECT_EQ(normalize_host("::ffff:10.0.0.1"), "::ffff:10.0.0.1");
  EXPECT_EQ(normalize_host("pve_1-a.lan"), "pve_1-a.lan");
  for (const char* bad : {"", "https://pve", "pve:8006", "pve/api", "pve host", "user@pve", "[pve]",
                          "pve?x", "pve#x", "pve%x", "fe80::1%eth0", "pve::x", "[]"}) {
    EXPECT_EQ(normalize_host(bad), std::nullopt) << bad;
  }
}

TEST(Values, Users) {
  EXPECT_TRUE(is_valid_user("root@pam"));
  EXPECT_TRUE(is_valid_user("mcp@pve"));
  EXPECT_TRUE(is_valid_user("first.last@company-ad"));
  EXPECT_TRUE(is_valid_user("first@example.com@ad"));
  for (const char* bad : {"", "root", "@pam", "root@", "root@p", "root@1am", "root@pam!tok",
                          "a=b@pam", "ro ot@pam", "a/b@pam", "a:b@pam"}) {
    EXPECT_FALSE(is_valid_user(bad)) << bad;
  }
}

TEST(Values, TokenNames) {
  EXPECT_TRUE(is_valid_token_name("mcpserver"));
  EXPECT_TRUE(is_valid_token_name("mcp-server_2.x"));
  for (const char* bad : {"", "a", "1abc", "root@pam!mcp", "a b", "a=b", "-x"}) {
    EXPECT_FALSE(is_valid_token_name(bad)) << bad;
  }
}

TEST(Values, TokenSecrets) {
  EXPECT_TRUE(is_valid_token_secret("a1b2c3d4-0000-1111-2222-333344445555"));
  EXPECT_FALSE(is_valid_token_secret(""));
  EXPECT_FALSE(is_valid_token_secret("with space"));
  EXPECT_FALSE(is_valid_token_secret("line\nbreak"));
  EXPECT_FALSE(is_valid_token_secret("tab\t"));
}

TEST(Values, LogLevels) {
  EXPECT_EQ(parse_log_level("debug"), LogLevel::debug);
  EXPECT_EQ(parse_log_level("INFO"), LogLevel::info);
  EXPECT_EQ(parse_log_level("warn"), LogLevel::warning);
  EXPECT_EQ(parse_log_level("warning"), LogLevel::warning);
  EXPECT_EQ(parse_log_level("error"), LogLevel::error);
  EXPECT_EQ(parse_log_level("loud"), std::nullopt);
}

}  // namespace
