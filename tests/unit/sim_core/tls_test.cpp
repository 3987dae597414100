// The served certificate: its fingerprint, and a client that trusts it as a CA.
#include <gtest/gtest.h>
#include <httplib.h>

#include "sim_fixture.h"

namespace pvesim::testing {
namespace {

TEST_F(SimCoreTest, FingerprintMatchesTheServedCertificate) {
  auto r = get("/version");
  const std::string fp = server_->fingerprint();
  EXPECT_EQ(r.peer_fingerprint, fp);
  EXPECT_EQ(fp.size(), 32U * 3 - 1);
  EXPECT_EQ(fp.find_first_not_of("0123456789ABCDEF:"), std::string::npos);
}

TEST_F(SimCoreTest, HttplibClientTrustingTheCaPemConnects) {
  const std::string pem = server_->ca_pem();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(certificate_fingerprint(cert), server_->fingerprint());
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, cert);
  X509_free(cert);

  httplib::SSLClient client("localhost", server_->port());
  client.set_ca_cert_store(store);
  client.enable_server_certificate_verification(true);
  auto res = client.Get("/api2/json/nodes/pve1/tasks",
                        {{"Authorization", token_header(kAdminToken, kAdminSecret)}});
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json::parse(res->body)["total"], 7);
  auto denied = client.Get("/api2/json/version");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
}

}  // namespace
}  // namespace pvesim::testing
