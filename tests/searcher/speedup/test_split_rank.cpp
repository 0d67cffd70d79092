#include "searcher/speedup/split_rank.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"

using namespace dossier;

TEST_CASE("merge_ranked: weight descending, equal weights by docid, the best `wanted`, bounds summed") {
  RankedMatch a{{{4, 3.0, ""}, {9, 1.0, ""}}, 10, 8, 12};
  RankedMatch b{{{2, 3.0, ""}, {5, 2.0, ""}, {7, 0.5, ""}}, 5, 5, 5};
  const RankedMatch merged = merge_ranked({a, b}, 4);
  REQUIRE(merged.docs.size() == 4);
  CHECK(merged.docs[0].docid == 2);  // tie at 3.0: the lower docid first, as Xapian orders them
  CHECK(merged.docs[1].docid == 4);
  CHECK(merged.docs[2].docid == 5);
  CHECK(merged.docs[3].docid == 9);
  CHECK(merged.estimated == 15);
  CHECK(merged.lower_bound == 13);
  CHECK(merged.upper_bound == 17);
  CHECK(merge_ranked({}, 10).docs.empty());
}

TEST_CASE("merge_ranked: the first of each collapse key only, still the best `wanted`") {
  // Copies of one article live in different shards, so one copy label can head two partitions' lists.
  RankedMatch a{{{4, 3.0, "g1"}, {9, 1.0, "g2"}}, 2, 2, 2};
  RankedMatch b{{{2, 2.5, "g1"}, {5, 2.0, "g3"}, {7, 0.5, "g2"}}, 3, 3, 3};
  const RankedMatch merged = merge_ranked({a, b}, 3);
  REQUIRE(merged.docs.size() == 3);
  CHECK(merged.docs[0].docid == 4);
  CHECK(merged.docs[1].docid == 5);
  CHECK(merged.docs[2].docid == 9);
  CHECK(merge_ranked({a, b}, 10).docs.size() == 3);
}

// The reference: one Enquire over the whole database, as Searcher ranks without threads.
TEST_CASE("rank_split gives the single match's hits and weights, with and without the article collapse") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  const Xapian::BM25Weight weighting(1.2, 0, 1, 0.75, 0.5);
  for (const char* text : {"said", "arms export", "javelin missiles", "minister OR army OR border", "\"the army\"", "zzzunknown"}) {
    const Xapian::Query query = parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    for (const Xapian::valueno collapse : {Xapian::BAD_VALUENO, Xapian::valueno(schema::kSlotArticleId)}) {
      for (const Xapian::doccount wanted : {1u, 10u, 1000u}) {
        CAPTURE(text);
        CAPTURE(collapse);
        CAPTURE(wanted);
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(weighting);
        if (collapse != Xapian::BAD_VALUENO) enquire.set_collapse_key(collapse);
        const Xapian::MSet reference = enquire.get_mset(0, wanted);
        for (const auto& [partitions, held] : {std::pair{2u, false}, std::pair{3u, false}, std::pair{3u, true}}) {
          CAPTURE(partitions);
          CAPTURE(held);  // held: no worker gets a core, the caller ranks every partition itself
          SplitWorkers workers(partitions, [&] { return Xapian::Database(testing::sharded_db()); });
          workers.hold_workers_for_test(held);
          const RankedMatch split = rank_split(workers, db, {query.serialise(), &weighting, collapse, wanted});
          REQUIRE(split.docs.size() == reference.size());
          std::size_t i = 0;
          for (auto it = reference.begin(); it != reference.end(); ++it, ++i) {
            CHECK(split.docs[i].docid == *it);
            CHECK(split.docs[i].weight == doctest::Approx(it.get_weight()).epsilon(1e-12));
          }
          if (wanted == 1000u) {  // every match seen: the bounds are exact
            CHECK(split.lower_bound == reference.get_matches_lower_bound());
            CHECK(split.upper_bound == reference.get_matches_upper_bound());
          }
        }
      }
    }
  }
}

TEST_CASE("rank_split with a minimum weight gives the single match's hits at or above it") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  // The archive's most frequent words ("Z" + stem), so that many articles match.
  std::vector<std::pair<Xapian::doccount, std::string>> words;
  for (auto it = db.allterms_begin("Z"); it != db.allterms_end("Z"); ++it) words.emplace_back(it.get_termfreq(), *it);
  std::sort(words.rbegin(), words.rend());
  REQUIRE(words.size() >= 3);
  const Xapian::BM25Weight weighting(1.2, 0, 1, 0.75, 0.5);
  const Bm25Params params;
  const std::vector<std::string> three{words[0].second, words[1].second, words[2].second};
  for (const Xapian::Query& query : {Xapian::Query(words[0].second), Xapian::Query(Xapian::Query::OP_OR, three.begin(), three.end()),
                                     Xapian::Query(Xapian::Query::OP_AND, three.begin(), three.end())}) {
    Xapian::Enquire all(db);
    all.set_query(query);
    all.set_weighting_scheme(weighting);
    all.set_collapse_key(schema::kSlotArticleId);
    const Xapian::MSet every = all.get_mset(0, 1000);
    REQUIRE(every.size() >= 2);
    // The weight of the middle hit: about half the articles reach it.
    const double cutoff = every[every.size() / 2].get_weight();
    std::size_t expected = 0;
    for (auto it = every.begin(); it != every.end(); ++it) expected += it.get_weight() >= cutoff ? 1 : 0;
    for (const bool sources : {false, true}) {
      CAPTURE(query.get_description());
      CAPTURE(sources);
      SplitWorkers workers(2, [&] { return Xapian::Database(testing::sharded_db()); });
      const RankRequest request{query.serialise(), &weighting, schema::kSlotArticleId, 1000, sources ? &params : nullptr, cutoff};
      const RankedMatch split = rank_split(workers, db, request);
      REQUIRE(split.docs.size() == expected);
      CHECK(expected < every.size());
      std::size_t i = 0;
      for (auto it = every.begin(); i < expected; ++it, ++i) {
        CHECK(split.docs[i].docid == *it);
        CHECK(split.docs[i].weight == doctest::Approx(it.get_weight()).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("rank_split over the article shards gives the single match's hits and weights") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& articles = *index.articles();
  std::vector<std::pair<Xapian::doccount, std::string>> words;
  for (auto it = articles.allterms_begin("Z"); it != articles.allterms_end("Z"); ++it) words.emplace_back(it.get_termfreq(), *it);
  std::sort(words.rbegin(), words.rend());
  REQUIRE(words.size() >= 3);
  const std::vector<std::string> three{words[0].second, words[1].second, words[2].second};
  const Xapian::BM25Weight weighting(2, 0, 1, 0.5, 0.5);
  const Bm25Params params{2, 0.5, 0.5};
  for (const Xapian::Query& query : {Xapian::Query(words[0].second), Xapian::Query(Xapian::Query::OP_OR, three.begin(), three.end())}) {
    Xapian::Enquire enquire(articles);
    enquire.set_query(query);
    enquire.set_weighting_scheme(weighting);
    const Xapian::MSet reference = enquire.get_mset(0, 5);
    REQUIRE(reference.size() == 5);
    for (const bool sources : {false, true}) {
      for (const bool held : {false, true}) {
        CAPTURE(query.get_description());
        CAPTURE(sources);
        CAPTURE(held);
        SplitWorkers workers(2, [] { return Xapian::Database(testing::sharded_db()); }, [&] { return index.open_articles_copy(); });
        workers.hold_workers_for_test(held);
        RankRequest request{query.serialise(), &weighting, Xapian::BAD_VALUENO, 5, sources ? &params : nullptr};
        request.articles = true;
        const RankedMatch split = rank_split(workers, articles, request);
        REQUIRE(split.docs.size() == reference.size());
        std::size_t i = 0;
        for (auto it = reference.begin(); it != reference.end(); ++it, ++i) {
          CHECK(split.docs[i].docid == *it);
          CHECK(split.docs[i].weight == doctest::Approx(it.get_weight()).epsilon(1e-12));
        }
      }
    }
  }
}
