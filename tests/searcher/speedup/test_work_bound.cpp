// Tests for searcher/speedup/work_bound.cpp: the bound is never below the matches Xapian finds
// (random queries over a random database, against the count of a full match), is exact where it
// can be (a term, an AND of a term with itself), and split_pays follows its thresholds.
#include "searcher/speedup/work_bound.h"

#include <doctest/doctest.h>

#include <xapian.h>

#include <random>
#include <string>
#include <vector>

namespace {

Xapian::doccount matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  return enquire.get_mset(0, db.get_doccount()).size();
}

Xapian::Query random_query(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> pick(0, 9);
  const auto term = [&] { return Xapian::Query("w" + std::to_string(std::uniform_int_distribution<int>(0, 30)(rng))); };
  const int kind = depth >= 3 ? 0 : pick(rng);
  switch (kind) {
    case 0:
    case 1:
      return term();
    case 2:
      return Xapian::Query(Xapian::Query::OP_AND, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 3:
      return Xapian::Query(Xapian::Query::OP_OR, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 4:
      return Xapian::Query(Xapian::Query::OP_AND_NOT, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 5:
      return Xapian::Query(Xapian::Query::OP_FILTER, random_query(rng, depth + 1), term());
    case 6: {
      const std::vector<Xapian::Query> words{term(), term()};
      return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
    }
    case 7:
      return Xapian::Query(Xapian::Query::OP_AND_MAYBE, random_query(rng, depth + 1), random_query(rng, depth + 1));
    case 8:
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "a", "m");
    default:
      return Xapian::Query(2.0, random_query(rng, depth + 1));  // OP_SCALE_WEIGHT
  }
}

}  // namespace

TEST_CASE("match_bound: never below the matches, exact for a term") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(7);
  for (int d = 0; d < 400; ++d) {
    Xapian::Document doc;
    const int words = std::uniform_int_distribution<int>(1, 12)(rng);
    for (int i = 0; i < words; ++i) {
      // Skewed: low-numbered words are common, high ones rare.
      const int w = std::min(std::geometric_distribution<int>(0.15)(rng), 30);
      doc.add_posting("w" + std::to_string(w), static_cast<Xapian::termpos>(i + 1));
    }
    doc.add_value(0, std::string(1, static_cast<char>('a' + d % 26)));
    db.add_document(doc);
  }
  db.commit();
  for (int i = 0; i < 31; ++i) {
    const std::string term = "w" + std::to_string(i);
    CHECK(dossier::match_bound(db, Xapian::Query(term)) == db.get_termfreq(term));
  }
  CHECK(dossier::match_bound(db, Xapian::Query()) == 0);
  CHECK(dossier::match_bound(db, Xapian::Query::MatchAll) == db.get_doccount());
  CHECK(dossier::match_bound(db, Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("w0"), Xapian::Query("w29"))) ==
        std::min(db.get_termfreq("w0"), db.get_termfreq("w29")));
  std::size_t below_all = 0;
  for (int q = 0; q < 2000; ++q) {
    const Xapian::Query query = random_query(rng, 0);
    const Xapian::doccount bound = dossier::match_bound(db, query);
    INFO(query.get_description());
    CHECK(bound >= matches(db, query));
    CHECK(bound <= db.get_doccount());
    if (bound < db.get_doccount()) ++below_all;
  }
  CHECK(below_all > 500);  // the bound says something for most queries
}

TEST_CASE("split_pays: asked threads always; otherwise enough matches, more to start the threads") {
  CHECK(dossier::split_pays(3, false, 0));
  CHECK_FALSE(dossier::split_pays(0, true, dossier::kSplitAbove - 1));
  CHECK(dossier::split_pays(0, true, dossier::kSplitAbove));
  CHECK_FALSE(dossier::split_pays(0, false, dossier::kStartThreadsAbove - 1));
  CHECK(dossier::split_pays(0, false, dossier::kStartThreadsAbove));
  CHECK_FALSE(dossier::split_pays(1, false, 1000000000));  // one thread asked: split_workers() gives none anyway
}

TEST_CASE("split_pays: a long-running process starts the threads for the first search worth splitting") {
  CHECK_FALSE(dossier::split_pays(0, false, dossier::kSplitAbove - 1, dossier::kSplitAbove));
  CHECK(dossier::split_pays(0, false, dossier::kSplitAbove, dossier::kSplitAbove));
  // Never below the threshold of started threads, whatever is asked.
  CHECK_FALSE(dossier::split_pays(0, false, dossier::kSplitAbove - 1, 0));
  CHECK_FALSE(dossier::split_pays(0, false, dossier::kStartThreadsAbove - 1, dossier::kStartThreadsAbove));
}

TEST_CASE("split_pays: another threshold (dossier-bench --split-above)") {
  CHECK_FALSE(dossier::split_pays(0, true, 99, dossier::kStartThreadsAbove, 100));
  CHECK(dossier::split_pays(0, true, 100, dossier::kStartThreadsAbove, 100));
  CHECK(dossier::split_pays(0, false, 100, 100, 100));
  CHECK_FALSE(dossier::split_pays(0, false, 100, dossier::kStartThreadsAbove, 100));  // the threads' start still asks more
  CHECK_FALSE(dossier::split_pays(1, true, 1000000, 0, 100));
}
