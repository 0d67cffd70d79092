// Regression tests: each states the correct behaviour for a bug found and fixed, with the file
// and input that showed it. Keep them when refactoring.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include <xapian.h>

#include "common/normalise.h"
#include "indexer/article_reader.h"
#include "indexer/document_builder.h"
#include "indexer/indexer.h"
#include "indexer/input_files.h"
#include "indexer/line_reader.h"
#include "test_support.h"

using dossier::testing::TempDir;

// indexer/input_files.cpp, strip_extensions: format_for_path() accepts extensions in any case
// (A.TXT, a.Jsonl.GZ) but strip_extensions() compares case-sensitively, so such a file keeps its
// extensions in its id base: "Report.TXT" gets article id "Report.TXT", while "report.txt" gets
// "report".
TEST_CASE("regression: upper-case extensions stay in the article id base") {
  TempDir dir;
  dir.write("in/Report.TXT", "x");
  dir.write("in/sub/Wire.JSONL.GZ", "");
  const auto scan = dossier::scan_inputs({dir.file("in")});
  REQUIRE(scan.files.size() == 2);
  CHECK(scan.files[0].id_base == "Report");
  CHECK(scan.files[1].id_base == "sub/Wire");
}

// indexer/line_reader.cpp, LineReader::next: the cap is applied before the trailing '\r' of a
// CRLF line is removed, so a CRLF line whose text is exactly max_line_bytes long is reported
// too_long (and read_plain_file then skips the whole file), while the same line with LF is fine.
TEST_CASE("regression: a CRLF line of exactly the cap is reported too long") {
  TempDir dir;
  const std::string path = dir.write("crlf.txt", "0123456789\r\nnext\r\n");
  dossier::LineReader reader(path, 10);
  dossier::Line line;
  REQUIRE(reader.next(line));
  CHECK(line.text == "0123456789");
  CHECK_FALSE(line.too_long);
}

// The consequence of the find_inline_attribution bug (see tests/common/test_bugs_found.cpp) in a
// whole run: one article with "Kosovo’s prime minister said." aborts the indexer with an
// exception from nlohmann::json::dump instead of indexing it.
TEST_CASE("regression: an inline attribution after a curly apostrophe aborts the indexing run") {
  TempDir dir;
  dir.write("in/a.txt", "Title: T\n\nKosovo’s prime minister said.\n");
  dossier::IndexerOptions options;
  options.inputs = {dir.file("in")};
  options.db_path = dir.file("x.db");
  options.gazetteer_dir = dossier::testing::source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  std::ostringstream out, err;
  dossier::IndexSummary summary;
  CHECK_NOTHROW(summary = dossier::Indexer(options, out, err).run());
  CHECK(summary.passages == 1);
}

// Found by the jsonl fuzz target: a 240-byte "lang" or "source" made a filter term over Xapian's
// 245-byte limit; add_document threw and the whole run stopped for one article.
TEST_CASE("regression: over-long language and source headers do not make over-long terms") {
  dossier::Normaliser normaliser;
  dossier::DocumentBuilder builder(normaliser);
  dossier::ArticleMeta article;
  article.id = "long-headers";
  article.language = std::string(240, 'x');
  article.source = std::string(300, 's');
  dossier::Passage passage;
  passage.text = "Kosovo.";
  const Xapian::Document doc = builder.build(article, passage, normaliser.tokenize(passage.text), dossier::CyrillicScheme::Auto);
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) CHECK((*term).size() <= 245);
  dossier::testing::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  CHECK_NOTHROW(db.add_document(doc));
}

// Found by the jsonl fuzz target: a number out of range (1e999) escaped as json::out_of_range and
// stopped the run; it is a malformed line like any other.
TEST_CASE("regression: an out-of-range JSON number is a malformed line") {
  dossier::ReadEvents events;
  CHECK_THROWS_AS(dossier::parse_jsonl_record(R"({"id":"a","text":"x","n":1e999})", "f.jsonl", 3, "f", events),
                  dossier::InputError);
}
