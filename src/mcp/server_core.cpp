#include "mcp/server_core.h"

namespace mcp {

ServerCore::ServerCore(ServerInfo info, SessionOptions options, Offerings offerings)
    : info_(std::move(info)),
      options_(std::move(options)),
      offerings_(std::move(offerings)),
      modern_codec_(make_modern_codec(info_)),
      pool_(options_.max_concurrent_calls, WorkerPool::kDefaultMaxThreads,
            options_.max_calls_per_client) {
  for (Revision r : kLegacyRevisions) legacy_codecs_.push_back(make_legacy_codec(r, info_));
}

const WireCodec& ServerCore::legacy_codec(Revision revision) const {
  for (std::size_t i = 0; i < kLegacyRevisions.size(); ++i) {
    if (kLegacyRevisions[i] == revision) return *legacy_codecs_[i];
  }
  return *legacy_codecs_.front();
}

}  // namespace mcp
