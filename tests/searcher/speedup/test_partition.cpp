#include "searcher/speedup/partition.h"

#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "common/schema.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"

using namespace dossier;

namespace {

std::vector<Xapian::docid> matches(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount() + 1);
  std::vector<Xapian::docid> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

}  // namespace

TEST_CASE("Partition: shard s in partition s mod partitions; a part without a number in partition 0") {
  const Partition whole;
  CHECK(whole.whole());
  CHECK(whole.contains(std::optional<std::size_t>(7)));
  CHECK(whole.contains(std::nullopt));
  const Partition second{1, 3};
  CHECK_FALSE(second.whole());
  CHECK(second.contains(std::optional<std::size_t>(1)));
  CHECK(second.contains(std::optional<std::size_t>(4)));
  CHECK_FALSE(second.contains(std::optional<std::size_t>(0)));
  CHECK_FALSE(second.contains(std::nullopt));
  CHECK(Partition{0, 3}.contains(std::nullopt));
}

TEST_CASE("shard_number reads each shard's identity; the meta part has none") {
  const std::string dir = testing::sharded_db();
  CHECK_FALSE(shard_number(Xapian::Database(dir + "/meta")).has_value());
  for (std::size_t shard = 0; shard < 3; ++shard) {
    const auto number = shard_number(Xapian::Database(dir + "/" + schema::shard_dir_name(shard)));
    REQUIRE(number.has_value());
    CHECK(*number == shard);
  }
}

TEST_CASE("restrict_to: the partitions' matches are disjoint and together are the whole query's") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  REQUIRE(db.size() == 4);  // meta + 3 shards
  for (const Xapian::Query& query : {Xapian::Query::MatchAll, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zsaid"), Xapian::Query("Zarm"))}) {
    CAPTURE(query.get_description());
    const std::vector<Xapian::docid> whole = matches(db, query);
    REQUIRE(whole.size() > 10);
    CHECK(matches(db, restrict_to(query, Partition{})) == whole);
    for (std::size_t partitions : {2u, 3u, 5u}) {
      CAPTURE(partitions);
      std::multiset<Xapian::docid> together;
      std::size_t empty_partitions = 0;
      for (std::size_t p = 0; p < partitions; ++p) {
        const std::vector<Xapian::docid> part = matches(db, restrict_to(query, {p, partitions}));
        if (part.empty()) ++empty_partitions;
        together.insert(part.begin(), part.end());
      }
      CHECK(std::vector<Xapian::docid>(together.begin(), together.end()) == whole);  // each once
      CHECK(empty_partitions == (partitions > 3 ? partitions - 3 : 0));  // 3 shards: no more to share
    }
  }
}

TEST_CASE("a database whose part has no shard identity is matched whole by partition 0") {
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("plain"), Xapian::DB_CREATE);
    for (int i = 0; i < 5; ++i) {
      Xapian::Document doc;
      doc.add_term("x");
      db.add_document(doc);
    }
    db.commit();
  }
  Xapian::Database db(dir.file("plain"));
  CHECK(matches(db, restrict_to(Xapian::Query("x"), {0, 2})).size() == 5);
  CHECK(matches(db, restrict_to(Xapian::Query("x"), {1, 2})).empty());
}

TEST_CASE("an article shard records no number: the reader tells it, and its matches split like the passages'") {
  const std::string path = testing::sharded_db();
  const Xapian::Database part(path + "/" + schema::article_dir_name(2));
  CHECK(part.get_metadata(std::string(schema::kMetaShardIdentity)).empty());
  IndexReader index(path);
  Xapian::Database& articles = *index.articles();  // remembers each article shard's number
  CHECK(shard_number(part) == std::optional<std::size_t>(2));
  CHECK(shard_number(index.article_part(0)) == std::optional<std::size_t>(0));
  // The partitions' matches over the article shards are disjoint and together the whole.
  const Xapian::Query all = Xapian::Query::MatchAll;
  std::set<Xapian::docid> seen;
  std::size_t total = 0;
  for (std::size_t p = 0; p < 2; ++p) {
    const std::vector<Xapian::docid> some = matches(articles, restrict_to(all, Partition{p, 2}));
    CHECK_FALSE(some.empty());
    total += some.size();
    seen.insert(some.begin(), some.end());
  }
  CHECK(total == articles.get_doccount());
  CHECK(seen.size() == articles.get_doccount());
}
