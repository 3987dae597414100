// URL building for the Proxmox API: percent-encoding, query/form strings and the base URL.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/api.h"

namespace pve {

// RFC 3986: unreserved characters (ALPHA DIGIT - . _ ~) stay, every other byte becomes %XX.
std::string percent_encode(std::string_view text);

// Inverse of percent_encode; a malformed escape is kept as it is.
std::string percent_decode(std::string_view text);

// "k1=v1&k2=v2", keys and values percent-encoded, order and repeated keys kept. The same text
// serves as a query string (GET/DELETE) and as an x-www-form-urlencoded body (POST/PUT).
std::string encode_params(const Params& params);

// The parameters as one JSON object; a key sent more than once (an argv: command=ls&command=-la)
// holds the list of its values, in order.
nlohmann::json params_json(const Params& params);

// Where the API's paths start on a Proxmox host.
inline constexpr std::string_view kApiRoot = "/api2/json";

// "https://HOST:PORT/api2/json"; an IPv6 literal is put in brackets.
std::string base_url(std::string_view host, int port);

// `host` without the brackets around an IPv6 literal, as resolvers and certificates want it.
std::string bare_host(std::string_view host);

// "HOST:PORT" as a person writes it (IPv6 in brackets), for error texts.
std::string host_port(std::string_view host, int port);

}  // namespace pve
