// Tests for indexer/index_store.cpp: compaction of the shards and its crash recovery.
#include <doctest/doctest.h>

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

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

}  // namespace

TEST_CASE("--compact keeps every docid and value, and later runs update the compacted shards") {
  testing::TempDir dir;
  const std::string input = dir.file("articles");
  fs::copy(testing::source_dir() + "/corpus/articles", input, fs::copy_options::recursive);
  const std::string plain = dir.file("plain.db"), compacted = dir.file("compacted.db");
  index_corpus(plain, input, false);
  const IndexSummary summary = index_corpus(compacted, input, true);
  CHECK(summary.compact_seconds > 0);
  CHECK(contents(compacted) == contents(plain));
  std::ostringstream check;
  CHECK(IndexStore::check(compacted, check) == 0);
  for (const auto& entry : fs::directory_iterator(compacted)) {
    CHECK_MESSAGE(entry.path().extension() != ".compacting", entry.path());
    CHECK_MESSAGE(entry.path().extension() != ".old", entry.path());
  }

  // An unchanged rerun changes nothing and does not compact again.
  CHECK(index_corpus(compacted, input, true).compact_seconds == 0);

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
  CHECK(IndexStore::check(compacted, check) == 0);
}

TEST_CASE("a compaction killed before, during or after its swap is finished or undone at the next open") {
  testing::TempDir dir;
  const std::string db = dir.file("db");
  index_corpus(db, testing::source_dir() + "/corpus/articles", false);
  const auto before = contents(db);
  const std::string shard0 = db + "/" + schema::shard_dir_name(0), shard1 = db + "/" + schema::shard_dir_name(1);

  // Shard 0: killed between the two renames (a complete compacted copy, the original moved aside).
  Xapian::Database(shard0).compact(shard0 + ".compacting", Xapian::DBCOMPACT_NO_RENUMBER);
  fs::rename(shard0, shard0 + ".old");
  // Shard 1: killed while compacting (a partial copy beside the untouched shard).
  fs::create_directory(shard1 + ".compacting");
  std::ofstream(shard1 + ".compacting/postlist.glass") << "partial";
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
  }
  CHECK(fs::exists(shard0));
  CHECK(fs::exists(shard1));
  for (const char* leftover : {".compacting", ".old"}) {
    CHECK_FALSE(fs::exists(shard0 + leftover));
    CHECK_FALSE(fs::exists(shard1 + leftover));
  }
  CHECK(contents(db) == before);

  // Moved aside with no compacted copy: the old shard is put back.
  fs::rename(shard1, shard1 + ".old");
  {
    IndexStore store(StoreOptions{db, 2, 0, false});
  }
  CHECK(contents(db) == before);
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
