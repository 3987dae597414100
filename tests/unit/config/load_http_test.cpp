// The HTTP transport's settings: where it listens, who may reach it, its token and TLS files.
#include <gtest/gtest.h>

#include "config/values.h"
#include "load_fixture.h"

namespace load_testing {
namespace {

constexpr const char* kAuth = "an-http-token-0123456789";

TEST(LoadConfig, StdioUnlessHttpIsAsked) {
  Config c = minimal().config();
  EXPECT_FALSE(c.http.has_value());
  EXPECT_TRUE(c.allowed_hosts.empty());
  EXPECT_EQ(c.auth_token, "");
  EXPECT_EQ(c.workers, 8);
}

TEST(LoadConfig, HttpListensOnLoopbackUnlessAnAddressIsGiven) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--http", "8080"};
  Config c = f.config();
  ASSERT_TRUE(c.http.has_value());
  EXPECT_EQ(c.http->address, "127.0.0.1");
  EXPECT_EQ(c.http->port, 8080);
  f.args = {"proxmox-mcp", "--http", "[::1]:0"};
  c = f.config();
  EXPECT_EQ(c.http->address, "::1");
  EXPECT_EQ(c.http->port, 0);
  f.args = {"proxmox-mcp"};
  f.env["MCP_HTTP"] = "127.0.0.2:9000";
  EXPECT_EQ(f.config().http->address, "127.0.0.2");
}

TEST(LoadConfig, HttpValuesThatAreNotAnAddressAndPortAreRefused) {
  for (const char* bad : {"localhost:8080", "http://127.0.0.1:80", "70000", "127.0.0.1:", "::1:80",
                          "1.2.3.4.5:80", "eight"}) {
    Fixture f = minimal();
    f.env["MCP_HTTP"] = bad;
    EXPECT_EQ(f.error(),
              std::string("MCP_HTTP must be ") + config::kListenRule + ", got '" + bad + "'")
        << bad;
  }
}

TEST(LoadConfig, AServerOtherMachinesCanReachNeedsAToken) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--http", "0.0.0.0:8080"};
  EXPECT_EQ(f.error(),
            "--http 0.0.0.0 can be reached from other machines, so it needs an access token: set "
            "MCP_AUTH_TOKEN, --auth-token-file or --auth-tokens (or listen on 127.0.0.1)");
  f.env["MCP_AUTH_TOKEN"] = kAuth;
  EXPECT_EQ(f.config().auth_token, kAuth);
  f.env.erase("MCP_AUTH_TOKEN");
  f.env["MCP_AUTH_TOKENS"] = "/etc/proxmox-mcp/tokens";
  EXPECT_EQ(f.config().auth_tokens_file, "/etc/proxmox-mcp/tokens");
}

TEST(LoadConfig, TheHttpTokenComesFromAFileOrTheEnvironmentAndIsNeverShown) {
  Fixture f = minimal();
  f.files.content["/run/secrets/mcp"] = std::string("  ") + kAuth + "\n";
  f.args = {"proxmox-mcp", "--http", "8080", "--auth-token-file", "/run/secrets/mcp"};
  EXPECT_EQ(f.config().auth_token, kAuth);
  f.files.content["/run/secrets/mcp"] = "short-token";
  EXPECT_EQ(f.error(),
            "--auth-token-file '/run/secrets/mcp' is shorter than 16 characters (value "
            "not shown)");
  f.args = {"proxmox-mcp", "--http", "8080"};
  f.env["MCP_AUTH_TOKEN"] = std::string(kAuth) + " x";
  EXPECT_EQ(f.error(), "MCP_AUTH_TOKEN contains blanks or control characters (value not shown)");
  // A bad value elsewhere is reported without the token in it.
  f.env["MCP_AUTH_TOKEN"] = kAuth;
  f.env["PROXMOX_PORT"] = std::string("99") + kAuth;
  EXPECT_EQ(f.error(), "PROXMOX_PORT must be an integer 1-65535, got '99<redacted>'");
}

TEST(LoadConfig, AllowedHostsAreNormalised) {
  Fixture f = minimal();
  f.env["MCP_ALLOWED_HOSTS"] = " MCP.Example.LAN , 192.168.1.5,fd00::1 ";
  EXPECT_EQ(f.config().allowed_hosts,
            (std::vector<std::string>{"mcp.example.lan", "192.168.1.5", "[fd00::1]"}));
  f.env["MCP_ALLOWED_HOSTS"] = "https://mcp.example.lan";
  EXPECT_EQ(f.error(),
            "MCP_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses, got "
            "'https://mcp.example.lan'");
}

TEST(LoadConfig, TlsNeedsBothFilesAndHttp) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--http", "8443", "--tls-cert", "/etc/cert.pem"};
  EXPECT_EQ(f.error(),
            "MCP_TLS_CERT (--tls-cert) and MCP_TLS_KEY (--tls-key) go together; set both");
  f.args.insert(f.args.end(), {"--tls-key", "/etc/key.pem"});
  Config c = f.config();
  EXPECT_EQ(c.tls_cert, "/etc/cert.pem");
  EXPECT_EQ(c.tls_key, "/etc/key.pem");
  f.args = {"proxmox-mcp", "--tls-cert", "/etc/cert.pem", "--tls-key", "/etc/key.pem"};
  EXPECT_EQ(f.error(), "--tls-cert applies to --http only");
}

TEST(LoadConfig, WorkersBoundTheCallsWorkingAtOnce) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--workers", "32"};
  EXPECT_EQ(f.config().workers, 32);
  f.args = {"proxmox-mcp", "--workers", "0"};
  EXPECT_EQ(f.error(), "--workers must be an integer 1-256, got '0'");
}

}  // namespace
}  // namespace load_testing
