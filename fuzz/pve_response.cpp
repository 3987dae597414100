// Turning what a Proxmox server answers into data or errors: parse_envelope, http_error,
// unknown_node and node_not_found, and read_rows against the document it stands in for. The
// input reads like an HTTP answer: the first line is "STATUS reason phrase", the second the
// request path we sent, the rest the body. Promises checked: only pve::Error of the documented
// kind escapes; the token secret never shows in an error text; an error text is one line and
// bounded whatever the server sends; read_rows reads exactly what the document parse reads.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "pve/error.h"
#include "pve/response.h"
#include "pve/rows.h"

namespace {

constexpr std::string_view kSecret = "5f0c6a1e-93b2-4c7d-8e1f-2a4b6c8d0e9f";

// Proxmox's texts are clipped to about 1,000 bytes each and the errors map to 20 entries of 300;
// what is left is our own words and the request path.
constexpr std::size_t kMaxOwnText = 16 * 1024;

// Equal and of the same JSON types: json's == finds 18, 18u and 18.0 equal, but the readers of
// rows (and nlohmann) tell them apart.
bool same_rows(const std::optional<std::vector<pve::Row>>& a,
               const std::optional<std::vector<pve::Row>>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  if (a->size() != b->size()) return false;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const pve::Row& x = (*a)[i];
    const pve::Row& y = (*b)[i];
    if (x.size() != y.size()) return false;
    for (std::size_t j = 0; j < x.size(); ++j) {
      if (x[j].type() != y[j].type() || x[j] != y[j]) return false;
    }
  }
  return true;
}

std::string_view next_line(std::string_view& rest) {
  const std::size_t newline = rest.find('\n');
  const std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  return line;
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

void check_text(const pve::Error& e, const pve::RequestInfo& request, std::string_view what) {
  const std::string_view text = e.what();
  // A line break our own request path carries (raw or percent-encoded) is ours, not the server's.
  if (!has_line_break(request.path) && !has_line_break(pve::node_of_path(request.path))) {
    fuzz::check(!has_line_break(text), std::string(what) + ": the error text is one line", text);
  }
  fuzz::check(text.size() <= kMaxOwnText + 2 * request.path.size(),
              std::string(what) + ": the error text is bounded", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view status_line = next_line(rest);
  pve::HttpReply reply;
  std::size_t digits = 0;
  while (digits < status_line.size() && digits < 4 && status_line[digits] >= '0' &&
         status_line[digits] <= '9') {
    reply.status = reply.status * 10 + (status_line[digits] - '0');
    ++digits;
  }
  const std::string_view reason = status_line.substr(digits);
  reply.reason = std::string(reason.starts_with(' ') ? reason.substr(1) : reason);
  pve::RequestInfo request;
  request.method = "GET";
  request.path = std::string(next_line(rest));
  request.endpoint = "pve.example:8006";
  request.token_id = "root@pam!mcp";
  reply.body = std::string(rest);

  // The rows read while parsing (a large list) must be what the document gives, and a text the
  // document parse refuses must not be read as rows.
  static constexpr std::array<std::string_view, 4> kRowKeys = {"vmid", "name", "cpu", "template"};
  const pve::RowsRead rows = pve::read_rows(reply.body, kRowKeys, pve::kMaxJsonDepth);
  try {
    const auto envelope = pve::parse_envelope(request, reply, kSecret);
    fuzz::check(envelope.is_object() && envelope.contains("data"), "an envelope has data");
    fuzz::check(rows.read, "an envelope the document parse reads is read as rows");
    fuzz::check(same_rows(rows.rows, pve::rows_of(envelope.at("data"), kRowKeys)),
                "rows read while parsing are the rows of the document, of the same types");
  } catch (const pve::Error& e) {
    fuzz::check(!rows.read, "a text the document parse refuses is not read as rows");
    fuzz::check(e.kind() == pve::ErrorKind::kProtocol, "parse_envelope fails with kProtocol",
                e.what());
    // The request path is ours and shown as sent; the promise is about what the server sent.
    if (request.path.find(kSecret) == std::string::npos) {
      fuzz::check(std::string_view(e.what()).find(kSecret) == std::string_view::npos,
                  "parse_envelope never shows the secret", e.what());
    }
    check_text(e, request, "parse_envelope");
  }

  // Past this point the client has redacted the secret from the reply already.
  const pve::Error error = pve::http_error(request, reply);
  check_text(error, request, "http_error");
  if (const auto node = pve::unknown_node(request, reply)) {
    const pve::Error missing =
        pve::node_not_found(*node, std::vector<std::string>{"pve1", "PVE2"}, reply);
    check_text(missing, request, "node_not_found");
    check_text(pve::node_not_found(*node, std::nullopt, reply), request, "node_not_found");
  }
  return 0;
}
