#include "pve/encoding.h"

#include <string>

namespace pve {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// An address with a colon can only be an IPv6 literal (host names and IPv4 have none).
bool needs_brackets(std::string_view host) {
  return host.find(':') != std::string_view::npos && host.front() != '[';
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string encode_params(const Params& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(key);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

std::string path(std::initializer_list<std::string_view> segments) {
  std::string out;
  for (std::string_view segment : segments) {
    out.push_back('/');
    out += percent_encode(segment);
  }
  return out;
}

std::string bare_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::string(host);
}

std::string host_port(std::string_view host, int port) {
  std::string out;
  if (!host.empty() && needs_brackets(host)) {
    out = "[" + std::string(host) + "]";
  } else {
    out = std::string(host);
  }
  return out + ":" + std::to_string(port);
}

nlohmann::json params_json(const Params& params) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : params) {
    if (!out.contains(key)) {
      out[key] = value;
    } else if (out[key].is_array()) {
      out[key].push_back(value);
    } else {
      out[key] = nlohmann::json::array({out[key], value});
    }
  }
  return out;
}

std::string base_url(std::string_view host, int port) {
  return "https://" + host_port(host, port) + std::string(kApiRoot);
}

}  // namespace pve
