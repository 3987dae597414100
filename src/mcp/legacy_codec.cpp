// The codec for the initialize-era revisions 2024-11-05 .. 2025-11-25: results travel as they are.
#include <array>

#include "mcp/wire_codec.h"

namespace mcp {
namespace {

class LegacyCodec final : public WireCodec {
 public:
  using WireCodec::WireCodec;

  [[nodiscard]] bool serves(std::string_view method) const override {
    static constexpr std::array<std::string_view, 4> kMethods = {"initialize", "ping", "tools/list",
                                                                 "tools/call"};
    for (std::string_view m : kMethods) {
      if (m == method) return true;
    }
    return false;
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
