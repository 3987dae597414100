// How pve::Client reads an answer's framing: chunks, a body ended by closing, lengths that lie,
// heads that are not HTTP, codings it did not ask for.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

// The error of GET /version answered with exactly `answer`.
std::string error_for_raw(const std::string& answer) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [&](const RecordedRequest&) { return ScriptedResponse::raw(answer); });
  pve::Client client(pinned_options(server, cert));
  const pve::Error error = catch_error([&] { client.get("/version"); });
  std::string what = error.what();
  const std::string endpoint = "127.0.0.1:" + std::to_string(server.port());
  // The port changes from run to run; the rest of the text must not.
  what.replace(what.find(endpoint), endpoint.size(), "HOST");
  return what;
}

nlohmann::json data_for_raw(const std::string& answer) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [&](const RecordedRequest&) { return ScriptedResponse::raw(answer); });
  pve::Client client(pinned_options(server, cert));
  return client.get("/version");
}

TEST(ClientFramingTest, ReadsAChunkedBodyWithExtensionsAndTrailers) {
  EXPECT_EQ(data_for_raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5;ext=1\r\n{\"dat\r\n"
                         "A\r\na\":[1,2,3]\r\n"
                         "1\r\n}\r\n"
                         "0\r\nX-Trailer: yes\r\n\r\n"),
            nlohmann::json::parse("[1,2,3]"));
}

TEST(ClientFramingTest, ReadsABodyThatEndsWhenTheConnectionCloses) {
  EXPECT_EQ(data_for_raw("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                         "{\"data\":\"until close\"}"),
            "until close");
}

TEST(ClientFramingTest, SkipsAnInterimAnswer) {
  EXPECT_EQ(data_for_raw("HTTP/1.1 100 Continue\r\n\r\n"
                         "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"data\":2}"),
            2);
}

TEST(ClientFramingTest, AStatusLineThatIsNotHttpIsABrokenAnswer) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (not an "
            "HTTP/1.x status line)");
  EXPECT_EQ(error_for_raw("SSH-2.0-OpenSSH_9.2\r\n\r\n"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (not an "
            "HTTP/1.x status line)");
}

TEST(ClientFramingTest, ABodyShorterThanItsLengthIsTruncated) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"data\":"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (the connection "
            "closed 42 bytes before the end of the body)");
}

TEST(ClientFramingTest, AnOversizedLengthIsRefusedBeforeTheBodyIsRead) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nContent-Length: 67108865\r\n\r\n{"),
            "Proxmox at HOST sent an oversized response to GET /version (67108865 bytes, over 64 "
            "MiB)");
}

TEST(ClientFramingTest, ALengthGivenTwiceIsRefused) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: "
                          "chunked\r\n\r\n{\"data\":2}"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (its body's "
            "length is given in two ways, or in a transfer coding other than chunked)");
}

TEST(ClientFramingTest, ABrokenChunkIsRefused) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (a broken "
            "chunked body)");
}

TEST(ClientFramingTest, ACodingThatWasNotAskedForIsRefused) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\n{}"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (a body in the "
            "content coding 'br', which was not asked for)");
}

TEST(ClientFramingTest, GzipThatIsNotGzipIsRefused) {
  EXPECT_EQ(error_for_raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\n"
                          "{\"data\":123}"),
            "Proxmox at HOST sent a broken or truncated response to GET /version (gzip: incorrect "
            "header check)");
}

TEST(ClientFramingTest, AConnectionClosedWithoutAnAnswerIsNamed) {
  EXPECT_EQ(error_for_raw(""),
            "the connection to Proxmox at HOST failed during GET /version (the server closed the "
            "connection without an answer)");
}

}  // namespace
}  // namespace pve_test
