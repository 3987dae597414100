// A list answer read as rows while it is parsed, and the same rows read from a document.
#include "pve/rows.h"

#include <array>
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
