// Parsing of a .env file's text into KEY=value entries, without ever echoing a value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace config {

struct EnvEntry {
  std::string key;
  std::string value;
  int line = 0;  // 1-based line number in its file
};

struct ParsedEnvFile {
  std::vector<EnvEntry> entries;  // in file order; a key may repeat (the last one counts)
  // "PATH:LINE: skipped: <reason>" for each malformed line. Never contains line text, because
  // a malformed line may well be a secret pasted without its KEY=.
  std::vector<std::string> problems;
};

// Accepts the dotenv dialect people write by hand: blank lines, `# comment` lines, an
// `export ` prefix, spaces around `=`, CRLF line ends, a UTF-8 BOM, unquoted values with a
// trailing ` # comment`, 'single-quoted' literal values and "double-quoted" values with
// \n \r \t \" \\ escapes. No variable expansion and no multi-line values.
ParsedEnvFile parse_env_file(std::string_view path, std::string_view content);

}  // namespace config
