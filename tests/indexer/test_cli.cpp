// Tests for indexer/cli.cpp: dossier-index's command line.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "indexer/cli.h"
#include "test_support.h"

using dossier::parse_indexer_command_line;

TEST_CASE("parse_indexer_command_line: defaults") {
  const auto command = parse_indexer_command_line({"articles"});
  CHECK_FALSE(command.show_help);
  CHECK_FALSE(command.show_version);
  CHECK(command.options.inputs == std::vector<std::string>{"articles"});
  CHECK(command.options.db_path == "dossier.db");
  CHECK(command.options.gazetteer_dir.empty());
  CHECK_FALSE(command.options.dump_passages);
  CHECK_FALSE(command.options.quiet);
  CHECK(command.options.limits.max_line_bytes == (8u << 20));
  CHECK(command.options.commit_every == 50000);
  CHECK(command.options.limits.invalid_utf8 == dossier::InvalidUtf8::Repair);
  CHECK_FALSE(command.options.compact);
  CHECK(parse_indexer_command_line({"--compact", "articles"}).options.compact);
}

TEST_CASE("parse_indexer_command_line: --invalid-utf8") {
  CHECK(parse_indexer_command_line({"--invalid-utf8", "skip", "a"}).options.limits.invalid_utf8 == dossier::InvalidUtf8::Skip);
  CHECK(parse_indexer_command_line({"--invalid-utf8=repair", "a"}).options.limits.invalid_utf8 == dossier::InvalidUtf8::Repair);
}

TEST_CASE("parse_indexer_command_line: flags") {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> inputs;
    std::string db;
    std::string gazetteers;
    bool dump;
    bool quiet;
    std::size_t max_line;
    std::size_t commit_every;
  };
  constexpr std::size_t kLine = 8u << 20;
  const std::vector<Case> cases = {
      {{"--db", "x.db", "a", "b"}, {"a", "b"}, "x.db", "", false, false, kLine, 50000},
      {{"a", "-d", "y.db"}, {"a"}, "y.db", "", false, false, kLine, 50000},
      {{"--db=z.db", "a"}, {"a"}, "z.db", "", false, false, kLine, 50000},
      {{"--dump-passages", "a"}, {"a"}, "dossier.db", "", true, false, kLine, 50000},
      {{"--quiet", "a"}, {"a"}, "dossier.db", "", false, true, kLine, 50000},
      {{"-q", "a", "b", "c"}, {"a", "b", "c"}, "dossier.db", "", false, true, kLine, 50000},
      {{"--max-line-bytes", "2048", "a"}, {"a"}, "dossier.db", "", false, false, 2048, 50000},
      {{"--max-line-bytes", "1024", "a"}, {"a"}, "dossier.db", "", false, false, 1024, 50000},
      {{"--gazetteers", "gaz", "a"}, {"a"}, "dossier.db", "gaz", false, false, kLine, 50000},
      {{"-g", "gaz", "a"}, {"a"}, "dossier.db", "gaz", false, false, kLine, 50000},
      {{"--commit-every", "5", "a"}, {"a"}, "dossier.db", "", false, false, kLine, 5},
      {{"-q", "--dump-passages", "--db", "d", "--max-line-bytes", "4096", "p1", "p2"},
       {"p1", "p2"}, "d", "", true, true, 4096, 50000},
      {{"dir with spaces/file.txt"}, {"dir with spaces/file.txt"}, "dossier.db", "", false, false, kLine, 50000},
  };
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    CAPTURE(joined);
    const auto command = parse_indexer_command_line(c.args);
    CHECK(command.options.inputs == c.inputs);
    CHECK(command.options.db_path == c.db);
    CHECK(command.options.gazetteer_dir == c.gazetteers);
    CHECK(command.options.dump_passages == c.dump);
    CHECK(command.options.quiet == c.quiet);
    CHECK(command.options.limits.max_line_bytes == c.max_line);
    CHECK(command.options.commit_every == c.commit_every);
  }
}

TEST_CASE("parse_indexer_command_line: --gazetteers, then $DOSSIER_GAZETTEERS, then the library's default") {
  struct Case {
    std::vector<std::string> args;
    std::string environment;  // what main.cpp read from $DOSSIER_GAZETTEERS
    std::string expected;     // empty: Indexer uses default_gazetteer_dir()
  };
  const std::vector<Case> cases = {
      {{"a"}, "", ""},
      {{"a"}, "/env/gaz", "/env/gaz"},
      {{"--gazetteers", "flag", "a"}, "/env/gaz", "flag"},
      {{"-g", "flag", "a"}, "", "flag"},
      {{"--gazetteers", "", "a"}, "/env/gaz", "/env/gaz"},  // an empty flag is no flag
      {{"--gazetteers=", "a"}, "", ""},
  };
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    CAPTURE(joined);
    CAPTURE(c.environment);
    dossier::IndexerEnvironment environment;
    environment.gazetteers = c.environment;
    CHECK(parse_indexer_command_line(c.args, environment).options.gazetteer_dir == c.expected);
  }
}

TEST_CASE("parse_indexer_command_line: help and version need no paths") {
  auto command = parse_indexer_command_line({"--help"});
  CHECK(command.show_help);
  CHECK(command.help_text.find("--db") != std::string::npos);
  CHECK(command.help_text.find("--dump-passages") != std::string::npos);
  CHECK(command.help_text.find("Exit status") != std::string::npos);
  command = parse_indexer_command_line({"-h"});
  CHECK(command.show_help);
  command = parse_indexer_command_line({"--version"});
  CHECK(command.show_version);
  CHECK_FALSE(command.show_help);
}

TEST_CASE("parse_indexer_command_line: usage errors") {
  struct Case {
    std::vector<std::string> args;
    std::string detail;  // part of the message, "" for any
  };
  const std::vector<Case> cases = {
      {{}, "no input paths"},
      {{"--db", "x.db"}, "no input paths"},
      {{"-q"}, "no input paths"},
      {{"--bogus", "a"}, "bogus"},
      {{"-z", "a"}, ""},
      {{"--max-line-bytes", "10", "a"}, "--max-line-bytes"},
      {{"--max-line-bytes", "1023", "a"}, "--max-line-bytes"},
      {{"--max-line-bytes", "abc", "a"}, ""},
      {{"--commit-every", "0", "a"}, "--commit-every"},
      {{"--commit-every", "x", "a"}, ""},
      {{"a", "--db"}, ""},
      {{"--invalid-utf8", "drop", "a"}, "--invalid-utf8 must be 'repair' or 'skip'"},
  };
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    CAPTURE(joined);
    try {
      parse_indexer_command_line(c.args);
      FAIL("no UsageError");
    } catch (const dossier::UsageError& e) {
      CHECK(std::string(e.what()).find(c.detail) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("regression: a 50 KB argument starting with '-' is refused, not a crash in cxxopts' regex") {
  const std::string huge = "--" + std::string(50000, 'x');
  CHECK_THROWS_WITH_AS(parse_indexer_command_line({huge, "articles"}),
                       doctest::Contains("argument 1 starts with '-'"), dossier::UsageError);
}

TEST_CASE("parse_indexer_command_line: --db, then $DOSSIER_DB, then dossier.db (as dossier-search)") {
  dossier::IndexerEnvironment environment;
  CHECK(parse_indexer_command_line({"in"}, environment).options.db_path == "dossier.db");
  environment.db = "/srv/archive.db";
  CHECK(parse_indexer_command_line({"in"}, environment).options.db_path == "/srv/archive.db");
  CHECK(parse_indexer_command_line({"--db", "other.db", "in"}, environment).options.db_path == "other.db");
}
