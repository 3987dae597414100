// The MCP protocol revisions this server speaks and how a legacy client's request is negotiated.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

enum class Revision { k2024_11_05, k2025_03_26, k2025_06_18, k2025_11_25, k2026_07_28 };

inline constexpr std::string_view kModernVersion = "2026-07-28";
inline constexpr Revision kNewestLegacy = Revision::k2025_11_25;

// Legacy revisions, newest first (the order offered to an unknown requested version).
inline constexpr std::array<Revision, 4> kLegacyRevisions = {
    Revision::k2025_11_25, Revision::k2025_06_18, Revision::k2025_03_26, Revision::k2024_11_05};

// True when `r` is `since` or a later revision.
constexpr bool at_least(Revision r, Revision since) {
  return static_cast<int>(r) >= static_cast<int>(since);
}

std::string_view revision_name(Revision r);
std::optional<Revision> parse_revision(std::string_view name);

// The legacy `initialize` rule: echo a supported version, otherwise offer the newest legacy one.
Revision negotiate_legacy(std::string_view requested);

}  // namespace mcp
