#include "searcher/speedup/split_rank.h"

#include <doctest/doctest.h>

#include <utility>

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
