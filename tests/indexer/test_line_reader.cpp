// Tests for indexer/line_reader.cpp: plain and gzip input, line caps, NULs, truncation.
#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.h"
#include "indexer/line_reader.h"
#include "test_support.h"

using dossier::Line;
using dossier::LineReader;
using dossier::testing::TempDir;

namespace {

std::string write_gzip(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = dir.file(name);
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size()));
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

struct ReadResult {
  std::vector<std::string> texts;
  std::vector<std::size_t> numbers;
  std::vector<bool> too_long;
  std::vector<bool> has_nul;
};

ReadResult read_all(const std::string& path, std::size_t max_line_bytes = 1 << 20, bool lone_cr_ends_line = false) {
  LineReader reader(path, max_line_bytes, lone_cr_ends_line);
  ReadResult result;
  Line line;
  while (reader.next(line)) {
    result.texts.push_back(line.text);
    result.numbers.push_back(line.number);
    result.too_long.push_back(line.too_long);
    result.has_nul.push_back(line.has_nul);
  }
  // At the end it stays at the end.
  CHECK_FALSE(reader.next(line));
  return result;
}

}  // namespace

TEST_CASE("LineReader reads plain files line by line") {
  struct Case {
    const char* name;
    std::string content;
    std::vector<std::string> lines;
  };
  const std::vector<Case> cases = {
      {"empty file", "", {}},
      {"one newline", "\n", {""}},
      {"LF", "a\nb\n", {"a", "b"}},
      {"CRLF", "a\r\nb\r\n", {"a", "b"}},
      {"last line without newline", "a\nb", {"a", "b"}},
      {"blank lines kept", "a\n\n\nb\n", {"a", "", "", "b"}},
      {"lone CR inside a line kept (JSON Lines)", "a\rb\n", {"a\rb"}},
      {"only the last CR is dropped", "a\r\r\n", {"a\r"}},
      {"UTF-8 and BOM untouched", "\xEF\xBB\xBFПриштина\n", {"\xEF\xBB\xBFПриштина"}},
  };
  TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string path = dir.write("plain.txt", c.content);
    const ReadResult result = read_all(path);
    CHECK(result.texts == c.lines);
    for (std::size_t i = 0; i < result.numbers.size(); ++i) CHECK(result.numbers[i] == i + 1);
    LineReader reader(path, 100);
    CHECK_FALSE(reader.compressed());
    CHECK(reader.path() == path);
  }
}

TEST_CASE("LineReader for plain text: a lone CR ends a line, CRLF is one break, across buffer edges too") {
  TempDir dir;
  CHECK(read_all(dir.write("mac.txt", "Title: T\r\rbody one\rbody two\r"), 1 << 20, true).texts ==
        std::vector<std::string>{"Title: T", "", "body one", "body two"});
  CHECK(read_all(dir.write("mixed.txt", "a\r\nb\rc\nd"), 1 << 20, true).texts == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(read_all(dir.write("crcr.txt", "a\r\r\nb"), 1 << 20, true).texts == std::vector<std::string>{"a", "", "b"});
  // A CRLF split by the 64 KiB read buffer: the LF must not become an empty line.
  const std::string first(65535, 'x');
  const ReadResult edge = read_all(dir.write("edge.txt", first + "\r\nsecond\r\n"), 1 << 20, true);
  REQUIRE(edge.texts.size() == 2);
  CHECK(edge.texts[0] == first);
  CHECK(edge.texts[1] == "second");
  CHECK(edge.numbers == std::vector<std::size_t>{1, 2});
  // And a lone CR at the very end of the buffer.
  const ReadResult lone = read_all(dir.write("edge2.txt", first + "\rnext"), 1 << 20, true);
  CHECK(lone.texts == std::vector<std::string>{first, "next"});
}

TEST_CASE("LineReader: bytes after the last gzip member are counted, members are not") {
  TempDir dir;
  const std::string gz = write_gzip(dir, "a.txt.gz", "one\ntwo\n");
  {
    LineReader reader(gz, 100);
    Line line;
    while (reader.next(line)) {
    }
    CHECK(reader.trailing_bytes() == 0);
  }
  // Two members (cat a.gz b.gz): both read, nothing trailing.
  const std::string second = write_gzip(dir, "b.gz", "three\n");
  std::string both = dossier::testing::read_file(gz) + dossier::testing::read_file(second);
  const std::string joined = dir.write("both.txt.gz", both);
  CHECK(read_all(joined).texts == std::vector<std::string>{"one", "two", "three"});
  {
    LineReader reader(joined, 100);
    Line line;
    while (reader.next(line)) {
    }
    CHECK(reader.trailing_bytes() == 0);
  }
  const std::string garbage = dir.write("garbage.txt.gz", dossier::testing::read_file(gz) + "not gzip at all");
  LineReader reader(garbage, 100);
  Line line;
  std::vector<std::string> texts;
  while (reader.next(line)) texts.push_back(line.text);
  CHECK(texts == std::vector<std::string>{"one", "two"});
  CHECK(reader.trailing_bytes() == 15);
}

TEST_CASE("LineReader caps long lines and keeps reading after them") {
  TempDir dir;
  const std::string path = dir.write("long.txt", "0123456789ABCDEF\nnext\n0123456789\nxy");
  const ReadResult result = read_all(path, 10);
  CHECK(result.texts == std::vector<std::string>{"0123456789", "next", "0123456789", "xy"});
  CHECK(result.too_long == std::vector<bool>{true, false, false, false});
  CHECK(result.numbers == std::vector<std::size_t>{1, 2, 3, 4});

  // A line far longer than the read chunk (64 KiB) costs only the cap.
  const std::string huge(300 * 1024, 'x');
  const std::string big = dir.write("huge.txt", "first\n" + huge + "\nafter\n");
  const ReadResult r2 = read_all(big, 1024);
  REQUIRE(r2.texts.size() == 3);
  CHECK(r2.texts[0] == "first");
  CHECK(r2.texts[1] == std::string(1024, 'x'));
  CHECK(r2.too_long == std::vector<bool>{false, true, false});
  CHECK(r2.texts[2] == "after");
  CHECK(r2.numbers[2] == 3);
}

TEST_CASE("LineReader flags NUL bytes per line") {
  TempDir dir;
  const std::string path = dir.write("nul.txt", std::string("a\0b\nclean\n\0\n", 12));
  const ReadResult result = read_all(path);
  REQUIRE(result.texts.size() == 3);
  CHECK(result.texts[0] == std::string("a\0b", 3));
  CHECK(result.has_nul == std::vector<bool>{true, false, true});
}

TEST_CASE("LineReader reads gzip files the same as plain ones") {
  TempDir dir;
  std::string content = "Title: T\r\n\r\nПриштина line\nlast without newline";
  const std::string plain = dir.write("a.txt", content);
  const std::string gz = write_gzip(dir, "a.txt.gz", content);
  CHECK(read_all(gz).texts == read_all(plain).texts);
  CHECK(read_all(gz).texts ==
        std::vector<std::string>{"Title: T", "", "Приштина line", "last without newline"});
  LineReader reader(gz, 100);
  CHECK(reader.compressed());

  // Compression is detected by content, not by name.
  const std::string disguised = write_gzip(dir, "b.txt", "x\ny\n");
  CHECK(read_all(disguised).texts == std::vector<std::string>{"x", "y"});

  // Many lines across several decompressed chunks.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "line " + std::to_string(i) + "\n";
  const ReadResult r = read_all(write_gzip(dir, "many.gz", many));
  REQUIRE(r.texts.size() == 20000);
  CHECK(r.texts[0] == "line 0");
  CHECK(r.texts[12345] == "line 12345");
  CHECK(r.texts[19999] == "line 19999");
  CHECK(r.numbers[19999] == 20000);

  // An empty gzip file has no lines.
  CHECK(read_all(write_gzip(dir, "empty.gz", "")).texts.empty());
}

TEST_CASE("LineReader: truncated gzip data is an InputError") {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += "Kosovo line " + std::to_string(i * 7919) + "\n";
  const std::string path = write_gzip(dir, "cut.txt.gz", content);
  const std::string whole = dossier::testing::read_file(path);
  REQUIRE(whole.size() > 20);
  dir.write("cut.txt.gz", whole.substr(0, whole.size() - 10));

  std::string message;
  std::size_t lines_read = 0;
  try {
    LineReader reader(path, 1 << 20);
    Line line;
    while (reader.next(line)) ++lines_read;
  } catch (const dossier::InputError& e) {
    message = e.what();
    CHECK(e.path() == path);
  }
  CAPTURE(lines_read);
  REQUIRE_FALSE(message.empty());
  CHECK((message.find("truncated") != std::string::npos || message.find("corrupt") != std::string::npos));
  CHECK(lines_read < 2000);

  // Garbage after a valid gzip header.
  const std::string bad = dir.write("bad.gz", whole.substr(0, 10) + std::string(200, '\x55'));
  CHECK_THROWS_AS(read_all(bad), dossier::InputError);
}

TEST_CASE("LineReader: missing files and directories are InputErrors") {
  TempDir dir;
  try {
    LineReader reader(dir.file("missing.txt"), 100);
    FAIL("no exception");
  } catch (const dossier::InputError& e) {
    CHECK(e.path() == dir.file("missing.txt"));
    CHECK(e.line() == 0);
    CHECK(std::string(e.what()).find("missing.txt") != std::string::npos);
  }
  std::filesystem::create_directories(dir.file("folder"));
  CHECK_THROWS_AS(LineReader(dir.file("folder"), 100), dossier::InputError);
}
