// pve::Client accepts compressed answers (pveproxy gzips bodies over 1 KiB when allowed).
#include <zlib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

std::string gzip(const std::string& text) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer around the deflate data.
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(ClientGzipTest, DecodesAGzippedBody) {
  nlohmann::json guests = nlohmann::json::array();
  for (int vmid = 100; vmid < 400; ++vmid) {
    guests.push_back(
        {{"vmid", vmid}, {"name", "guest-" + std::to_string(vmid)}, {"status", "running"}});
  }
  const std::string plain = nlohmann::json{{"data", guests}}.dump();
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [&](const RecordedRequest& request) {
    ScriptedResponse response = ScriptedResponse::json(plain);
    if (request.header("accept-encoding").find("gzip") != std::string::npos) {
      response.body = gzip(plain);
      response.headers.push_back({"Content-Encoding", "gzip"});
    }
    return response;
  });
  pve::Client client(pinned_options(server, cert));
  nlohmann::json data = client.get("/cluster/resources");
  EXPECT_EQ(data, guests);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_NE(server.requests()[0].header("accept-encoding").find("gzip"), std::string::npos);
}

}  // namespace
}  // namespace pve_test
