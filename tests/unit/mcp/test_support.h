// Helpers for driving mcp::run_stdio in tests: scripted input, observed output, sample tools.
#pragma once

#include <condition_variable>
#include <functional>
#include <istream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/offerings.h"
#include "mcp/server.h"
#include "mcp/tool.h"

namespace mcp::test {

using nlohmann::json;

// The captured transcripts' reference server identity.
ServerInfo reference_server_info();

// A tool shaped like the transcripts' vm_status: {node, vmid} -> "vm 100 on pve1: running".
Tool vm_status_tool();

// A tool that asks "Delete VM <vmid>?" ({vmid: integer}) and answers with the consent it got:
// "accepted", "declined" or "unavailable", as text and as {"consent": ...}.
Tool asking_tool(const std::string& name = "delete_vm");

// A tool that sends notifications/message at debug, info and error ("step 1", "step 2",
// "step 3") and answers "logged".
Tool logging_tool();

// Prompts, resources and a completer for the protocol tests: prompt "check" {node (completed
// from "node"), depth?}; resource "test://nodes" (needs tool vm_status); template
// "test://nodes/{node}" (variable node completed from "node"); completer "node" offering pve1,
// pve2 and pbs that start with the typed prefix.
Offerings sample_offerings();

// Reads the whole of a transcript file from third_party/mcp-schema/transcripts.
std::vector<std::string> transcript_lines(const std::string& file_name);

// Runs run_stdio over fixed input lines (EOF after the last) and returns every output line.
std::vector<json> serve(const std::vector<std::string>& lines, std::vector<Tool> tools,
                        const ServerInfo& info = reference_server_info(), Offerings offerings = {});

// Builders for the requests tests send.
json request(const json& id, const std::string& method, json params = nullptr);
json modern_meta(json extra = json::object());  // a complete 2026-07-28 _meta
json modern_request(const json& id, const std::string& method, json params = json::object());
std::string line(const json& message);

// Input that blocks until the test pushes more, so a test can order its messages against the
// server's progress.
class BlockingInput : public std::streambuf {
 public:
  void push(const std::string& text);
  void close();

 protected:
  int_type underflow() override;

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::string pending_;
  std::string current_;
  bool closed_ = false;
};

// Output a test can wait on, line by line.
class ObservedOutput : public std::streambuf {
 public:
  std::vector<json> messages();
  // Waits until `done(messages)` holds; false if it did not within a generous safety limit
  // (the limit only keeps a broken build from hanging; no test depends on timing).
  bool wait_for(const std::function<bool(const std::vector<json>&)>& done);

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  std::vector<json> parse_locked() const;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
};

// run_stdio on a thread, fed and observed by the test.
class LiveServer {
 public:
  explicit LiveServer(std::vector<Tool> tools, const ServerInfo& info = reference_server_info(),
                      SessionOptions options = {});
  ~LiveServer();
  void send(const json& message);
  // Signals EOF on stdin without waiting.
  void close_input();
  // Closes stdin and waits for run_stdio to return; returns its exit code.
  int finish();
  ObservedOutput& output() { return out_; }

 private:
  BlockingInput in_;
  ObservedOutput out_;
  std::istream in_stream_{&in_};
  std::ostream out_stream_{&out_};
  int exit_code_ = -1;
  std::thread thread_;
};

// Finds the response with this id, or null.
json response_for(const std::vector<json>& messages, const json& id);
// All messages with this method.
std::vector<json> with_method(const std::vector<json>& messages, const std::string& method);

}  // namespace mcp::test
