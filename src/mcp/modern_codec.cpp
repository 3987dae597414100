// The codec for the stateless revision 2026-07-28: resultType, serverInfo _meta and cache hints.

#include "mcp/wire_codec.h"

namespace mcp {
namespace {

// The tool list is computed once per process, but a restart with other settings may change it,
// and on HTTP it may depend on the caller: clients re-fetch, and never share it across callers.
constexpr int kListTtlMs = 0;
constexpr std::string_view kListCacheScope = "private";

class ModernCodec final : public WireCodec {
 public:
  explicit ModernCodec(const ServerInfo& info) : WireCodec(Revision::k2026_07_28, info) {}

  [[nodiscard]] bool serves(std::string_view method) const override {
    return serves_in_every_era(method) || method == "server/discover" ||
           method == "subscriptions/listen";
  }

  [[nodiscard]] nlohmann::json finish(nlohmann::json result, ResultKind kind) const override {
    result["resultType"] = kind == ResultKind::kInputRequired ? "input_required" : "complete";
    if (kind == ResultKind::kCacheable) {
      result["ttlMs"] = kListTtlMs;
      result["cacheScope"] = kListCacheScope;
    }
    result["_meta"][std::string(kMetaServerInfo)] = implementation();
    return result;
  }
};

}  // namespace

std::unique_ptr<WireCodec> make_modern_codec(const ServerInfo& info) {
  return std::make_unique<ModernCodec>(info);
}

}  // namespace mcp
