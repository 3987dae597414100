// A list answer read as rows of chosen members, without building a JSON document of it: the
// /cluster/resources of a 10,000-guest cluster is 2.7 MB, and a document of it cost more than
// everything else a guest listing does.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pve {

// The members named by the keys of a request, in the keys' order, of one element of a list.
// A member that is absent, null, an object or an array is null; an element that is not an
// object gives a row of nulls.
using Row = std::vector<nlohmann::json>;
using RowKeys = std::span<const std::string_view>;

// The rows of `data` when it is an array; nullopt when it is not.
std::optional<std::vector<Row>> rows_of(const nlohmann::json& data, RowKeys keys);

struct RowsRead {
  bool read = false;  // false: not JSON, not an object with "data", or deeper than allowed
  std::optional<std::vector<Row>> rows;  // as rows_of(envelope["data"]) when read
};

// rows_of(envelope["data"]) for the text of a whole response envelope, read as it is parsed.
// A text it cannot read (`read` false) is for the caller to parse as a document, which says
// what is wrong with it.
RowsRead read_rows(const std::string& envelope, RowKeys keys, std::size_t max_depth);

// read_rows' fast path, for JSON as Proxmox writes it: the same answer when it gives one, and
// nullopt for a text it leaves to the full parser (\u escapes, integers of more than 18 digits,
// floats out of double's range, anything that is not a valid envelope).
std::optional<RowsRead> scan_rows(std::string_view envelope, RowKeys keys, std::size_t max_depth);

}  // namespace pve
