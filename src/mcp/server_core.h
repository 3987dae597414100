// What every client connection of one server shares: who the server is, the wire codecs of each
// protocol revision, the prompts and resources, the worker pool tool calls run on, and the seal
// of 2026-07-28 request states.
#pragma once

#include <memory>
#include <vector>

#include "mcp/offerings.h"
#include "mcp/protocol_version.h"
#include "mcp/request_state.h"
#include "mcp/server.h"
#include "mcp/wire_codec.h"
#include "mcp/worker_pool.h"

namespace mcp {

class ServerCore {
 public:
  explicit ServerCore(ServerInfo info, SessionOptions options = {}, Offerings offerings = {});
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  [[nodiscard]] const ServerInfo& info() const { return info_; }
  [[nodiscard]] const SessionOptions& options() const { return options_; }
  // Prompts, resources and completers; each session shows those its tools allow.
  [[nodiscard]] const Offerings& offerings() const { return offerings_; }
  // The codec of a legacy revision (one that initialize negotiates).
  [[nodiscard]] const WireCodec& legacy_codec(Revision revision) const;
  [[nodiscard]] const WireCodec& modern_codec() const { return *modern_codec_; }
  [[nodiscard]] WorkerPool& pool() { return pool_; }
  [[nodiscard]] RequestStateSeal& seal() { return seal_; }

 private:
  ServerInfo info_;
  SessionOptions options_;
  Offerings offerings_;
  std::vector<std::unique_ptr<WireCodec>> legacy_codecs_;  // indexed like kLegacyRevisions
  std::unique_ptr<WireCodec> modern_codec_;
  RequestStateSeal seal_;
  WorkerPool pool_;
};

}  // namespace mcp
