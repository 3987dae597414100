// A list answer read as rows while it is parsed, and the same rows read from a document.
#include "pve/rows.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pve {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kKeys = {"vmid", "name", "cpu", "template"};

RowsRead read(const std::string& text) {
  return read_rows(text, kKeys, 64);
}

TEST(Rows, EachElementGivesItsNamedMembersInKeyOrder) {
  const RowsRead rows =
      read(R"({"data":[{"name":"web","vmid":100,"cpu":0.25,"template":0,"disk":7},)"
           R"({"vmid":"101","extra":{"a":[1,2]},"template":true}],"total":2})");
  ASSERT_TRUE(rows.read);
  ASSERT_TRUE(rows.rows);
  ASSERT_EQ(rows.rows->size(), 2U);
  EXPECT_EQ((*rows.rows)[0], (Row{100, "web", 0.25, 0}));
  // Proxmox's loose types are kept as sent, for the reader to interpret.
  EXPECT_EQ((*rows.rows)[1], (Row{"101", nullptr, nullptr, true}));
}

// Every case read as text gives what the document reading of the same text gives.
TEST(Rows, ReadingTheTextAgreesWithReadingTheDocument) {
  const std::string cases[] = {
      R"({"data":[]})",
      R"({"data":{"vmid":1}})",                                   // data not a list
      R"({"data":null})",                                         //
      R"({"data":[1,"two",null,[{"vmid":3}],{"vmid":4}]})",       // elements that are not objects
      R"({"data":[{"vmid":{"x":1},"name":["a"],"cpu":null}]})",   // nested and null members
      R"({"data":[{"vmid":1,"vmid":{"x":2}}]})",                  // a scalar, then an object
      R"({"data":[{"vmid":{"x":2},"vmid":5}]})",                  // an object, then a scalar
      R"({"data":[{"vmid":1}],"data":[{"vmid":2},{"vmid":3}]})",  // the last "data" counts
      R"({"data":[{"vmid":1}],"data":"gone"})",                   //
      R"({"before":{"data":[9]},"data":[{"name":"a\"b\u00e9"}],"after":[[{"vmid":7}]]})",
      R"({"data":[{"vmid":18446744073709551615,"cpu":-1.5e300,"template":false}]})",
  };
  for (const std::string& text : cases) {
    const RowsRead rows = read(text);
    ASSERT_TRUE(rows.read) << text;
    EXPECT_EQ(rows.rows, rows_of(json::parse(text)["data"], kKeys)) << text;
  }
}

// The caller parses these as a document, which says what is wrong with them.
TEST(Rows, TextThatIsNotAnEnvelopeIsLeftToTheDocumentParse) {
  for (const std::string text :
       {"", "<html>proxy</html>", R"({"data":[{"vmid":1})", "[1,2]", R"("data")",
        R"({"result":[]})", R"({"data":[{"vmid":1}]} trailing)"}) {
    EXPECT_FALSE(read(text).read) << text;
  }
}

// The fast scanner reads JSON as Proxmox writes it, and gives exactly the document's values.
TEST(Rows, TheScannerReadsProxmoxJsonAsTheDocumentDoes) {
  const std::string cases[] = {
      R"({"data":[{"vmid":0,"cpu":-0,"name":"a\"b\\c\/d\n\t\r\b\f","template":-7}]})",
      R"({"data":[{"vmid":123456789012345678,"cpu":-123456789012345678}]})",
      R"({"data":[{"cpu":0.1,"vmid":1.5e-3,"name":2E10,"template":-0.0},{"cpu":1e+2}]})",
      // Raw UTF-8 of 2, 3 and 4 bytes, and DEL, as Proxmox sends them (not as \u escapes).
      "{\"data\":[{\"name\":\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \x7F\"}]}",
      " \n\t\r{ \"data\" : [ { \"vmid\" : 1 , \"name\" : null } , 2 , [ ] , { } ] } \n",
      R"({"total":{"a":[1,{"b":"c"}]},"data":[{"other":{"vmid":9},"vmid":true}],"x":false})",
      R"({"data":[{"vmid":{"x":2},"vmid":5},{"vmid":1,"vmid":[2]}],"data":[{"vmid":3}]})",
      R"({"data":{"vmid":1}})",
      R"({"data":[]})",
  };
  for (const std::string& text : cases) {
    const std::optional<RowsRead> scanned = scan_rows(text, kKeys, 64);
    ASSERT_TRUE(scanned) << text;
    ASSERT_TRUE(scanned->read) << text;
    EXPECT_EQ(scanned->rows, rows_of(json::parse(text)["data"], kKeys)) << text;
  }
  const auto row = scan_rows(R"({"data":[{"vmid":18,"cpu":-2,"name":0.5}]})", kKeys, 64);
  ASSERT_TRUE(row && row->rows);
  // The types nlohmann gives: unsigned for 18, signed for -2 (equal values of other types would
  // compare equal above).
  EXPECT_TRUE((*row->rows)[0][0].is_number_unsigned());
  EXPECT_TRUE((*row->rows)[0][2].is_number_integer() && !(*row->rows)[0][2].is_number_unsigned());
  EXPECT_TRUE((*row->rows)[0][1].is_number_float());
}

// What the scanner leaves to nlohmann, which then reads it (or refuses it) as before.
TEST(Rows, WhatTheScannerIsUnsureOfIsReadByTheFullParser) {
  const std::string readable[] = {
      R"({"data":[{"name":"caf\u00e9 \ud83d\ude00"}]})",  // \u escapes
      R"({"data":[{"vmid":1234567890123456789}]})",       // 19 digits
      R"({"data":[{"vmid":18446744073709551615,"cpu":-9223372036854775808}]})",
      R"({"data":[{"vmid":99999999999999999999}]})",  // beyond uint64: a double
      R"({"data":[{"cpu":1e-400}]})",                 // underflows to 0
      "\xEF\xBB\xBF{\"data\":[{\"vmid\":1}]}",        // a byte order mark
  };
  for (const std::string& text : readable) {
    EXPECT_FALSE(scan_rows(text, kKeys, 64)) << text;
    const RowsRead rows = read(text);
    ASSERT_TRUE(rows.read) << text;
    EXPECT_EQ(rows.rows, rows_of(json::parse(text)["data"], kKeys)) << text;
  }
  const std::string refused[] = {
      R"({"data":[{"cpu":1e400}]})",               // out of double's range
      "{\"data\":[{\"name\":\"\xC0\xAF\"}]}",      // overlong UTF-8
      "{\"data\":[{\"name\":\"\xED\xA0\x80\"}]}",  // a surrogate in UTF-8
      "{\"data\":[{\"name\":\"a\tb\"}]}",          // a raw control character
      R"({"data":[{"vmid":01}]})",
      R"({"data":[{"vmid":1.}]})",
      R"({"data":[{"vmid":-}]})",
      R"({"data":[{"vmid":"\x"}]})",
      R"({"data":[{"vmid":tru}]})",
      R"({"data":[1,]})",
  };
  for (const std::string& text : refused) {
    EXPECT_FALSE(scan_rows(text, kKeys, 64)) << text;
    EXPECT_FALSE(read(text).read) << text;
  }
}

TEST(Rows, NestingDeeperThanTheLimitIsLeftToTheDocumentParse) {
  const auto nested = [](int levels) {
    std::string text = R"({"data":[{"vmid":)";
    for (int i = 3; i < levels; ++i) text += "[";
    text += "1";
    for (int i = 3; i < levels; ++i) text += "]";
    return text + "}]}";
  };
  EXPECT_TRUE(read_rows(nested(64), kKeys, 64).read);
  EXPECT_FALSE(read_rows(nested(65), kKeys, 64).read);
}

}  // namespace
}  // namespace pve
