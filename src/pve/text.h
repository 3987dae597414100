// Small text helpers shared by the parsers of the pve client.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pve {

// `text` without leading and trailing white space (std::isspace).
std::string_view trim(std::string_view text);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF): what JSON text, and so MCP and Proxmox, can carry.
bool is_utf8(std::string_view text);

// At most `limit` bytes of `text`, cut before a character that does not fit whole (UTF-8).
std::string_view utf8_prefix(std::string_view text, std::size_t limit);

// At most `limit` bytes of `text`, cut on a UTF-8 character boundary; a cut text ends in
// "… (N more bytes)" so a reader knows it is not whole. What Proxmox sends is untrusted: a
// message meant for one line can be megabytes long.
std::string clip(std::string_view text, std::size_t limit);

// `text` with every occurrence of `secret` replaced by "[secret]". A secret shorter than 8
// characters (a typo, a test value like "wrong") would also match ordinary words of our own
// sentences and garble them, so it is left alone; real secrets are UUIDs.
std::string redact(std::string text, std::string_view secret);

// Deepest bracket nesting of a JSON text, ignoring brackets inside strings, stopping as soon as
// it passes `limit` (then the result is limit + 1). Deep JSON is parsed iteratively by
// nlohmann::json but copied and printed recursively, so it must be refused before parsing.
std::size_t json_depth(std::string_view text, std::size_t limit);

}  // namespace pve
