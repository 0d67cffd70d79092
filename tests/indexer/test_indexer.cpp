// Tests for indexer/indexer.cpp: whole runs over a small fixture folder, re-runs, --dump-passages
// and the errors that stop a run.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/schema.h"
#include "indexer/indexer.h"
#include "test_support.h"

using dossier::IndexerOptions;
using dossier::IndexSummary;
using dossier::testing::TempDir;

namespace {

// tests/fixtures/unit/indexer_run: a.txt (3 passages), sub/b.txt (2), bad.txt (invalid UTF-8:
// skipped with --invalid-utf8 skip, which these tests use so that it stays a failed file),
// notes.md (ignored), wire.jsonl (2 good records with 2 + 1 passages, 1 malformed line).
constexpr std::size_t kArticles = 4;
constexpr std::size_t kPassages = 8;

std::string fixture_folder() { return dossier::testing::fixtures_dir() + "/unit/indexer_run"; }
std::string gazetteers() { return dossier::testing::source_dir() + "/corpus/gazetteers"; }

IndexerOptions options_for(const TempDir& dir) {
  IndexerOptions options;
  options.inputs = {fixture_folder()};
  options.db_path = dir.file("test.db");
  options.gazetteer_dir = gazetteers();
  options.quiet = true;
  options.limits.invalid_utf8 = dossier::InvalidUtf8::Skip;
  return options;
}

struct RunResult {
  IndexSummary summary;
  std::string out;
  std::string err;
};

RunResult run(const IndexerOptions& options) {
  std::ostringstream out, err;
  dossier::Indexer indexer(options, out, err);
  RunResult result;
  result.summary = indexer.run();
  result.out = out.str();
  result.err = err.str();
  return result;
}

Xapian::doccount termfreq(const Xapian::Database& db, const std::string& term) { return db.get_termfreq(term); }

}  // namespace

TEST_CASE("Indexer::run indexes the fixture folder and reports what it skipped") {
  TempDir dir;
  const auto options = options_for(dir);
  const RunResult first = run(options);
  const IndexSummary& s = first.summary;
  CAPTURE(first.err);
  CHECK(s.files_read == 4);
  CHECK(s.files_ignored == 1);
  CHECK(s.skipped == 2);
  CHECK(s.articles_added == kArticles);
  CHECK(s.articles_replaced == 0);
  CHECK(s.passages == kPassages);
  CHECK(s.exit_code() == 1);
  CHECK(first.out.empty());
  // Errors are printed even when quiet, with file and line.
  CHECK(first.err.find("bad.txt:4") != std::string::npos);
  CHECK(first.err.find("wire.jsonl:2") != std::string::npos);
  CHECK(first.err.find("2 skipped") != std::string::npos);

  {
    Xapian::Database db(options.db_path);
    CHECK(db.get_doccount() == kPassages);
    CHECK(db.get_metadata(std::string(dossier::schema::kMetaFormatVersion)) == std::to_string(dossier::schema::kFormatVersion));
    CHECK_FALSE(db.get_metadata(std::string(dossier::schema::kMetaGazetteerVersion)).empty());
    const auto table = nlohmann::json::parse(db.get_metadata(std::string(dossier::schema::kMetaEntityTable)));
    CHECK(table.at("country").at("RU").at("name") == "Russia");
    CHECK(table.at("country").at("XK").at("name") == "Kosovo");

    CHECK(termfreq(db, "XART:unit-a") == 3);
    CHECK(termfreq(db, "XART:sub/b") == 2);
    CHECK(termfreq(db, "XART:unit-w1") == 2);
    CHECK(termfreq(db, "XART:unit-w3") == 1);
    CHECK(termfreq(db, "XART:unit-w2") == 0);
    CHECK(termfreq(db, "Qunit-a#0") == 1);
    CHECK(termfreq(db, "Qunit-a#2") == 1);
    CHECK(termfreq(db, "Qunit-a#3") == 0);
    CHECK(termfreq(db, "XK:source") == 1);
    CHECK(termfreq(db, "XK:analyst-perspective") == 1);
    // "according to the government" and the Russian "Захарова заявила" (extractor version 4)
    CHECK(termfreq(db, "XK:inline") == 2);
    CHECK(termfreq(db, "XP:maria-zakharova") == 1);  // the speaker facet: Захарова is a gazetteer actor
    CHECK(termfreq(db, "XL:en") == 3);
    CHECK(termfreq(db, "XL:ru") == 2);
    CHECK(termfreq(db, "XS:dossier-test") == 3);
    CHECK(termfreq(db, "XC:XK") >= 5);
    CHECK(termfreq(db, "XC:RU") >= 2);
    CHECK(termfreq(db, "XC:US") >= 2);
    CHECK(termfreq(db, "XC:RS") >= 1);
    CHECK(termfreq(db, "XW:fgm-148") >= 1);
    // Cyrillic "Приштина" indexed under both transliterations.
    CHECK(termfreq(db, "Zpristina") >= 2);
    CHECK(termfreq(db, "Zprishtina") >= 1);
    // The bad file and the malformed line left nothing behind.
    CHECK(termfreq(db, "Zbroken") == 0);
    CHECK(termfreq(db, "Zpatrol") == 0);

    // The first passage's record.
    Xapian::PostingIterator it = db.postlist_begin("Qunit-a#0");
    REQUIRE(it != db.postlist_end("Qunit-a#0"));
    const auto record = nlohmann::json::parse(db.get_document(*it).get_data());
    CHECK(record.at("article").at("title") == "Javelin sale to Kosovo");
    CHECK(record.at("article").at("date") == "2024-07-03");
    CHECK(record.at("attribution").at("kind") == "Source");
    CHECK(record.at("attribution").at("text") == "Russian Foreign Ministry briefing");
  }

  SUBCASE("a second run over unchanged files reads nothing and changes nothing") {
    const RunResult second = run(options);
    CHECK(second.summary.files_read == 0);
    CHECK(second.summary.files_unchanged == 4);
    CHECK(second.summary.articles_unchanged == kArticles);
    CHECK(second.summary.articles_replaced == 0);
    CHECK(second.summary.articles_added == 0);
    CHECK(second.summary.passages == 0);
    Xapian::Database db(options.db_path);
    CHECK(db.get_doccount() == kPassages);
    CHECK(termfreq(db, "XART:unit-a") == 3);
    CHECK(termfreq(db, "Qunit-a#0") == 1);
  }
  SUBCASE("--retry-failed reads the files that had problems again, and only those") {
    auto retry = options;
    retry.retry_failed = true;
    const RunResult second = run(retry);
    CHECK(second.summary.files_read == 2);  // bad.txt and wire.jsonl
    CHECK(second.summary.skipped == 2);     // still broken
    CHECK(second.summary.files_unchanged == 2);
    CHECK(second.summary.articles_unchanged == 4);  // a.txt, sub/b.txt and wire.jsonl's good lines
    Xapian::Database db(options.db_path);
    CHECK(db.get_doccount() == kPassages);
  }
  SUBCASE("the same file given through another path is recognised, not indexed twice") {
    auto one = options;
    one.inputs = {fixture_folder() + "/sub/b.txt"};  // its default id would now be "b", not "sub/b"
    const RunResult r = run(one);
    CHECK(r.summary.files_read == 0);
    CHECK(r.summary.files_unchanged == 1);
    CHECK(r.summary.exit_code() == 0);
    Xapian::Database db(options.db_path);
    CHECK(db.get_doccount() == kPassages);
    CHECK(termfreq(db, "XART:b") == 0);
    CHECK(termfreq(db, "XART:sub/b") == 2);
  }
}

TEST_CASE("Indexer::run repairs invalid UTF-8 by default: indexed, warned, not skipped") {
  TempDir dir;
  auto options = options_for(dir);
  options.limits.invalid_utf8 = dossier::InvalidUtf8::Repair;
  options.quiet = false;  // warnings are printed unless --quiet
  const RunResult r = run(options);
  CAPTURE(r.err);
  CHECK(r.summary.skipped == 1);  // only wire.jsonl's malformed line
  CHECK(r.summary.warnings >= 1);
  CHECK(r.summary.articles_added == kArticles + 1);
  CHECK(r.err.find("bad.txt:4: invalid UTF-8 at byte 8 of the line replaced by U+FFFD") != std::string::npos);
  Xapian::Database db(options.db_path);
  CHECK(termfreq(db, "XART:bad") >= 1);
}

TEST_CASE("Indexer::run with --dump-passages writes JSON lines and no database") {
  TempDir dir;
  auto options = options_for(dir);
  options.dump_passages = true;
  const RunResult r = run(options);
  CHECK(r.summary.passages == kPassages);
  CHECK(r.summary.skipped == 2);
  CHECK_FALSE(std::filesystem::exists(options.db_path));

  std::vector<nlohmann::json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    CAPTURE(line);
    lines.push_back(nlohmann::json::parse(line));
  }
  REQUIRE(lines.size() == kPassages);
  const std::vector<std::pair<std::string, int>> order = {{"unit-a", 0},  {"unit-a", 1},  {"unit-a", 2},
                                                          {"sub/b", 0},   {"sub/b", 1},   {"unit-w1", 0},
                                                          {"unit-w1", 1}, {"unit-w3", 0}};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(i);
    const auto& j = lines[i];
    for (const char* field : {"article_id", "index", "text", "attribution", "entities", "title", "date", "origin"}) {
      CAPTURE(field);
      CHECK(j.contains(field));
    }
    CHECK(j.at("article_id") == order[i].first);
    CHECK(j.at("index") == order[i].second);
    CHECK(j.at("entities").is_array());
    for (const auto& e : j.at("entities")) {
      const std::string text = j.at("text").get<std::string>();
      const auto begin = e.at("begin").get<std::size_t>();
      const auto end = e.at("end").get<std::size_t>();
      REQUIRE(end <= text.size());
      CHECK(text.substr(begin, end - begin) == e.at("mention").get<std::string>());
    }
  }
  const auto& first = lines[0];
  CHECK(first.at("title") == "Javelin sale to Kosovo");
  CHECK(first.at("attribution").at("kind") == "Source");
  const auto has_entity = [](const nlohmann::json& line, const std::string& facet, const std::string& id) {
    return std::any_of(line.at("entities").begin(), line.at("entities").end(),
                       [&](const nlohmann::json& e) { return e.at("facet") == facet && e.at("id") == id; });
  };
  CHECK(has_entity(first, "country", "RU"));
  CHECK(has_entity(first, "country", "US"));
  CHECK(has_entity(first, "country", "XK"));
  CHECK(has_entity(lines[1], "weapon", "fgm-148"));
  CHECK(lines[3].at("attribution").is_null());
  CHECK(lines[4].at("attribution").at("kind") == "Inline");
  CHECK(lines[4].at("text") == "Belgrade said the talks were constructive, according to the government.");
  CHECK(lines[5].at("text") == "Москва и Приштина.");
  CHECK(has_entity(lines[5], "country", "RU"));
  CHECK(has_entity(lines[5], "country", "XK"));
  CHECK(lines[5].at("date") == "2025-01-02");
  CHECK(lines[5].at("origin").get<std::string>().find("wire.jsonl:1") != std::string::npos);
  CHECK(lines[7].at("attribution").is_null());
}

TEST_CASE("Indexer::run: errors that stop the run") {
  TempDir dir;
  SUBCASE("no inputs") {
    auto options = options_for(dir);
    options.inputs.clear();
    std::ostringstream out, err;
    CHECK_THROWS_AS(dossier::Indexer(options, out, err).run(), dossier::UsageError);
  }
  SUBCASE("missing gazetteer directory") {
    auto options = options_for(dir);
    options.gazetteer_dir = dir.file("no-gazetteers");
    std::ostringstream out, err;
    CHECK_THROWS_AS(dossier::Indexer(options, out, err).run(), dossier::GazetteerError);
    CHECK_FALSE(std::filesystem::exists(options.db_path));
  }
  SUBCASE("a malformed gazetteer") {
    auto options = options_for(dir);
    dir.write("gaz/bad.gaz", "@facet country\nid: ru\n");
    options.gazetteer_dir = dir.file("gaz");
    std::ostringstream out, err;
    CHECK_THROWS_WITH_AS(dossier::Indexer(options, out, err).run(), doctest::Contains("bad.gaz:2"),
                         dossier::GazetteerError);
  }
  SUBCASE("a database of another format version") {
    auto options = options_for(dir);
    {
      Xapian::WritableDatabase db(options.db_path, Xapian::DB_CREATE_OR_OPEN);
      db.add_document(Xapian::Document());
      db.set_metadata(std::string(dossier::schema::kMetaFormatVersion), "0");
      db.commit();
    }
    std::ostringstream out, err;
    CHECK_THROWS_WITH_AS(dossier::Indexer(options, out, err).run(), doctest::Contains("(index format 1)"),
                         dossier::DatabaseError);
  }
  SUBCASE("a sharded database whose meta says another format version") {
    auto options = options_for(dir);
    std::ostringstream out, err;
    dossier::Indexer(options, out, err).run();
    {
      Xapian::WritableDatabase meta(options.db_path + "/meta", Xapian::DB_OPEN);
      meta.set_metadata(std::string(dossier::schema::kMetaFormatVersion), "99");
      meta.commit();
    }
    CHECK_THROWS_WITH_AS(dossier::Indexer(options, out, err).run(), doctest::Contains("index format version 99"),
                         dossier::DatabaseError);
  }
  SUBCASE("a database of format 5 (no article shards) is refused as before, and left alone") {
    auto options = options_for(dir);
    std::ostringstream out, err;
    dossier::Indexer(options, out, err).run();
    {
      Xapian::WritableDatabase meta(options.db_path + "/meta", Xapian::DB_OPEN);
      meta.set_metadata(std::string(dossier::schema::kMetaFormatVersion), "5");
      meta.commit();
    }
    for (const auto& entry : std::filesystem::directory_iterator(options.db_path)) {
      if (entry.path().filename().string().rfind("articles-", 0) == 0) std::filesystem::remove_all(entry.path());
    }
    CHECK_THROWS_WITH_AS(dossier::Indexer(options, out, err).run(),
                         doctest::Contains("index format version 5, this dossier-index writes version 9; remove the "
                                           "directory and index again"),
                         dossier::DatabaseError);
    CHECK_FALSE(std::filesystem::exists(options.db_path + "/" + dossier::schema::article_dir_name(0)));
  }
  SUBCASE("a database path that is a file") {
    auto options = options_for(dir);
    options.db_path = dir.write("file.db", "not a database");
    std::ostringstream out, err;
    CHECK_THROWS_AS(dossier::Indexer(options, out, err).run(), dossier::DatabaseError);
  }
}

TEST_CASE("Indexer::run: missing inputs are skipped, not fatal, and a clean run exits 0") {
  TempDir dir;
  auto options = options_for(dir);
  dir.write("in/one.txt", "Title: One\n\nKosovo and Serbia.\n");
  options.inputs = {dir.file("in"), dir.file("does-not-exist")};
  options.quiet = false;
  RunResult r = run(options);
  CHECK(r.summary.skipped == 1);
  CHECK(r.summary.articles_added == 1);
  CHECK(r.summary.exit_code() == 1);
  CHECK(r.err.find("does-not-exist") != std::string::npos);
  CHECK(r.err.find("1 articles (1 passages) from 1 files") != std::string::npos);

  options.inputs = {dir.file("in")};
  r = run(options);
  CHECK(r.summary.skipped == 0);
  CHECK(r.summary.exit_code() == 0);
  CHECK(r.summary.articles_unchanged == 1);

  // The same id twice in one run: the second replaces the first.
  dir.write("in/two.txt", "ID: one\n\nA different body.\n");
  dir.write("in/one.txt", "ID: one\n\nFirst body.\nSecond paragraph.\n");
  options.inputs = {dir.file("in")};
  r = run(options);
  CHECK(r.summary.warnings >= 1);
  CHECK(r.err.find("seen earlier in this run") != std::string::npos);
  Xapian::Database db(options.db_path);
  CHECK(termfreq(db, "XART:one") == 1);
  CHECK(termfreq(db, "Zdiffer") == 1);  // stem of "different"
  CHECK(termfreq(db, "Zfirst") == 0);
}

TEST_CASE("Indexer::run: an article id over 200 bytes is skipped") {
  TempDir dir;
  auto options = options_for(dir);
  const std::string long_id(201, 'i');
  const std::string ok_id(200, 'o');
  dir.write("in/w.jsonl", "{\"id\":\"" + long_id + "\",\"text\":\"Too long.\"}\n{\"id\":\"" + ok_id +
                              "\",\"text\":\"Just fits.\"}\n");
  options.inputs = {dir.file("in")};
  const RunResult r = run(options);
  CHECK(r.summary.skipped == 1);
  CHECK(r.summary.articles_added == 1);
  CHECK(r.err.find("longer than 200 bytes") != std::string::npos);
  Xapian::Database db(options.db_path);
  CHECK(db.get_doccount() == 1);
  CHECK(termfreq(db, "XART:" + ok_id) == 1);
}

TEST_CASE("Indexer::run reads no environment: $DOSSIER_GAZETTEERS is for dossier-index's main") {
  // Set to a directory that does not exist for this test only.
  struct Environment {
    Environment() {
      if (const char* value = std::getenv("DOSSIER_GAZETTEERS")) saved = value;
      had = std::getenv("DOSSIER_GAZETTEERS") != nullptr;
      ::setenv("DOSSIER_GAZETTEERS", "/nonexistent/dossier-gazetteers", 1);
    }
    ~Environment() {
      if (had) {
        ::setenv("DOSSIER_GAZETTEERS", saved.c_str(), 1);
      } else {
        ::unsetenv("DOSSIER_GAZETTEERS");
      }
    }
    std::string saved;
    bool had = false;
  } environment;

  CHECK(dossier::default_gazetteer_dir() == gazetteers());  // compiled in: the shipped gazetteers
  TempDir dir;
  auto options = options_for(dir);
  options.dump_passages = true;
  dir.write("in/one.txt", "Title: One\n\nKosovo and Serbia.\n");
  options.inputs = {dir.file("in")};
  SUBCASE("no directory given: the default") {
    options.gazetteer_dir.clear();
    const RunResult r = run(options);
    CHECK(r.summary.passages == 1);
    CHECK(r.out.find("\"id\":\"XK\"") != std::string::npos);
  }
  SUBCASE("a directory given: that one") {
    options.gazetteer_dir = dir.file("gaz");
    dir.write("gaz/countries.gaz", "@facet country\nid: RS\nname: Serbia\nalias: Serbia\n");
    const RunResult r = run(options);
    CHECK(r.out.find("\"id\":\"RS\"") != std::string::npos);
    CHECK(r.out.find("\"id\":\"XK\"") == std::string::npos);
  }
}

namespace {

// Article id -> its article document (serialised), from every article shard; and how many
// article documents there are in all.
std::map<std::string, std::string> article_documents(const std::string& db, std::size_t shards, std::size_t& count) {
  std::map<std::string, std::string> out;
  count = 0;
  for (std::size_t shard = 0; shard < shards; ++shard) {
    const Xapian::Database part(db + "/" + dossier::schema::article_dir_name(shard));
    for (auto it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
      const Xapian::Document doc = part.get_document(*it);
      const std::string id = doc.get_value(dossier::schema::kSlotArticleId);
      CHECK_MESSAGE(dossier::schema::shard_for(id, shards) == shard, id);
      // Everything but the run stamp, which differs from run to run by design (format 8).
      std::string content = doc.get_value(dossier::schema::kSlotArticleId) + "|" + doc.get_data() + "|";
      for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        if ((*term).rfind(dossier::schema::kPrefixRun, 0) != 0) content += *term + ":" + std::to_string(term.get_wdf()) + " ";
      }
      out[id] = content;
      ++count;
    }
  }
  return out;
}

std::set<std::string> passage_article_ids(const std::string& db) {
  const Xapian::Database passages(db);
  const std::string prefix(dossier::schema::kPrefixArticle);
  std::set<std::string> ids;
  for (auto it = passages.allterms_begin(prefix); it != passages.allterms_end(prefix); ++it) ids.insert((*it).substr(prefix.size()));
  return ids;
}

}  // namespace

TEST_CASE("Indexer::run: one article document per article, and a run killed between the passage and article commits is repaired by the next") {
  TempDir dir;
  auto options = options_for(dir);
  options.shards = 2;
  options.jobs = 2;
  run(options);
  std::size_t count = 0;
  const auto reference = article_documents(options.db_path, 2, count);
  CHECK(count == kArticles);
  std::set<std::string> ids;
  for (const auto& [id, doc] : reference) ids.insert(id);
  CHECK(ids == passage_article_ids(options.db_path));

  // What a kill after the passage shards' commit and before the article shards' leaves: the
  // passages of this run, the article shards of the run before (here: one article missing, one
  // stale), and the manifest of the run before (here: none, as after a first run).
  {
    Xapian::WritableDatabase meta(options.db_path + "/meta", Xapian::DB_OPEN);
    const std::string prefix(dossier::schema::kMetaManifestPrefix);
    std::vector<std::string> keys;
    for (auto it = meta.metadata_keys_begin(prefix); it != meta.metadata_keys_end(prefix); ++it) keys.push_back(*it);
    REQUIRE_FALSE(keys.empty());
    for (const std::string& key : keys) meta.set_metadata(key, "");
    meta.commit();
  }
  const std::string missing = *ids.begin(), stale = *ids.rbegin();
  REQUIRE(missing != stale);
  {
    const std::string missing_term = dossier::schema::article_term(missing), stale_term = dossier::schema::article_term(stale);
    {
      Xapian::WritableDatabase articles(options.db_path + "/" + dossier::schema::article_dir_name(dossier::schema::shard_for(missing, 2)), Xapian::DB_OPEN);
      articles.delete_document(missing_term);
      articles.commit();
    }
    Xapian::WritableDatabase other(options.db_path + "/" + dossier::schema::article_dir_name(dossier::schema::shard_for(stale, 2)), Xapian::DB_OPEN);
    Xapian::Document old;
    old.add_boolean_term(stale_term);
    old.add_term("Zstale");
    old.add_value(dossier::schema::kSlotArticleId, stale);
    other.replace_document(stale_term, old);
    other.commit();
  }
  std::size_t damaged = 0;
  CHECK(article_documents(options.db_path, 2, damaged) != reference);

  const RunResult rerun = run(options);
  CHECK(rerun.summary.articles_replaced == kArticles);  // every file read again
  CHECK(article_documents(options.db_path, 2, count) == reference);
  CHECK(count == kArticles);
  CHECK(passage_article_ids(options.db_path) == ids);
  CHECK(Xapian::Database(options.db_path).get_doccount() == kPassages);
}

namespace {

// The articles whose passages carry schema::kTermOnlyPassage, and those of one passage.
std::set<std::string> marked_articles(const std::string& db_path) {
  Xapian::Database db(db_path);
  const std::string mark(dossier::schema::kTermOnlyPassage);
  std::set<std::string> ids;
  for (Xapian::PostingIterator it = db.postlist_begin(mark); it != db.postlist_end(mark); ++it) {
    ids.insert(db.get_document(*it).get_value(dossier::schema::kSlotArticleId));
  }
  return ids;
}

std::set<std::string> articles_of_one_passage(const std::string& db_path) {
  const Xapian::Database db(db_path);
  std::set<std::string> ids;
  for (const std::string& id : passage_article_ids(db_path)) {
    if (db.get_termfreq(dossier::schema::article_term(id)) == 1) ids.insert(id);
  }
  return ids;
}

}  // namespace

TEST_CASE("Indexer::run marks the passage of each article of one passage, and upgrades a format-8 database in place") {
  TempDir dir;
  auto options = options_for(dir);
  options.shards = 2;
  run(options);
  const std::set<std::string> singles = articles_of_one_passage(options.db_path);
  CHECK(singles.size() == 1);  // wire.jsonl's second record
  CHECK(marked_articles(options.db_path) == singles);
  // What format 8 had: no mark on any passage.
  {
    Xapian::WritableDatabase meta(options.db_path + "/meta", Xapian::DB_OPEN);
    meta.set_metadata(std::string(dossier::schema::kMetaFormatVersion), "8");
    meta.commit();
    for (const auto& entry : std::filesystem::directory_iterator(options.db_path)) {
      if (entry.path().filename().string().rfind("shard-", 0) != 0) continue;
      Xapian::WritableDatabase shard(entry.path().string(), Xapian::DB_OPEN);
      const std::string mark(dossier::schema::kTermOnlyPassage);
      const std::vector<Xapian::docid> docids(shard.postlist_begin(mark), shard.postlist_end(mark));
      for (const Xapian::docid docid : docids) {
        Xapian::Document doc = shard.get_document(docid);
        doc.remove_term(mark);
        shard.replace_document(docid, doc);
      }
      shard.commit();
    }
  }
  REQUIRE(marked_articles(options.db_path).empty());
  options.quiet = false;
  const RunResult upgrade = run(options);
  CHECK(upgrade.summary.upgraded);
  CHECK(upgrade.summary.articles_unchanged == kArticles);  // nothing indexed again
  CHECK((upgrade.out + upgrade.err).find("index format 8 upgraded to 9 in place (passages that are their article's only one marked: 1;") != std::string::npos);
  CHECK(marked_articles(options.db_path) == singles);
  CHECK(Xapian::Database(options.db_path + "/meta").get_metadata(std::string(dossier::schema::kMetaFormatVersion)) == "9");
  // The next run has nothing to upgrade.
  CHECK_FALSE(run(options).summary.upgraded);
}
