// Per-era wire codecs: shape era-free results into the fields one protocol revision allows.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mcp/offerings.h"
#include "mcp/protocol_version.h"
#include "mcp/server.h"
#include "mcp/tool.h"

namespace mcp {

// What a result is, for the envelope fields a codec stamps on it.
enum class ResultKind {
  kPlain,          // ping, tools/call, prompts/get, completion/complete, subscriptions/listen end
  kCacheable,      // server/discover, the lists, resources/read: modern results carry ttlMs and
                   // cacheScope
  kInputRequired,  // a 2026-07-28 tools/call that asks the person before it goes on
};

// The `_meta` keys of the modern era.
inline constexpr std::string_view kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view kMetaClientCapabilities =
    "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
inline constexpr std::string_view kMetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";
inline constexpr std::string_view kMetaLogLevel = "io.modelcontextprotocol/logLevel";

class WireCodec {
 public:
  WireCodec(Revision revision, const ServerInfo& info);
  virtual ~WireCodec() = default;
  WireCodec(const WireCodec&) = delete;
  WireCodec& operator=(const WireCodec&) = delete;

  [[nodiscard]] Revision revision() const { return revision_; }
  [[nodiscard]] bool is_modern() const { return revision_ == Revision::k2026_07_28; }

  // The method registry of this era: requests for other methods get -32601.
  [[nodiscard]] virtual bool serves(std::string_view method) const = 0;
  // Stamps the envelope fields of this era on a result.
  [[nodiscard]] virtual nlohmann::json finish(nlohmann::json result, ResultKind kind) const = 0;

  // Era-independent pieces, with the fields this revision knows.
  [[nodiscard]] nlohmann::json tool(const Tool& tool) const;
  // The same serialized: the tool's own listing text for this revision when it has one.
  [[nodiscard]] std::string tool_text(const Tool& tool) const;
  // The tool's own listing text for this revision, serialized ahead; empty when it has none.
  [[nodiscard]] std::string_view listed_text(const Tool& tool) const;
  [[nodiscard]] nlohmann::json call_result(const ToolResult& result) const;
  [[nodiscard]] nlohmann::json prompt(const Prompt& prompt) const;
  // A resource of resources/list, or a template of resources/templates/list.
  [[nodiscard]] nlohmann::json resource(const Resource& resource) const;
  // Whether the completions capability exists in this revision (2025-03-26 on; 2024-11-05 has
  // completion/complete without a capability to declare it).
  [[nodiscard]] bool declares_completions() const;
  [[nodiscard]] nlohmann::json implementation() const;  // serverInfo
  [[nodiscard]] nlohmann::json capabilities() const;
  [[nodiscard]] nlohmann::json progress(const nlohmann::json& token, double progress,
                                        std::optional<double> total,
                                        const std::string& message) const;

 protected:
  [[nodiscard]] const ServerInfo& info() const { return info_; }
  // The methods both eras have.
  [[nodiscard]] bool serves_in_every_era(std::string_view method) const;

 private:
  Revision revision_;
  ServerInfo info_;
};

std::unique_ptr<WireCodec> make_legacy_codec(Revision revision, const ServerInfo& info);
std::unique_ptr<WireCodec> make_modern_codec(const ServerInfo& info);

}  // namespace mcp
