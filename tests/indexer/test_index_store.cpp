// Tests for indexer/index_store.cpp: the layout (shards and article shards), compaction of both
// and its crash recovery, --check.
#include <doctest/doctest.h>

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/schema.h"
#include "indexer/index_store.h"
#include "indexer/indexer.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace dossier;

namespace {

IndexSummary index_corpus(const std::string& db, const std::string& input, bool compact) {
  IndexerOptions options;
  options.inputs = {input};
  options.db_path = db;
  options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  options.jobs = 2;
  options.shards = 2;
  options.compact = compact;
  std::ostringstream out, err;
  return Indexer(options, out, err).run();
}

// Per shard and docid: the passage id term's record and the facet slots: what a search reads.
std::map<std::string, std::string> contents(const std::string& db) {
  std::map<std::string, std::string> out;
  for (int shard = 0; shard < 2; ++shard) {
    const Xapian::Database part(db + "/" + schema::shard_dir_name(static_cast<std::size_t>(shard)));
    for (auto it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
      const Xapian::Document doc = part.get_document(*it);
      out[std::to_string(shard) + "/" + std::to_string(*it)] =
          doc.get_data() + "|" + doc.get_value(schema::kSlotFacetIds) + "|" + doc.get_value(schema::kSlotArticleFacets);
    }
  }
  return out;
}

// Per article shard and docid: the whole article document (terms, wdf, values).
std::map<std::string, std::string> article_contents(const std::string& db) {
  std::map<std::string, std::string> out;
  for (std::size_t shard = 0; shard < 2; ++shard) {
    const Xapian::Database part(db + "/" + schema::article_dir_name(shard));
    for (auto it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
      out[std::to_string(shard) + "/" + std::to_string(*it)] = part.get_document(*it).serialise();
    }
  }
  return out;
}

}  // namespace

TEST_CASE("IndexStore creates an article shard beside every shard, and --check reports a missing one") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  std::vector<std::string> expected;
  for (std::size_t shard = 0; shard < 3; ++shard) expected.push_back(db + "/" + schema::article_dir_name(shard));
  {
    IndexStore store(StoreOptions{db, 3, 0, false});
    CHECK(store.created());
    CHECK(store.shard_paths().size() == 3);
    CHECK(store.article_paths() == expected);
    for (const std::string& path : expected) CHECK(Xapian::Database(path).get_doccount() == 0);
  }
  // Not in the stub: searching DIR searches passages only.
  CHECK(testing::read_file(db + "/" + std::string(schema::kStubFile)).find("articles") == std::string::npos);
  CHECK(Xapian::Database(db).get_doccount() == 0);
  {
    IndexStore store(StoreOptions{db, 5, 0, false});  // an existing database keeps its count
    CHECK_FALSE(store.created());
    CHECK(store.article_paths() == expected);
  }
  std::ostringstream report;
  CHECK(IndexStore::check(db, report) == 0);
  CHECK(report.str().find(expected[1] + ": ok") != std::string::npos);

  fs::remove_all(expected[1]);
  std::ostringstream damaged;
  CHECK(IndexStore::check(db, damaged) == 1);
  CHECK(damaged.str().find(expected[1] + ": missing") != std::string::npos);
  // The indexer does not recreate it empty (its articles would be lost without a word).
  IndexerOptions options;
  options.inputs = {testing::source_dir() + "/corpus/articles"};
  options.db_path = db;
  options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  std::ostringstream out, err;
  CHECK_THROWS_WITH_AS(Indexer(options, out, err).run(), doctest::Contains((expected[1] + ": cannot open for writing").c_str()),
                       DatabaseError);
  CHECK_FALSE(fs::exists(expected[1]));
}

TEST_CASE("--compact keeps every docid and value, and later runs update the compacted shards") {
  testing::TempDir dir;
  const std::string input = dir.file("articles");
  fs::copy(testing::source_dir() + "/corpus/articles", input, fs::copy_options::recursive);
  const std::string plain = dir.file("plain.db"), compacted = dir.file("compacted.db");
  index_corpus(plain, input, false);
  const IndexSummary summary = index_corpus(compacted, input, true);
  CHECK(summary.compact_seconds > 0);
  CHECK(contents(compacted) == contents(plain));
  CHECK(article_contents(compacted) == article_contents(plain));
  // One article document per article of the passages.
  const Xapian::Database passages(compacted);
  std::size_t articles = 0;
  for (auto it = passages.allterms_begin(std::string(schema::kPrefixArticle)); it != passages.allterms_end(std::string(schema::kPrefixArticle)); ++it) ++articles;
  CHECK(articles > 10);
  CHECK(article_contents(compacted).size() == articles);
  std::ostringstream check;
  CHECK(IndexStore::check(compacted, check) == 0);
  for (const auto& entry : fs::directory_iterator(compacted)) {
    CHECK_MESSAGE(entry.path().extension() != ".compacting", entry.path());
    CHECK_MESSAGE(entry.path().extension() != ".old", entry.path());
  }

  // An unchanged rerun changes nothing and does not compact again.
  CHECK(index_corpus(compacted, input, true).compact_seconds == 0);
  index_corpus(plain, input, false);  // the same number of runs, so the same run stamps

  // An edited article: replaced in the compacted shard, like in the plain one.
  fs::path first;
  for (const auto& entry : fs::recursive_directory_iterator(input)) {
    if (entry.is_regular_file() && (first.empty() || entry.path() < first)) first = entry.path();
  }
  REQUIRE_FALSE(first.empty());
  {
    std::ofstream append(first, std::ios::app);
    append << "\nA closing paragraph added for the test, about Kosovo.\n[Source: test desk]\n";
  }
  CHECK(index_corpus(plain, input, false).articles_replaced == 1);
  CHECK(index_corpus(compacted, input, true).articles_replaced == 1);
  CHECK(Xapian::Database(compacted).get_doccount() == Xapian::Database(plain).get_doccount());
  CHECK(article_contents(compacted) == article_contents(plain));
  CHECK(IndexStore::check(compacted, check) == 0);
}

TEST_CASE("--compact compacts the article shards too") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  index_corpus(db, testing::source_dir() + "/corpus/articles", false);
  const auto before = article_contents(db);
  // A file Xapian does not know: gone once the directory is swapped for its compacted copy.
  for (std::size_t shard = 0; shard < 2; ++shard) std::ofstream(db + "/" + schema::article_dir_name(shard) + "/marker") << "x";
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
    store.compact_shards(2);
  }
  for (std::size_t shard = 0; shard < 2; ++shard) {
    CHECK_FALSE(fs::exists(db + "/" + schema::article_dir_name(shard) + "/marker"));
    CHECK_FALSE(fs::exists(db + "/" + schema::article_dir_name(shard) + ".compacting"));
    CHECK_FALSE(fs::exists(db + "/" + schema::article_dir_name(shard) + ".old"));
  }
  CHECK(article_contents(db) == before);
  std::ostringstream check;
  CHECK(IndexStore::check(db, check) == 0);
}

TEST_CASE("a compaction killed before, during or after its swap is finished or undone at the next open") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  index_corpus(db, testing::source_dir() + "/corpus/articles", false);
  const auto before = contents(db);
  const auto articles_before = article_contents(db);
  const std::string shard0 = db + "/" + schema::shard_dir_name(0), shard1 = db + "/" + schema::shard_dir_name(1);
  const std::string articles0 = db + "/" + schema::article_dir_name(0), articles1 = db + "/" + schema::article_dir_name(1);

  // Shard 0: killed between the two renames (a complete compacted copy, the original moved aside).
  Xapian::Database(shard0).compact(shard0 + ".compacting", Xapian::DBCOMPACT_NO_RENUMBER);
  fs::rename(shard0, shard0 + ".old");
  // Shard 1: killed while compacting (a partial copy beside the untouched shard).
  fs::create_directory(shard1 + ".compacting");
  std::ofstream(shard1 + ".compacting/postlist.glass") << "partial";
  // The article shards likewise, the other way round.
  Xapian::Database(articles1).compact(articles1 + ".compacting", Xapian::DBCOMPACT_NO_RENUMBER);
  fs::rename(articles1, articles1 + ".old");
  fs::create_directory(articles0 + ".compacting");
  std::ofstream(articles0 + ".compacting/postlist.glass") << "partial";
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
  }
  for (const std::string& part : {shard0, shard1, articles0, articles1}) {
    CAPTURE(part);
    CHECK(fs::exists(part));
    CHECK_FALSE(fs::exists(part + ".compacting"));
    CHECK_FALSE(fs::exists(part + ".old"));
  }
  CHECK(contents(db) == before);
  CHECK(article_contents(db) == articles_before);

  // Moved aside with no compacted copy: the old shard is put back.
  fs::rename(shard1, shard1 + ".old");
  fs::rename(articles0, articles0 + ".old");
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
  }
  CHECK(contents(db) == before);
  CHECK(article_contents(db) == articles_before);
  std::ostringstream check;
  CHECK(IndexStore::check(db, check) == 0);
}

TEST_CASE("a reader open during the compaction keeps reading, and reopens onto the compacted shards") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  index_corpus(db, testing::source_dir() + "/corpus/articles", false);
  Xapian::Database reader(db);
  const Xapian::doccount passages = reader.get_doccount();
  const auto count = [&] {
    Xapian::Enquire enquire(reader);
    enquire.set_query(Xapian::Query("XC:RU"));
    return enquire.get_mset(0, 1000).size();
  };
  const auto before = count();
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
    store.compact_shards(2);
  }
  CHECK(count() == before);  // the old files, still open
  reader.reopen();
  CHECK(reader.get_doccount() == passages);
  CHECK(count() == before);
  const Xapian::docid some = *reader.postlist_begin("XC:RU");
  CHECK(reader.get_document(some).get_data() == Xapian::Database(db).get_document(some).get_data());
}

TEST_CASE("a creation killed before its stub is done again; a stub lost after a run is not papered over") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  const std::string stub = db + "/" + std::string(schema::kStubFile);
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
  }
  fs::remove(stub);  // as if killed before the stub's rename: every part there, empty
  fs::remove_all(db + "/" + schema::article_dir_name(1));  // or before this one was made
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
    CHECK(store.created());
  }
  std::ostringstream check;
  CHECK(IndexStore::check(db, check) == 0);

  index_corpus(db, testing::source_dir() + "/corpus/articles", false);
  const Xapian::doccount passages = Xapian::Database(db).get_doccount();
  REQUIRE(passages > 0);
  fs::remove(stub);
  CHECK_THROWS_AS(IndexStore(StoreOptions{db, 2, 0, false}), DatabaseError);
  CHECK(Xapian::Database(db + "/" + schema::shard_dir_name(0)).get_doccount() +
            Xapian::Database(db + "/" + schema::shard_dir_name(1)).get_doccount() == passages);
}
