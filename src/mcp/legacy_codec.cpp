// The codec for the initialize-era revisions 2024-11-05 .. 2025-11-25: results travel as they are.
#include <algorithm>
#include <array>

#include "mcp/wire_codec.h"

namespace mcp {
namespace {

class LegacyCodec final : public WireCodec {
 public:
  using WireCodec::WireCodec;

  [[nodiscard]] bool serves(std::string_view method) const override {
    static constexpr std::array<std::string_view, 3> kMethods = {"initialize", "ping",
                                                                 "logging/setLevel"};
    return serves_in_every_era(method) ||
           std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
  }

  [[nodiscard]] nlohmann::json finish(nlohmann::json result, ResultKind /*kind*/) const override {
    return result;
  }
};

}  // namespace

std::unique_ptr<WireCodec> make_legacy_codec(Revision revision, const ServerInfo& info) {
  return std::make_unique<LegacyCodec>(revision, info);
}

}  // namespace mcp
