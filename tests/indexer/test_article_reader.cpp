// Tests for indexer/article_reader.cpp: the plain-text and JSON Lines formats.
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "indexer/article_reader.h"
#include "test_support.h"

using dossier::Article;
using dossier::InputError;
using dossier::ReadEvents;
using dossier::testing::TempDir;
using namespace std::string_literals;

namespace {

// Collects everything the readers report.
struct Collector {
  std::vector<Article> articles;
  std::vector<std::string> skipped;
  std::vector<std::string> warnings;
  std::vector<std::size_t> skipped_lines;
  std::vector<std::size_t> warning_lines;

  ReadEvents events() {
    ReadEvents e;
    e.article = [this](Article&& a) { articles.push_back(std::move(a)); };
    e.skipped = [this](const InputError& error) {
      skipped.push_back(error.what());
      skipped_lines.push_back(error.line());
    };
    e.warning = [this](const InputError& error) {
      warnings.push_back(error.what());
      warning_lines.push_back(error.line());
    };
    return e;
  }
};

std::string write_gzip(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = dir.file(name);
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("parse_plain_article: header and one paragraph per line") {
  Collector c;
  const std::vector<std::string> lines = {
      "Title: Javelin for Kosovo",
      "date: 2024-07-03T09:30:00Z",
      "Source: Dossier Wire",
      "URL: https://example.org/x",
      "Language: SR",
      "ID: balkans/javelin",
      "",
      "",
      "First paragraph. [Source: Agency]",
      "   ",
      "Second paragraph, the minister said.",
  };
  const Article a = dossier::parse_plain_article(lines, "in/a.txt", "default-id", c.events());
  CHECK(a.meta.id == "balkans/javelin");
  CHECK(a.meta.title == "Javelin for Kosovo");
  CHECK_FALSE(a.meta.title_is_fallback);
  CHECK(a.meta.date == "2024-07-03");
  CHECK(a.meta.source == "Dossier Wire");
  CHECK(a.meta.url == "https://example.org/x");
  CHECK(a.meta.language == "sr");
  CHECK(a.origin == "in/a.txt");
  // A blank line inside the body makes it a blank-line-separated body: the two lines are
  // separate paragraphs either way.
  REQUIRE(a.passages.size() == 2);
  CHECK(a.passages[0].text == "First paragraph.");
  CHECK(a.passages[0].attribution.kind == "Source");
  CHECK(a.passages[1].text == "Second paragraph, the minister said.");
  CHECK(a.passages[1].attribution.text == "the minister");
  CHECK(c.warnings.empty());
}

TEST_CASE("parse_plain_article: line mode, blank-line blocks and hard wraps") {
  Collector c;
  // No blank line in the body: every line is a paragraph.
  Article a = dossier::parse_plain_article({"Title: T", "", "one", "two", "three"}, "p", "d", c.events());
  REQUIRE(a.passages.size() == 3);
  CHECK(a.passages[0].text == "one");
  CHECK(a.passages[2].text == "three");
  CHECK(a.passages[2].index == 2);

  // Blank lines in the body: hard-wrapped lines are joined with one space.
  a = dossier::parse_plain_article({"Title: T", "", "Moscow has issued  ", "  a firm condemnation", "of the plan.", "",
                                    "Second block", "wraps too. [Source: X]", "", ""},
                                   "p", "d", c.events());
  REQUIRE(a.passages.size() == 2);
  CHECK(a.passages[0].text == "Moscow has issued a firm condemnation of the plan.");
  CHECK(a.passages[1].text == "Second block wraps too.");
  CHECK(a.passages[1].attribution.kind == "Source");
  CHECK(a.passages[1].attribution.text == "X");
  CHECK(c.warnings.empty());
}

TEST_CASE("parse_plain_article: no header gives the default id and a fallback title") {
  Collector c;
  const Article a = dossier::parse_plain_article(
      {"Moscow has issued a firm condemnation. More follows.", "Second paragraph."}, "dir/file.txt", "dir/file",
      c.events());
  CHECK(a.meta.id == "dir/file");
  CHECK(a.meta.title == "Moscow has issued a firm condemnation");
  CHECK(a.meta.title_is_fallback);
  CHECK(a.meta.date.empty());
  CHECK(a.meta.language.empty());
  REQUIRE(a.passages.size() == 2);
  CHECK(a.passages[0].text == "Moscow has issued a firm condemnation. More follows.");

  // A first line that looks like "Key: value" with an unknown key is body text.
  const Article b = dossier::parse_plain_article({"Note: the talks resumed.", "Second."}, "p", "fallback", c.events());
  CHECK(b.meta.id == "fallback");
  REQUIRE(b.passages.size() == 2);
  CHECK(b.passages[0].text == "Note: the talks resumed.");
  CHECK(c.warnings.empty());
}

TEST_CASE("parse_plain_article: warnings for unknown header keys and bad dates") {
  Collector c;
  const Article a = dossier::parse_plain_article(
      {"Title: T", "Author: Somebody", "Date: 5 March 2024", "", "Body."}, "a.txt", "d", c.events());
  CHECK(a.meta.title == "T");
  CHECK(a.meta.date.empty());
  REQUIRE(a.passages.size() == 1);
  REQUIRE(c.warnings.size() == 2);
  CHECK(c.warning_lines == std::vector<std::size_t>{2, 3});
  CHECK(contains(c.warnings[0], "a.txt:2"));
  CHECK(contains(c.warnings[1], "a.txt:3"));
  CHECK(contains(c.warnings[1], "5 March 2024"));
  CHECK(contains(c.warnings[1], "ISO 8601"));

  // Without a warning callback nothing breaks.
  ReadEvents quiet;
  CHECK(dossier::parse_plain_article({"Title: T", "Author: X", "", "Body."}, "a", "d", quiet).passages.size() == 1);
}

TEST_CASE("parse_plain_article: an article without paragraphs throws InputError") {
  Collector c;
  const std::vector<std::vector<std::string>> empties = {
      {}, {""}, {"", "   ", "\t"}, {"Title: Only a header"}, {"Title: T", "Date: 2024-01-01", "", "", "  "},
      {"[Source: tag only]x"},
  };
  for (std::size_t i = 0; i + 1 < empties.size(); ++i) {
    CAPTURE(i);
    CHECK_THROWS_AS(dossier::parse_plain_article(empties[i], "e.txt", "d", c.events()), InputError);
  }
  // A paragraph that is only a tag is kept as text.
  const Article a = dossier::parse_plain_article({"[Source: tag only]"}, "t.txt", "d", c.events());
  REQUIRE(a.passages.size() == 1);
  CHECK(a.passages[0].text == "[Source: tag only]");
  try {
    dossier::parse_plain_article({"Title: T", ""}, "e.txt", "d", c.events());
    FAIL("no exception");
  } catch (const InputError& e) {
    CHECK(e.path() == "e.txt");
    CHECK(contains(e.what(), "empty article"));
  }
}

TEST_CASE("is_header_key") {
  for (const char* key : {"title", "Title", "DATE", "source", "url", "language", "lang", "id", "ID"}) {
    CAPTURE(key);
    CHECK(dossier::is_header_key(key));
  }
  for (const char* key : {"author", "", "titles", "note", "source "}) {
    CAPTURE(key);
    CHECK_FALSE(dossier::is_header_key(key));
  }
}

TEST_CASE("read_plain_file: good files, BOM, invalid UTF-8, NUL, long lines, gzip") {
  TempDir dir;
  dossier::ReadLimits limits;

  SUBCASE("BOM is stripped before the header") {
    Collector c;
    const std::string path = dir.write("bom.txt", "\xEF\xBB\xBFTitle: With BOM\r\nID: bom-1\r\n\r\nBody line.\r\n");
    dossier::read_plain_file(path, "bom", limits, c.events());
    CHECK(c.skipped.empty());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].meta.title == "With BOM");
    CHECK(c.articles[0].meta.id == "bom-1");
    CHECK(c.articles[0].passages[0].text == "Body line.");
  }
  SUBCASE("BOM without header") {
    Collector c;
    dossier::read_plain_file(dir.write("bom2.txt", "\xEF\xBB\xBFJust text."), "bom2", limits, c.events());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].passages[0].text == "Just text.");
    CHECK(c.articles[0].meta.title == "Just text.");
  }
  SUBCASE("invalid UTF-8 is repaired by default, with one warning naming the first bad line") {
    Collector c;
    const std::string path = dir.write("bad.txt", "Title: T\n\nfine line\nbad \xFF line\n\nand \xC3 here\n");
    dossier::read_plain_file(path, "bad", limits, c.events());
    CHECK(c.skipped.empty());
    REQUIRE(c.articles.size() == 1);
    REQUIRE(c.articles[0].passages.size() == 2);
    CHECK(c.articles[0].passages[0].text == "fine line bad \xEF\xBF\xBD line");
    CHECK(c.articles[0].passages[1].text == "and \xEF\xBF\xBD here");
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warning_lines[0] == 4);
    CHECK(contains(c.warnings[0], path + ":4"));
    CHECK(contains(c.warnings[0], "invalid UTF-8 at byte 5 of the line (and 1 more lines) replaced by U+FFFD"));
  }
  SUBCASE("invalid UTF-8 skips the file and names the line with --invalid-utf8 skip") {
    Collector c;
    limits.invalid_utf8 = dossier::InvalidUtf8::Skip;
    const std::string path = dir.write("bad.txt", "Title: T\n\nfine line\nbad \xFF line\n");
    dossier::read_plain_file(path, "bad", limits, c.events());
    CHECK(c.articles.empty());
    REQUIRE(c.skipped.size() == 1);
    CHECK(c.skipped_lines[0] == 4);
    CHECK(contains(c.skipped[0], path + ":4"));
    CHECK(contains(c.skipped[0], "invalid UTF-8"));
  }
  SUBCASE("NUL byte skips the file") {
    Collector c;
    dossier::read_plain_file(dir.write("nul.txt", "Body\nbin\0ary\n"s), "nul", limits, c.events());
    CHECK(c.articles.empty());
    REQUIRE(c.skipped.size() == 1);
    CHECK(c.skipped_lines[0] == 2);
    CHECK(contains(c.skipped[0], "NUL"));
  }
  SUBCASE("a line over the cap skips the file") {
    Collector c;
    dossier::ReadLimits small;
    small.max_line_bytes = 16;
    dossier::read_plain_file(dir.write("long.txt", "short\n" + std::string(40, 'x') + "\n"), "long", small, c.events());
    CHECK(c.articles.empty());
    REQUIRE(c.skipped.size() == 1);
    CHECK(c.skipped_lines[0] == 2);
  }
  SUBCASE("an article over the size cap is skipped") {
    Collector c;
    dossier::ReadLimits small;
    small.max_article_bytes = 20;
    dossier::read_plain_file(dir.write("big.txt", "0123456789\n0123456789\n0123456789\n"), "big", small, c.events());
    CHECK(c.articles.empty());
    REQUIRE(c.skipped.size() == 1);
    CHECK(contains(c.skipped[0], "larger than 20"));
  }
  SUBCASE("missing file is skipped, not thrown") {
    Collector c;
    dossier::read_plain_file(dir.file("nope.txt"), "nope", limits, c.events());
    CHECK(c.articles.empty());
    CHECK(c.skipped.size() == 1);
  }
  SUBCASE("empty file is skipped") {
    Collector c;
    dossier::read_plain_file(dir.write("empty.txt", ""), "empty", limits, c.events());
    CHECK(c.articles.empty());
    REQUIRE(c.skipped.size() == 1);
    CHECK(contains(c.skipped[0], "empty article"));
  }
  SUBCASE("gzip plain file") {
    Collector c;
    const std::string path = write_gzip(dir, "z.txt.gz", "Title: Zipped\n\nOne.\nTwo.\n");
    dossier::read_plain_file(path, "z", limits, c.events());
    CHECK(c.skipped.empty());
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].meta.id == "z");
    CHECK(c.articles[0].meta.title == "Zipped");
    CHECK(c.articles[0].passages.size() == 2);
  }
}

TEST_CASE("parse_jsonl_record: fields") {
  Collector c;
  const Article a = dossier::parse_jsonl_record(
      R"({"id":"w-1","title":"Wire","date":"2025-01-02T03:04:05Z","source":"Wire","url":"u","lang":"RU",)"
      R"("text":"First para.\n\nSecond para. [Source: Agency]\n"})",
      "wire.jsonl", 3, "wire", c.events());
  CHECK(a.meta.id == "w-1");
  CHECK(a.meta.title == "Wire");
  CHECK(a.meta.date == "2025-01-02");
  CHECK(a.meta.source == "Wire");
  CHECK(a.meta.url == "u");
  CHECK(a.meta.language == "ru");
  CHECK(a.origin == "wire.jsonl:3");
  REQUIRE(a.passages.size() == 2);
  CHECK(a.passages[0].text == "First para.");
  CHECK(a.passages[1].text == "Second para.");
  CHECK(a.passages[1].attribution.kind == "Source");
  CHECK(c.warnings.empty());

  // Numeric id, null fields, unknown fields ignored, fallback title.
  const Article b = dossier::parse_jsonl_record(R"({"id":42,"title":null,"extra":[1,2],"text":"Only one. Really."})",
                                                "wire.jsonl", 4, "wire", c.events());
  CHECK(b.meta.id == "42");
  CHECK(b.meta.title == "Only one");
  CHECK(c.warnings.empty());
}

TEST_CASE("parse_jsonl_record: missing id is synthesised with a warning and bad dates warn") {
  Collector c;
  const Article a = dossier::parse_jsonl_record(R"({"text":"Body.","date":"yesterday"})", "w.jsonl", 7, "dir/w", c.events());
  CHECK(a.meta.id == "dir/w:7");
  CHECK(a.meta.date.empty());
  REQUIRE(c.warnings.size() == 2);
  CHECK(contains(c.warnings[0], "w.jsonl:7"));
  CHECK(contains(c.warnings[0], "dir/w:7"));
  CHECK(contains(c.warnings[1], "yesterday"));

  Collector d;
  CHECK(dossier::parse_jsonl_record(R"({"id":"","text":"Body."})", "w.jsonl", 2, "w", d.events()).meta.id == "w:2");
  CHECK(d.warnings.size() == 1);
}

TEST_CASE("parse_jsonl_record: lines that cannot be indexed throw InputError") {
  struct Case {
    const char* name;
    std::string line;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"wrong type for title", R"({"id":"a","title":5,"text":"x"})", "'title'"},
      {"wrong type for text", R"({"id":"a","text":["x"]})", "'text'"},
      {"object id", R"({"id":{"a":1},"text":"x"})", "'id'"},
      {"float id", R"({"id":1.5,"text":"x"})", "'id'"},
      {"boolean date", R"({"id":"a","date":true,"text":"x"})", "'date'"},
      {"malformed JSON", R"({"id":"a","text":"x")", "malformed JSON"},
      {"trailing garbage", R"({"id":"a","text":"x"} junk)", "malformed JSON"},
      {"not an object", R"(["id","text"])", "not a JSON object"},
      {"string", R"("text")", "not a JSON object"},
      {"empty text", R"({"id":"a","text":""})", "empty article"},
      {"blank text", R"({"id":"a","text":"  \n \n"})", "empty article"},
      {"no text", R"({"id":"a"})", "empty article"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Collector col;
    try {
      dossier::parse_jsonl_record(c.line, "f.jsonl", 9, "f", col.events());
      FAIL("no exception");
    } catch (const InputError& e) {
      CHECK(e.path() == "f.jsonl");
      CHECK(e.line() == 9);
      CHECK(contains(e.what(), "f.jsonl:9"));
      CHECK(contains(e.what(), c.detail));
    }
  }
}

TEST_CASE("read_jsonl_file: one bad line among good ones") {
  TempDir dir;
  const std::string content =
      "{\"id\":\"a\",\"text\":\"Alpha.\"}\n"
      "\n"
      "{\"id\":\"b\",\"text\":\"Beta.\"\n"  // malformed: line 3
      "   \n"
      "{\"id\":\"c\",\"text\":\"Gamma one.\\nGamma two.\"}\r\n"
      "{\"id\":\"d\",\"text\":\"Delta.\"}";
  Collector c;
  dossier::read_jsonl_file(dir.write("w.jsonl", content), "w", {}, c.events());
  REQUIRE(c.skipped.size() == 1);
  CHECK(c.skipped_lines[0] == 3);
  REQUIRE(c.articles.size() == 3);
  CHECK(c.articles[0].meta.id == "a");
  CHECK(c.articles[1].meta.id == "c");
  CHECK(c.articles[1].passages.size() == 2);
  CHECK(c.articles[1].origin == dir.file("w.jsonl") + ":5");
  CHECK(c.articles[2].meta.id == "d");
}

TEST_CASE("read_jsonl_file: invalid UTF-8 is repaired by default, with a warning for its line") {
  TempDir dir;
  const std::string content = "{\"id\":\"a\",\"text\":\"bad \xFF byte\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n";
  Collector c;
  const std::string path = dir.write("r.jsonl", content);
  dossier::read_jsonl_file(path, "r", dossier::ReadLimits{}, c.events());
  CHECK(c.skipped.empty());
  REQUIRE(c.articles.size() == 2);
  CHECK(c.articles[0].passages[0].text == "bad \xEF\xBF\xBD byte");
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warning_lines[0] == 1);
  CHECK(contains(c.warnings[0], path + ":1: invalid UTF-8 at byte 23 replaced by U+FFFD"));
}

TEST_CASE("read_jsonl_file: invalid UTF-8 (with skip), NUL and over-long lines skip only their line") {
  TempDir dir;
  const std::string content = std::string("{\"id\":\"a\",\"text\":\"bad \xFF\"}\n") +
                              "{\"id\":\"b\",\"text\":\"n\0l\"}\n"s +
                              "{\"id\":\"c\",\"text\":\"" + std::string(3000, 'x') + "\"}\n" +
                              "{\"id\":\"d\",\"text\":\"ok\"}\n";
  Collector c;
  dossier::ReadLimits limits;
  limits.max_line_bytes = 1024;
  limits.invalid_utf8 = dossier::InvalidUtf8::Skip;
  dossier::read_jsonl_file(dir.write("m.jsonl", content), "m", limits, c.events());
  CHECK(c.skipped_lines == std::vector<std::size_t>{1, 2, 3});
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].meta.id == "d");
  CHECK(contains(c.skipped[0], "invalid UTF-8"));
  CHECK(contains(c.skipped[1], "NUL"));
  CHECK(contains(c.skipped[2], "longer than 1024"));
}

TEST_CASE("read_jsonl_file: a BOM before the first record is accepted") {
  TempDir dir;
  Collector c;
  dossier::read_jsonl_file(dir.write("bom.jsonl", "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"With BOM.\"}\n"), "bom", {},
                           c.events());
  CHECK(c.skipped.empty());
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].meta.id == "b1");
}

TEST_CASE("read_jsonl_file: gzip input and a missing file") {
  TempDir dir;
  Collector c;
  const std::string path =
      write_gzip(dir, "w.jsonl.gz", "{\"id\":\"z1\",\"text\":\"Zipped one.\"}\n{\"text\":\"Zipped two.\"}\n");
  dossier::read_jsonl_file(path, "w", {}, c.events());
  CHECK(c.skipped.empty());
  REQUIRE(c.articles.size() == 2);
  CHECK(c.articles[0].meta.id == "z1");
  CHECK(c.articles[1].meta.id == "w:2");
  CHECK(c.warnings.size() == 1);

  Collector m;
  dossier::read_jsonl_file(dir.file("missing.jsonl"), "x", {}, m.events());
  CHECK(m.articles.empty());
  CHECK(m.skipped.size() == 1);
}

TEST_CASE("normalise_iso_date") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"2024-03-05", "2024-03-05"},
      {"  2024-03-05  ", "2024-03-05"},
      {"2024-03-05T10:00:00Z", "2024-03-05"},
      {"2024-03-05 10:00", "2024-03-05"},
      {"2024-12-31", "2024-12-31"},
      {"2024-3-5", ""},
      {"2024/03/05", ""},
      {"05-03-2024", ""},
      {"2024-13-01", ""},
      {"2024-00-10", ""},
      {"2024-01-00", ""},
      {"2024-01-32", ""},
      {"2024-03-05x", ""},
      {"2024-03-0", ""},
      {"March 5, 2024", ""},
      {"", ""},
      {"abcd-ef-gh", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(dossier::normalise_iso_date(c.text) == c.expected);
  }
}

TEST_CASE("regression: a JSON id above 2^63 keeps its digits (was \"-1\")") {
  Collector c;
  const Article big = dossier::parse_jsonl_record(R"({"id":18446744073709551615,"text":"One."})", "a.jsonl", 1, "a", c.events());
  CHECK(big.meta.id == "18446744073709551615");
  const Article negative = dossier::parse_jsonl_record(R"({"id":-1,"text":"One."})", "a.jsonl", 2, "a", c.events());
  CHECK(negative.meta.id == "-1");
}
