// The served certificate, and the Perl-regex translation for every pattern in the schema.
#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <set>

#include "api_schema.h"
#include "perl_regex.h"
#include "schema_blob.h"
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

TEST(PerlRegex, StringifiedGroupsAndCaseInsensitivity) {
  EXPECT_EQ(perl_to_ecmascript("(?^:[a-z]+)"), "(?:[a-z]+)");
  SchemaPattern tag("(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)");
  EXPECT_TRUE(tag.matches("Prod_DB-1"));
  EXPECT_FALSE(tag.matches("-x"));
  SchemaPattern nested("(?^i:a(?^:b))");
  EXPECT_TRUE(nested.matches("Ab"));
  EXPECT_FALSE(nested.matches("AB"));
  SchemaPattern short_text("[A-Za-z0-9\\-_\\s]{,8}");
  EXPECT_TRUE(short_text.matches("ab cd"));
  EXPECT_FALSE(short_text.matches("123456789"));
}

TEST(PerlRegex, AnchoredLikePerlWithoutGrouping) {
  // m/^$pattern$/ binds ^ and $ to the outer alternatives only, as upstream does.
  SchemaPattern alt("acl|none");
  EXPECT_TRUE(alt.matches("acl-and-more"));
  EXPECT_TRUE(alt.matches("none"));
  EXPECT_FALSE(alt.matches("xnonex"));
}

TEST(PerlRegex, HugeInputDoesNotOverflowTheStack) {
  SchemaPattern p("(?^:[^\\x00-\\x08\\x10-\\x1F\\x7F]+)");
  EXPECT_TRUE(p.matches(std::string(400 * 1024, 'a')));
}

TEST(PerlRegex, EverySchemaPatternCompiles) {
  const auto text = std::string(embedded_apidata());
  std::set<std::string> patterns;
  std::function<void(const Json&)> collect = [&](const Json& j) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "pattern" && v.is_string()) patterns.insert(v.get<std::string>());
        collect(v);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) collect(v);
    }
  };
  collect(Json::parse(text));
  EXPECT_EQ(patterns.size(), 71U);
  for (const auto& p : patterns) EXPECT_NE(cached_pattern(p), nullptr) << p;
}

TEST(ApiSchemaTest, EmbeddedSchemaHasAllPathsAndMethods) {
  const auto& schema = ApiSchema::embedded();
  EXPECT_EQ(schema.path_count(), 445U);
  EXPECT_EQ(schema.method_count(), 667U);
  auto m = schema.match("/nodes/pve1/qemu/100/status/start");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->template_path, "/nodes/{node}/qemu/{vmid}/status/start");
  EXPECT_EQ(m->path_params,
            (std::vector<std::pair<std::string, std::string>>{{"node", "pve1"}, {"vmid", "100"}}));
  EXPECT_FALSE(schema.match("/nodes/pve1/bogus"));
}

}  // namespace
}  // namespace pvesim::testing
