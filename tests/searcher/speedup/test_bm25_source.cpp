#include "searcher/speedup/bm25_source.h"

#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "common/schema.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"

using namespace dossier;

namespace {

Xapian::Query parse(Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.add_boolean_prefix("country", std::string(schema::kPrefixCountry));
  return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_LOVEHATE |
                                      Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_WILDCARD);
}

std::string source(const std::string& term) { return "PostingSource(Bm25Source(" + term + "))"; }

// docid -> weight of every match, best first, through one Enquire.
std::vector<std::pair<Xapian::docid, double>> ranked(Xapian::Database& db, const Xapian::Query& query,
                                                     Xapian::doccount wanted, Xapian::valueno collapse = Xapian::BAD_VALUENO) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(bm25_weight(Bm25Params{}));
  if (collapse != Xapian::BAD_VALUENO) enquire.set_collapse_key(collapse);
  std::vector<std::pair<Xapian::docid, double>> out;
  const Xapian::MSet mset = enquire.get_mset(0, wanted);
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

}  // namespace

// Golden rewrites: which leaves become sources, and which stay Xapian's.
TEST_CASE("with_bm25_sources replaces the plainly weighted words only") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  const Bm25Params params;
  struct Case {
    const char* query;
    std::string rewritten;  // "" : unchanged
  };
  const Case cases[] = {
      {"army", "Query(" + source("Zarmi") + ")"},
      {"army minister", "Query((" + source("Zarmi") + " OR " + source("Zminist") + "))"},
      {"army AND minister", "Query((" + source("Zarmi") + " AND " + source("Zminist") + "))"},
      {"+army minister", "Query((" + source("Zarmi") + " AND_MAYBE " + source("Zminist") + "))"},
      {"army -minister", "Query((" + source("Zarmi") + " AND_NOT Zminist@2))"},
      {"army country:RU", "Query((" + source("Zarmi") + " FILTER " + std::string(schema::kPrefixCountry) + "RU))"},
      {"\"the army\" minister", "Query(((Zthe@1 PHRASE 2 Zarmi@2) OR " + source("Zminist") + "))"},
      {"army NEAR minister", ""},
      {"zzzunknown", ""},       // in no document: left as it is
      {"country:RU", ""},       // boolean only
      {"arm*", ""},             // a wildcard's statistics are combined
  };
  for (const Case& c : cases) {
    const std::string text = c.query;
    CAPTURE(text);
    const Xapian::Query query = parse(db, c.query);
    const Xapian::Query out = with_bm25_sources(query, db, params);
    CHECK(out.get_description() == (c.rewritten.empty() ? query.get_description() : c.rewritten));
  }
  // A leaf whose wqf is not 1, and a scaled one: Xapian's (the public API cannot read either).
  const Xapian::Query heavy("Zarmi", 2, 1);
  CHECK(with_bm25_sources(heavy, db, params).get_description() == heavy.get_description());
  const Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Zarmi"), 2.0);
  CHECK(with_bm25_sources(scaled, db, params).get_description() == scaled.get_description());
}

// The reference is Xapian's own BM25Weight over the same query: the weights must be the same to
// the last bit, so the hits and their order are too.
TEST_CASE("Bm25Source weights equal Xapian's BM25Weight exactly, over shards, with and without the collapse") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  const char* queries[] = {"said",
                           "army",
                           "arms export",
                           "javelin missiles",
                           "minister OR army OR border",
                           "army AND minister",
                           "+army minister troops",
                           "army -minister",
                           "\"the army\" border",
                           "army country:RU",
                           "the said army minister border troops weapons government"};
  for (const std::string text : queries) {
    const Xapian::Query query = parse(db, text);
    const Xapian::Query sources = with_bm25_sources(query, db, Bm25Params{});
    CHECK(sources.get_description() != query.get_description());
    for (const Xapian::valueno collapse : {Xapian::BAD_VALUENO, Xapian::valueno(schema::kSlotArticleId)}) {
      for (const Xapian::doccount wanted : {1u, 10u, 100000u}) {
        CAPTURE(text);
        CAPTURE(collapse);
        CAPTURE(wanted);
        const auto reference = ranked(db, query, wanted, collapse);
        const auto result = ranked(db, sources, wanted, collapse);
        REQUIRE(result.size() == reference.size());
        for (std::size_t i = 0; i < reference.size(); ++i) {
          CHECK(result[i].first == reference[i].first);
          CHECK(result[i].second == reference[i].second);  // bit for bit
        }
      }
    }
  }
}

TEST_CASE("Bm25Source with other k1 and b, and counting every match with a spy, as Xapian does") {
  IndexReader index(testing::sharded_db());
  Xapian::Database& db = index.database();
  const Bm25Params params{2.0, 0.3};
  const Xapian::Query query = parse(db, "army minister said");
  const Xapian::Query sources = with_bm25_sources(query, db, params);
  std::vector<std::pair<Xapian::docid, double>> results[2];
  std::size_t counted[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    Xapian::Enquire enquire(db);
    enquire.set_query(k == 0 ? query : sources);
    enquire.set_weighting_scheme(bm25_weight(params));
    Xapian::ValueCountMatchSpy spy(schema::kSlotArticleId);
    enquire.add_matchspy(&spy);
    const Xapian::MSet mset = enquire.get_mset(0, 5, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) results[k].emplace_back(*it, it.get_weight());
    counted[k] = spy.get_total();
  }
  CHECK(counted[1] == counted[0]);  // a spy still sees every match: no posting passed over
  CHECK(counted[0] > 10);
  REQUIRE(results[1].size() == results[0].size());
  for (std::size_t i = 0; i < results[0].size(); ++i) {
    CHECK(results[1][i].first == results[0][i].first);
    CHECK(results[1][i].second == results[0][i].second);
  }
}

// Against a naive reference: every posting of the word with its weight from Xapian, filtered
// by the minimum weight. One shard, so that the source's docids are the database's.
TEST_CASE("Bm25Source passes over exactly the postings below the minimum weight the matcher asks for") {
  IndexReader index(testing::corpus_db());
  Xapian::Database& db = index.database();
  const std::string term = "Zsaid";
  std::map<Xapian::docid, double> naive;
  for (const auto& [docid, weight] : ranked(db, Xapian::Query(term), db.get_doccount())) naive[docid] = weight;
  REQUIRE(naive.size() > 20);
  double highest = 0;
  for (const auto& [docid, weight] : naive) highest = std::max(highest, weight);
  for (const double min_wt : {0.0, highest * 0.5, highest * 0.9, highest, highest * 2}) {
    CAPTURE(min_wt);
    Bm25Source bm25(bm25_term(db, term, Bm25Params{}));
    bm25.init(db);
    CHECK(bm25.get_maxweight() >= highest);
    std::vector<Xapian::docid> seen;
    for (bm25.next(min_wt); !bm25.at_end(); bm25.next(min_wt)) {
      seen.push_back(bm25.get_docid());
      CHECK(bm25.get_weight() == naive.at(bm25.get_docid()));
    }
    std::vector<Xapian::docid> expected;
    for (const auto& [docid, weight] : naive) {
      if (weight >= min_wt) expected.push_back(docid);
    }
    CHECK(seen == expected);
  }
  // skip_to: to the first posting at or after the docid, then on past weak ones.
  Bm25Source bm25(bm25_term(db, term, Bm25Params{}));
  bm25.init(db);
  const Xapian::docid middle = std::next(naive.begin(), static_cast<std::ptrdiff_t>(naive.size() / 2))->first;
  bm25.skip_to(middle, 0);
  REQUIRE(!bm25.at_end());
  CHECK(bm25.get_docid() == middle);
  bm25.skip_to(middle, 0);  // not backwards, not on
  CHECK(bm25.get_docid() == middle);
  bm25.skip_to(db.get_lastdocid() + 1, 0);
  CHECK(bm25.at_end());
}

TEST_CASE("Bm25Source on a database without a length table asks Xapian for each length") {
  Xapian::WritableDatabase memory = Xapian::InMemory::open();
  for (int words : {2, 9, 4, 30}) {
    Xapian::Document doc;
    doc.add_term("Zarmi");
    for (int i = 0; i < words; ++i) doc.add_term("w" + std::to_string(i));
    memory.add_document(doc);
  }
  Xapian::Database db = memory;
  const auto reference = ranked(db, Xapian::Query("Zarmi"), 10);
  const auto result = ranked(db, with_bm25_sources(Xapian::Query("Zarmi"), db, Bm25Params{}), 10);
  REQUIRE(result.size() == 4);
  REQUIRE(reference.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(result[i].first == reference[i].first);
    CHECK(result[i].second == reference[i].second);
  }
}
