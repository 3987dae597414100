// A closed-loop HTTP/1.1 load on loopback: N keep-alive connections, each sending the next
// request as soon as the previous answer is complete, all driven by one epoll thread so the
// load generator takes as little of the machine as it can.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace bench {

struct HttpLoad {
  double requests_per_s = 0;
  std::vector<double> latency_ms;  // of every answer in the measured window
  std::size_t failures = 0;        // answers other than 200, and broken connections
};

// `request` is the whole HTTP request, sent as it is on every connection.
HttpLoad http_load(int port, const std::string& request, int connections,
                   std::chrono::milliseconds warmup, std::chrono::milliseconds measured);

// True once something answers HTTP on 127.0.0.1:`port` at `path` with 200.
bool http_ok(int port, const std::string& path);

}  // namespace bench
