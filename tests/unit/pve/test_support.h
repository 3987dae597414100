// Shared helpers for the pve client tests: options for the local server, catching pve::Error.
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "pve/client.h"
#include "pve/error.h"
#include "test_cert.h"
#include "tls_test_server.h"

namespace pve_test {

// A recognisable secret: no error text, message or log may ever contain it.
inline constexpr const char* kSecret = "5ec2e7aa-1b2c-4d3e-8f90-secretsecret";

inline pve::ClientOptions pinned_options(const TlsTestServer& server, const TestCert& cert) {
  pve::ClientOptions options;
  options.host = "127.0.0.1";
  options.port = server.port();
  options.token_secret = kSecret;
  options.fingerprint = cert.fingerprint;
  options.connect_timeout_ms = 2000;
  options.timeout_ms = 5000;
  return options;
}

// Options for a port on 127.0.0.1 that nobody listens on: every connection is refused.
inline pve::ClientOptions refused_options() {
  pve::ClientOptions options;
  options.host = "127.0.0.1";
  options.port = closed_port();
  options.token_secret = kSecret;
  options.insecure = true;
  return options;
}

inline TestCert localhost_cert() {
  return make_cert("pve1", {"DNS:localhost", "IP:127.0.0.1", "IP:::1"});
}

// Runs `call`, which must throw pve::Error, and returns the error.
inline pve::Error catch_error(const std::function<void()>& call) {
  try {
    call();
  } catch (const pve::Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a pve::Error";
  return pve::Error(pve::ErrorKind::kProtocol, -1, "", "no error was thrown");
}

}  // namespace pve_test
