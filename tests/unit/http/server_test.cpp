#include "http/server.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "raw_client.h"
#include "test_cert.h"

namespace {

using namespace std::chrono_literals;
using http_test::exchange_once;
using http_test::RawConnection;

http::Response text(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain"}};
  r.body = std::move(body);
  return r;
}

// Echoes what it was sent: method, target, one header and the body.
http::Response echo(const http::Request& req, const http::Peer&) {
  return text(200,
              req.method + " " + req.target + " x=" + req.header("x-test") + " body=" + req.body);
}

struct Started {
  std::unique_ptr<http::Server> server;
  int port = 0;
};

Started start(http::Handler handler, http::ServerOptions options = {}) {
  Started s;
  s.server = std::make_unique<http::Server>(std::move(options), std::move(handler));
  s.port = s.server->start("127.0.0.1", 0);
  return s;
}

TEST(HttpServer, AnswersWithTheHandlersStatusHeadersAndBody) {
  auto s = start(echo);
  const std::string got =
      exchange_once(s.port,
                    "POST /mcp?a=1 HTTP/1.1\r\nHost: x\r\nX-Test: yes\r\nContent-Length: 5\r\n"
                    "Connection: close\r\n\r\nhello");
  EXPECT_EQ(got,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n"
            "Connection: close\r\n\r\nPOST /mcp?a=1 x=yes body=hello");
}

TEST(HttpServer, KeepsTheConnectionForTheNextRequest) {
  auto s = start(echo);
  RawConnection conn(s.port);
  conn.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(conn.read_until("body=").find("Connection: keep-alive"), std::string::npos);
  EXPECT_NE(conn.read_until("GET /two x= body=").find("GET /two"), std::string::npos);
}

TEST(HttpServer, AHeadRequestGetsTheHeadAloneAndTheConnectionStaysUsable) {
  auto s = start(echo);
  RawConnection conn(s.port);
  conn.send("HEAD /h HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\nConnection: close\r\n\r\n");
  const std::string got = conn.read_all();
  EXPECT_EQ(got.substr(0, got.find("HTTP/1.1", 1)),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 16\r\n"
            "Connection: keep-alive\r\n\r\n");
  EXPECT_NE(got.find("body=", got.find("HTTP/1.1", 1)), std::string::npos) << got;
  EXPECT_EQ(got.find("HEAD /h"), std::string::npos) << "no body after the head";
}

TEST(HttpServer, ReadsAChunkedBody) {
  auto s = start(echo);
  const std::string got =
      exchange_once(s.port,
                    "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: t\r\n\r\n");
  EXPECT_NE(got.find("body=abcdefg"), std::string::npos) << got;
}

TEST(HttpServer, RefusesARequestThatCouldBeReadTwoWays) {
  auto s = start(echo);
  EXPECT_EQ(exchange_once(s.port,
                          "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n"
                          "\r\n0\r\n\r\n")
                .substr(0, 24),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange_once(s.port, "POST /c HTTP/1.1\r\nContent-Length: 1x\r\n\r\n").substr(0, 24),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange_once(s.port, "POST /c HTTP/1.1\r\nBad Header : 1\r\n\r\n").substr(0, 24),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange_once(s.port, "garbage\r\n\r\n").substr(0, 24), "HTTP/1.1 400 Bad Request");
}

TEST(HttpServer, FramingHeadersSentTwiceAreRefused) {
  auto s = start(echo);
  EXPECT_EQ(exchange_once(s.port,
                          "POST /c HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc")
                .substr(0, 24),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange_once(s.port,
                          "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .substr(0, 24),
            "HTTP/1.1 400 Bad Request");
}

TEST(HttpServer, ANoContentAnswerHasNoContentLength) {
  auto s = start([](const http::Request&, const http::Peer&) {
    http::Response r;
    r.status = 204;
    return r;
  });
  EXPECT_EQ(exchange_once(s.port, "DELETE /x HTTP/1.1\r\nConnection: close\r\n\r\n"),
            "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
}

TEST(HttpServer, AnHttp10ClientGetsAStreamedBodyWithoutChunksAndThenTheClose) {
  auto s = start([](const http::Request&, const http::Peer&) {
    http::Response r;
    r.stream = [](http::BodyWriter& out) {
      out.write("one ");
      out.write("two");
    };
    return r;
  });
  EXPECT_EQ(exchange_once(s.port, "GET /s HTTP/1.0\r\n\r\n"),
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\none two");
}

TEST(HttpServer, ATooLargeBodyAwaitingContinueIsAnsweredAtOnce) {
  http::ServerOptions options;
  options.limits.max_body = 10;
  options.limits.too_large = text(413, "too big");
  auto s = start(echo, options);
  RawConnection conn(s.port);
  const auto before = std::chrono::steady_clock::now();
  conn.send("POST /c HTTP/1.1\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(conn.read_until("too big").substr(0, 12), "HTTP/1.1 413");
  EXPECT_TRUE(conn.closed_by_server(2s)) << "closed without waiting for a body never sent";
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

TEST(HttpServer, ATlsHandshakeTrickledByteByByteIsDroppedAtTheDeadline) {
  const pve_test::TestCert cert = pve_test::make_cert("mcp", {"IP:127.0.0.1"});
  http::ServerOptions options;
  options.io_timeout = 300ms;
  auto s = start(echo, options);
  s.server->set_tls(http::make_tls_context(cert.cert.get(), cert.key.get()));
  RawConnection conn(s.port);  // plain TCP, playing a client that is slow on purpose
  // A handshake record header announcing 512 bytes, whose bytes then come one per 100 ms: each
  // read gets something, so only a deadline over the whole handshake ends it.
  conn.send(std::string("\x16\x03\x01\x02\x00", 5));
  bool closed = false;
  const auto before = std::chrono::steady_clock::now();
  for (int i = 0; i < 30 && !closed; ++i) {
    conn.send("A");
    closed = conn.closed_by_server(100ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

TEST(HttpServer, AnswersATooLargeBodyWithoutReadingIt) {
  std::atomic<int> handled{0};
  http::ServerOptions options;
  options.limits.max_body = 10;
  options.limits.too_large = text(413, "too big");
  auto s = start(
      [&](const http::Request& r, const http::Peer& p) {
        ++handled;
        return echo(r, p);
      },
      options);
  const std::string got =
      exchange_once(s.port, "POST /c HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234567890");
  EXPECT_EQ(got.substr(0, 30), "HTTP/1.1 413 Payload Too Large");
  EXPECT_NE(got.find("too big"), std::string::npos);
  const std::string chunked = exchange_once(
      s.port, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n");
  EXPECT_EQ(chunked.substr(0, 12), "HTTP/1.1 413");
  EXPECT_EQ(handled, 0);
}

TEST(HttpServer, AClientTooSlowToSendItsRequestGets408) {
  http::ServerOptions options;
  options.limits.request_timeout = 300ms;
  auto s = start(echo, options);
  RawConnection conn(s.port);
  conn.send("POST /c HTTP/1.1\r\nContent-Length: 10\r\n\r\n01");
  // Trickling bytes does not buy more time: the deadline covers the whole request.
  std::this_thread::sleep_for(150ms);
  conn.send("2");
  std::this_thread::sleep_for(100ms);
  conn.send("3");
  const std::string got = conn.read_all(2s);
  EXPECT_EQ(got.substr(0, 29), "HTTP/1.1 408 Request Timeout\r");
}

TEST(HttpServer, AnIdleConnectionIsClosedAfterTheIdleTimeout) {
  http::ServerOptions options;
  options.idle_timeout = 200ms;
  auto s = start(echo, options);
  RawConnection conn(s.port);
  EXPECT_TRUE(conn.closed_by_server(2s));
}

TEST(HttpServer, AStreamedBodyArrivesAsItIsWritten) {
  std::promise<void> first_seen;
  auto first_seen_future = first_seen.get_future().share();
  auto s = start([&](const http::Request&, const http::Peer&) {
    http::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.stream = [first_seen_future](http::BodyWriter& out) {
      out.write("data: one\n\n");
      // The second part is written only once the client has read the first.
      first_seen_future.wait_for(5s);
      out.write("data: two\n\n");
    };
    return r;
  });
  RawConnection conn(s.port);
  conn.send("POST /s HTTP/1.1\r\n\r\n");
  const std::string head = conn.read_until("data: one\n\n\r\n");
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_NE(head.find("b\r\ndata: one\n\n\r\n"), std::string::npos);
  first_seen.set_value();
  EXPECT_EQ(conn.read_until("0\r\n\r\n"), "b\r\ndata: two\n\n\r\n0\r\n\r\n");
}

TEST(HttpServer, AHandlerLearnsThatItsClientHasGone) {
  std::promise<bool> saw_gone;
  auto s = start([&](const http::Request&, const http::Peer& peer) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (!peer.gone() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    saw_gone.set_value(peer.gone());
    return text(200, "late");
  });
  auto future = saw_gone.get_future();
  {
    RawConnection conn(s.port);
    conn.send("POST /w HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(future.wait_for(0ms), std::future_status::timeout);  // still there: not gone
  }
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(future.get());
}

TEST(HttpServer, StopLetsAnAnswerInProgressFinishAndClosesIdleConnections) {
  std::promise<void> entered;
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  auto s = start([&](const http::Request&, const http::Peer&) {
    entered.set_value();
    std::unique_lock lock(m);
    cv.wait_for(lock, 5s, [&] { return release; });
    return text(200, "finished");
  });
  RawConnection idle(s.port);
  RawConnection busy(s.port);
  busy.send("POST /w HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  entered.get_future().wait_for(5s);
  std::thread stopper([&] { s.server->stop(5s); });
  EXPECT_TRUE(idle.closed_by_server(2s));
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  EXPECT_NE(busy.read_until("finished").find("finished"), std::string::npos);
  stopper.join();
  EXPECT_FALSE(RawConnection(s.port).connected());  // no longer listening
}

TEST(HttpServer, StopGivesUpOnAnAnswerThatOutlastsTheDrain) {
  std::promise<void> entered;
  auto s = start([&](const http::Request&, const http::Peer& peer) {
    entered.set_value();
    while (!peer.gone()) std::this_thread::sleep_for(5ms);  // ends when stop() closes the socket
    return text(200, "never read");
  });
  RawConnection busy(s.port);
  busy.send("POST /w HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  entered.get_future().wait_for(5s);
  const auto before = std::chrono::steady_clock::now();
  s.server->stop(200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
}

TEST(HttpServer, ConnectionsPastTheLimitAreClosed) {
  http::ServerOptions options;
  options.max_connections = 1;
  auto s = start(echo, options);
  RawConnection first(s.port);
  first.send("GET /a HTTP/1.1\r\n\r\n");
  first.read_until("body=");
  RawConnection second(s.port);
  EXPECT_TRUE(second.closed_by_server(2s));
  first.send("GET /b HTTP/1.1\r\n\r\n");
  EXPECT_NE(first.read_until("body=").find("200 OK"), std::string::npos);
}

TEST(HttpServer, ServesTlsFromPemFilesAndExplainsFilesThatDoNotLoad) {
  const pve_test::TestCert cert = pve_test::make_cert("mcp", {"DNS:localhost", "IP:127.0.0.1"});
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, cert.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  const std::string key_pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  const std::string cert_file = pve_test::write_temp_file("http-cert.pem", cert.cert_pem);
  const std::string key_file = pve_test::write_temp_file("http-key.pem", key_pem);

  auto s = start(echo);
  s.server->set_tls(http::load_tls_context(cert_file, key_file));
  RawConnection conn(s.port, /*tls=*/true);
  ASSERT_TRUE(conn.connected());
  conn.send("GET /secure HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(conn.read_all().find("GET /secure"), std::string::npos);

  try {
    (void)http::load_tls_context(key_file, key_file);
    ADD_FAILURE() << "a key is not a certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot read the TLS certificate " + key_file + ": ", 0),
              0u)
        << e.what();
  }
  const pve_test::TestCert other = pve_test::make_cert("other", {"DNS:localhost"});
  const std::string other_file = pve_test::write_temp_file("http-other.pem", other.cert_pem);
  try {
    (void)http::load_tls_context(other_file, key_file);
    ADD_FAILURE() << "the key belongs to another certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(
        e.what(),
        ("the TLS key " + key_file + " does not belong to the certificate " + other_file).c_str());
  }
}

}  // namespace
