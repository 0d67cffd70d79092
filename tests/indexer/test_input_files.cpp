// Tests for indexer/input_files.cpp: format detection and scanning input trees.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "indexer/input_files.h"
#include "test_support.h"

using dossier::InputFormat;
using dossier::testing::TempDir;

TEST_CASE("format_for_path") {
  struct Case {
    const char* path;
    std::optional<InputFormat> expected;
  };
  const std::vector<Case> cases = {
      {"a.txt", InputFormat::Plain},
      {"A.TXT", InputFormat::Plain},
      {"dir/a.text", InputFormat::Plain},
      {"a.txt.gz", InputFormat::Plain},
      {"a.TXT.GZ", InputFormat::Plain},
      {"a.jsonl", InputFormat::JsonLines},
      {"a.jsonl.gz", InputFormat::JsonLines},
      {"a.ndjson", InputFormat::JsonLines},
      {"a.NDJSON.gz", InputFormat::JsonLines},
      {"a.md", std::nullopt},
      {"a.json", std::nullopt},
      {"a.gz", std::nullopt},
      {"a.txt.bak", std::nullopt},
      {"a.tar.gz", std::nullopt},
      {"txt", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(dossier::format_for_path(c.path) == c.expected);
  }
}

TEST_CASE("scan_inputs walks folders in sorted order and skips hidden entries") {
  TempDir dir;
  dir.write("tree/b.txt", "b");
  dir.write("tree/a.txt", "a");
  dir.write("tree/sub/c.jsonl", "{}");
  dir.write("tree/sub/d.txt.gz", "");
  dir.write("tree/sub/deeper/e.ndjson", "");
  dir.write("tree/notes.md", "# notes");
  dir.write("tree/.hidden.txt", "h");
  dir.write("tree/.git/config.txt", "h");
  dir.write("tree/sub/.swp/x.txt", "h");
  dir.write("single.txt", "s");

  const std::string tree = dir.file("tree");
  const auto scan = dossier::scan_inputs({tree, dir.file("single.txt"), dir.file("missing")});

  struct Expect {
    std::string relative;
    InputFormat format;
    std::string id_base;
  };
  const std::vector<Expect> expected = {
      {"tree/a.txt", InputFormat::Plain, "a"},
      {"tree/b.txt", InputFormat::Plain, "b"},
      {"tree/sub/c.jsonl", InputFormat::JsonLines, "sub/c"},
      {"tree/sub/d.txt.gz", InputFormat::Plain, "sub/d"},
      {"tree/sub/deeper/e.ndjson", InputFormat::JsonLines, "sub/deeper/e"},
      {"single.txt", InputFormat::Plain, "single"},
  };
  REQUIRE(scan.files.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(std::filesystem::path(scan.files[i].path) == dir.path() / expected[i].relative);
    CHECK(scan.files[i].format == expected[i].format);
    CHECK(scan.files[i].id_base == expected[i].id_base);
  }
  REQUIRE(scan.ignored.size() == 1);
  CHECK(std::filesystem::path(scan.ignored[0]) == dir.path() / "tree/notes.md");
  REQUIRE(scan.errors.size() == 1);
  CHECK(scan.errors[0].path() == dir.file("missing"));
}

TEST_CASE("scan_inputs: a single file argument uses its file name as id base") {
  TempDir dir;
  const std::string path = dir.write("2024/kosovo-javelin.txt", "x");
  const auto scan = dossier::scan_inputs({path});
  REQUIRE(scan.files.size() == 1);
  CHECK(scan.files[0].path == path);
  CHECK(scan.files[0].id_base == "kosovo-javelin");
  CHECK(scan.ignored.empty());
  CHECK(scan.errors.empty());

  const auto jsonl = dossier::scan_inputs({dir.write("w.jsonl.gz", "")});
  REQUIRE(jsonl.files.size() == 1);
  CHECK(jsonl.files[0].id_base == "w");
  CHECK(jsonl.files[0].format == InputFormat::JsonLines);
}

TEST_CASE("scan_inputs: errors, unsupported files and empty folders") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("empty"));
  const auto scan = dossier::scan_inputs({dir.file("nope.txt"), dir.write("x.md", "x"), dir.file("empty")});
  CHECK(scan.files.empty());
  REQUIRE(scan.ignored.size() == 1);
  CHECK(scan.ignored[0] == dir.file("x.md"));
  REQUIRE(scan.errors.size() == 1);
  CHECK(scan.errors[0].path() == dir.file("nope.txt"));
  CHECK(std::string(scan.errors[0].what()).find("no such file") != std::string::npos);

  CHECK(dossier::scan_inputs({}).files.empty());
}
