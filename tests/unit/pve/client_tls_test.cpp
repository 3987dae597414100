// Certificate checking: pin, CA file, system store, insecure, and the settings' syntax.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

ScriptedResponse answer_version(const RecordedRequest&) {
  return ScriptedResponse::json(R"({"data":{"version":"8.4.1"}})");
}

TEST(ClientTlsTest, PinnedFingerprintAcceptsTheCertificateWhateverItsName) {
  // The name does not match 127.0.0.1: with a pin only the certificate's hash counts.
  TestCert cert = make_cert("pve1.example.invalid", {"DNS:pve1.example.invalid"});
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  pve::Client client(options);
  EXPECT_EQ(client.get("/version")["version"], "8.4.1");
}

TEST(ClientTlsTest, PinnedFingerprintRejectsAnotherCertificate) {
  TestCert cert = localhost_cert();
  TestCert other = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint = other.fingerprint;
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  EXPECT_EQ(error.status(), 0);
  EXPECT_EQ(std::string(error.what()),
            "the TLS certificate of 127.0.0.1:" + std::to_string(server.port()) +
                " does not match the pinned fingerprint: expected " + other.fingerprint +
                ", presented " + cert.fingerprint +
                "; if the certificate was renewed, set PROXMOX_FINGERPRINT to the value shown in "
                "the Proxmox UI under Node → System → Certificates");
  EXPECT_TRUE(server.requests().empty());
}

TEST(ClientTlsTest, VerificationIsOnByDefaultAndSaysWhatToDo) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  const std::string what = error.what();
  EXPECT_EQ(what.rfind("TLS verification of 127.0.0.1:" + std::to_string(server.port()) +
                           " failed (SSL certificate problem: self-signed certificate)",
                       0),
            0u)
      << what;
  EXPECT_NE(what.find("the server presented the certificate with SHA-256 fingerprint " +
                      cert.fingerprint),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("set PROXMOX_FINGERPRINT to the value shown in the Proxmox UI under Node → "
                      "System → Certificates, or PROXMOX_CA_FILE to the CA that signed the "
                      "certificate, or PROXMOX_INSECURE_TLS=true to skip verification"),
            std::string::npos)
      << what;
  EXPECT_TRUE(server.requests().empty());
}

TEST(ClientTlsTest, CaFileAcceptsACertificateItSigned) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  options.ca_file = write_temp_file("ca_ok.pem", cert.cert_pem);
  pve::Client client(options);
  EXPECT_EQ(client.get("/version")["version"], "8.4.1");
}

TEST(ClientTlsTest, CaFileRejectsACertificateItDidNotSign) {
  TestCert cert = localhost_cert();
  TestCert other = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  options.ca_file = write_temp_file("ca_other.pem", other.cert_pem);
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  EXPECT_NE(std::string(error.what()).find("PROXMOX_FINGERPRINT"), std::string::npos);
}

TEST(ClientTlsTest, CaFileModeChecksTheHostName) {
  TestCert cert = make_cert("elsewhere", {"DNS:elsewhere.invalid"});
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  options.ca_file = write_temp_file("ca_name.pem", cert.cert_pem);
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  EXPECT_NE(std::string(error.what()).find("127.0.0.1"), std::string::npos);
}

TEST(ClientTlsTest, UnreadableCaFileIsNamed) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  options.ca_file = "/nonexistent/pve-ca.pem";
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  EXPECT_EQ(
      std::string(error.what()).rfind("cannot use the CA file '/nonexistent/pve-ca.pem' (", 0), 0u)
      << error.what();
}

TEST(ClientTlsTest, InsecureSkipsVerification) {
  TestCert cert = make_cert("whatever", {});
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint.clear();
  options.insecure = true;
  pve::Client client(options);
  EXPECT_EQ(client.get("/version")["version"], "8.4.1");
}

TEST(ClientTlsTest, PinWinsOverInsecure) {
  TestCert cert = localhost_cert();
  TestCert other = localhost_cert();
  TlsTestServer server(cert, answer_version);
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint = other.fingerprint;
  options.insecure = true;
  pve::Client client(options);
  EXPECT_EQ(catch_error([&] { client.get("/version"); }).kind(), pve::ErrorKind::kTls);
}

std::string construction_error(const pve::ClientOptions& options) {
  try {
    pve::Client client(options);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(ClientOptionsTest, RejectsBadSettingsWithOneClearLine) {
  pve::ClientOptions good;
  good.host = "pve.example.com";
  good.token_secret = kSecret;
  EXPECT_EQ(construction_error(good), "(accepted)");

  pve::ClientOptions options = good;
  options.fingerprint = "AB:CD:EF";
  EXPECT_EQ(construction_error(options),
            "PROXMOX_FINGERPRINT 'AB:CD:EF' is not a SHA-256 fingerprint: expected 32 upper-case "
            "hex byte pairs like AB:CD:EF:… as shown in the Proxmox UI under Node → System → "
            "Certificates");
  // The client pins the canonical form only (config normalises what people paste): a lower-case
  // one must be refused with a text that says why.
  std::string lower;
  for (int i = 0; i < 32; ++i) lower += (i == 0 ? "" : ":") + std::string("ab");
  options.fingerprint = lower;
  EXPECT_NE(construction_error(options).find("upper-case"), std::string::npos);

  options = good;
  options.host = "pve/../evil";
  EXPECT_EQ(construction_error(options),
            "PROXMOX_HOST 'pve/../evil' is not a host name or IP address");
  options.host = "";
  EXPECT_EQ(construction_error(options), "PROXMOX_HOST '' is not a host name or IP address");

  options = good;
  options.port = 0;
  EXPECT_EQ(construction_error(options), "PROXMOX_PORT 0 is not a TCP port (1-65535)");

  options = good;
  options.user = "root";
  EXPECT_EQ(construction_error(options),
            "PROXMOX_USER 'root' is not a Proxmox user id like root@pam");

  options = good;
  options.token_name = "my token";
  EXPECT_EQ(construction_error(options),
            "PROXMOX_TOKEN_NAME 'my token' is not a Proxmox API token name like mcpserver");

  options = good;
  options.token_secret = std::string(kSecret) + "\r\nX-Injected: 1";
  const std::string secret_error = construction_error(options);
  EXPECT_EQ(secret_error, "PROXMOX_TOKEN_VALUE contains control characters");

  options = good;
  options.host = "fd00::5";
  EXPECT_EQ(construction_error(options), "(accepted)");
  options.host = "[fd00::5]";
  EXPECT_EQ(construction_error(options), "(accepted)");
  for (const char* host : {"[]", "[fd00::5", "fd00::5/64", "pve:8006x", "pve one"}) {
    options.host = host;
    EXPECT_EQ(construction_error(options),
              "PROXMOX_HOST '" + std::string(host) + "' is not a host name or IP address");
  }

  options = good;
  // The realm follows the last '@'; the name may hold '@' but no white space, ':' or '/'.
  for (const char* user : {"mcp@pve", "a@b@pam", "svc.bot-1@ldap_2"}) {
    options.user = user;
    EXPECT_EQ(construction_error(options), "(accepted)") << user;
  }
  for (const char* user :
       {"@pam", "root@p", "root@1pam", "ro ot@pam", "a/b@pam", "a:b@pam", "root@pam "}) {
    options.user = user;
    EXPECT_EQ(construction_error(options),
              "PROXMOX_USER '" + std::string(user) + "' is not a Proxmox user id like root@pam");
  }

  options = good;
  for (const char* name : {"a", "1abc", "mcp!server"}) {
    options.token_name = name;
    EXPECT_EQ(construction_error(options), "PROXMOX_TOKEN_NAME '" + std::string(name) +
                                               "' is not a Proxmox API token name like mcpserver");
  }
}

}  // namespace
}  // namespace pve_test
