#include "pve/http1_response.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using pve::http1::ResponseParser;
using State = ResponseParser::State;

constexpr std::size_t kMiB = 1024 * 1024;

// `text` fed in pieces of `piece` bytes (0: all at once), then the connection's end when
// `closed`; the bytes feed() did not take are appended to `left`.
ResponseParser parse(const std::string& text, std::size_t piece = 0, bool closed = false,
                     std::string* left = nullptr, std::size_t max_body = kMiB) {
  ResponseParser parser(max_body);
  const std::size_t step = piece == 0 ? text.size() : piece;
  for (std::size_t at = 0; at < text.size(); at += step) {
    const std::string_view part = std::string_view(text).substr(at, step);
    const std::size_t used = parser.feed(part);
    if (left != nullptr) *left += part.substr(used);
  }
  if (closed) parser.end_of_input();
  return parser;
}

TEST(Http1Response, AContentLengthBodyReadsTheSameInOnePieceOrByteByByte) {
  const std::string text =
      "HTTP/1.1 500 unable to parse volume ID 'x'\r\nContent-Type: application/json\r\n"
      "Content-Length: 14\r\n\r\n{\"data\":null}\n";
  for (std::size_t piece : {0, 1, 7}) {
    const ResponseParser p = parse(text, piece);
    ASSERT_EQ(p.state(), State::done) << piece << " " << p.error();
    EXPECT_EQ(p.head().status, 500);
    EXPECT_EQ(p.head().reason, "unable to parse volume ID 'x'");
    EXPECT_TRUE(p.head().keep_alive);
    EXPECT_EQ(p.body(), "{\"data\":null}\n");
  }
}

TEST(Http1Response, AChunkedBodyWithExtensionsAndTrailersReadsAtEverySplit) {
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n";
  for (std::size_t piece = 0; piece <= text.size(); piece += piece == 0 ? 1 : 3) {
    std::string left;
    const ResponseParser p = parse(text + "HTTP/1.1 200", piece, false, &left);
    ASSERT_EQ(p.state(), State::done) << piece << " " << p.error();
    EXPECT_EQ(p.body(), "hello, world!!!");
    EXPECT_TRUE(p.head().chunked);
    EXPECT_EQ(left, "HTTP/1.1 200") << "bytes after the answer are left to the connection";
  }
}

TEST(Http1Response, WithoutALengthTheBodyEndsWithTheConnection) {
  ResponseParser p = parse("HTTP/1.1 200 OK\r\n\r\n{\"data\":[]}", 4);
  EXPECT_EQ(p.state(), State::need_more);
  EXPECT_FALSE(p.head().keep_alive);
  p.end_of_input();
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.body(), "{\"data\":[]}");
}

TEST(Http1Response, NoBodyFor204NorForAHeadRequestAndInformationalAnswersAreSkipped) {
  EXPECT_EQ(parse("HTTP/1.1 204 No Content\r\n\r\n").state(), State::done);
  ResponseParser head(kMiB, /*no_body=*/true);
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n";
  EXPECT_EQ(head.feed(text), text.size());
  EXPECT_EQ(head.state(), State::done);
  const ResponseParser p =
      parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 5);
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.head().status, 201);
  EXPECT_EQ(p.head().reason, "Created");
  EXPECT_EQ(p.body(), "ok");
}

TEST(Http1Response, ConnectionCloseAndHttp10DecideWhetherTheConnectionIsKept) {
  EXPECT_FALSE(
      parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").head().keep_alive);
  EXPECT_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").head().keep_alive);
  EXPECT_TRUE(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")
                  .head()
                  .keep_alive);
  // Both framings: read as chunked, and the connection is not reused.
  const ResponseParser both =
      parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  ASSERT_EQ(both.state(), State::done);
  EXPECT_FALSE(both.head().keep_alive);
  EXPECT_FALSE(both.head().content_length.has_value());
}

TEST(Http1Response, LineFeedsAloneEndLinesToo) {
  const ResponseParser p = parse("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 1);
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.body(), "ok");
}

TEST(Http1Response, AnAnswerCutShortSaysWhereItEnded) {
  const ResponseParser body = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", 0, true);
  EXPECT_EQ(body.state(), State::failed);
  EXPECT_TRUE(body.has_head());
  EXPECT_EQ(body.error(), "the answer ended after 5 of its 10 bytes");
  EXPECT_EQ(parse("", 0, true).error(), "the connection closed without an answer");
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nContent-", 0, true).error(),
            "the connection closed before the answer's headers ended");
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nContent-", 0, true).has_head());
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 0, true).error(),
            "the answer ended inside its chunked body, after 3 bytes");
}

TEST(Http1Response, ABodyBeyondTheLimitIsRefusedAsSoonAsItIsKnown) {
  std::string left;
  const ResponseParser announced =
      parse("HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\nxx", 0, false, &left);
  EXPECT_EQ(announced.state(), State::failed);
  EXPECT_EQ(announced.error(), "the answer is 2097152 bytes, more than the 1 MiB accepted");
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n").error(),
            "the answer is more than the 1 MiB accepted");
  const ResponseParser streamed =
      parse("HTTP/1.1 200 OK\r\n\r\n" + std::string(kMiB + 1, 'x'), 4096);
  EXPECT_EQ(streamed.state(), State::failed);
  EXPECT_EQ(streamed.error(), "the answer is more than the 1 MiB accepted");
  EXPECT_LE(streamed.body().size(), kMiB);
}

TEST(Http1Response, MalformedAnswersFailWithALineSayingWhat) {
  const auto error = [](const std::string& text) { return parse(text).error(); };
  EXPECT_EQ(error("SSH-2.0-OpenSSH_9.2\r\n\r\n"), "the answer is not HTTP/1.1");
  EXPECT_EQ(error("HTTP/2 200\r\n\r\n"), "the answer is not HTTP/1.1");
  EXPECT_EQ(error("HTTP/1.1 2000 OK\r\n\r\n"), "the answer is not HTTP/1.1");
  EXPECT_EQ(error("HTTP/1.1 9x9 OK\r\n\r\n"),
            "the answer's status code is not a number from 100 to 599");
  EXPECT_EQ(error("HTTP/1.1 101 Switching Protocols\r\n\r\n"),
            "the server switched protocols, which was not asked for");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n"),
            "the answer's Content-Length is not one number");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
            "the answer's Content-Length is not one number");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            "the answer is sent with transfer coding 'gzip, chunked', which was not asked for");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n"),
            "the answer folds a header over several lines");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"),
            "the answer has a malformed header line");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            "a chunk of the answer has no valid size");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"),
            "the answer's chunked framing is malformed");
  EXPECT_EQ(error("HTTP/1.1 200 OK\r\n" + std::string(70000, 'a') + "\r\n\r\n"),
            "the answer's headers exceed 64 KiB");
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello").body(), "hello");
}

TEST(Http1Response, AReasonPhraseIsKeptUpToItsLimit) {
  const ResponseParser p =
      parse("HTTP/1.1 403 " + std::string(5000, 'r') + "\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.head().reason.size(), ResponseParser::kMaxReasonBytes);
  EXPECT_EQ(parse("HTTP/1.1 401\r\nContent-Length: 0\r\n\r\n").head().reason, "");
}

}  // namespace
