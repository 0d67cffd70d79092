#include "bench/dossier_client.h"

#include <doctest/doctest.h>

#include "common/error.h"
#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"

using namespace dossier;
using namespace dossier::bench;

TEST_CASE("the Dossier client does what each mode says") {
  const SearchRequest top = bench_request("nato", BenchMode::Top10);
  CHECK(top.limit == 10);
  CHECK_FALSE(top.count_facets);
  CHECK_FALSE(top.make_snippets);
  CHECK_FALSE(top.collect_matched_terms);
  CHECK(bench_request("nato", BenchMode::Facets).count_facets);
  CHECK_FALSE(bench_request("nato", BenchMode::Facets).make_snippets);
  CHECK(bench_request("nato", BenchMode::Full).make_snippets);
  CHECK_FALSE(bench_request("nato", BenchMode::Facets).count_policy.exact);
  CHECK(bench_request("nato", BenchMode::Facets, CountPolicy{.exact = true}).count_policy.exact);

  DossierClient client(testing::corpus_db());
  const BenchQuery query{"kosovo OR serbia", "x", "t:1"};
  client.run(query, BenchMode::Top10);
  CHECK(client.last_hits() == 10);
  CHECK_FALSE(client.last_had_facets());
  CHECK_FALSE(client.last_had_snippets());
  client.run(query, BenchMode::Facets);
  CHECK(client.last_had_facets());
  CHECK_FALSE(client.last_had_snippets());
  client.reopen();
  client.run(query, BenchMode::Full);
  CHECK(client.last_had_facets());
  CHECK(client.last_had_snippets());

  CHECK_THROWS_AS(client.run({"\"unclosed", "x", "t:2"}, BenchMode::Top10), BenchQueryError);
  CHECK_THROWS_AS(client.run({"country:Atlantis", "x", "t:3"}, BenchMode::Top10), BenchQueryError);
  CHECK_THROWS_AS(DossierClient("/nonexistent/db"), DatabaseError);
}

TEST_CASE("--without leaves out each per-query extra of a search, and nothing else") {
  const SearchRequest full = bench_request("nato", BenchMode::Top10);
  CHECK(full.collapse_copies);
  CHECK(full.entity_words);
  CHECK(full.suggest_spelling);
  const SearchRequest bare = bench_request("nato", BenchMode::Top10, {}, parse_without("copies,entity-words,suggest"));
  CHECK_FALSE(bare.collapse_copies);
  CHECK_FALSE(bare.entity_words);
  CHECK_FALSE(bare.suggest_spelling);
  CHECK(bare.limit == full.limit);
  CHECK_FALSE(parse_without("suggest").suggest_spelling);
  CHECK(parse_without("suggest").entity_words);
  for (const char* bad : {"", "copies,", "snippets", "copies,,suggest"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_without(bad), UsageError);
  }
}

TEST_CASE("without the extras a search still finds what it found, minus what each extra adds") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  SearchRequest request;
  request.query = "javelln kosovo";  // a misspelt word: "did you mean"
  const SearchResult with = searcher.search(request);
  CHECK_FALSE(with.suggestion.empty());
  request.suggest_spelling = false;
  const SearchResult without = searcher.search(request);
  CHECK(without.suggestion.empty());
  CHECK(without.total == with.total);
  // "NATO" names an actor: without entity words only the word itself matches.
  request.query = "NATO";
  request.suggest_spelling = true;
  const SearchResult named = searcher.search(request);
  request.entity_words = false;
  const SearchResult literal = searcher.search(request);
  CHECK(literal.total <= named.total);
  CHECK(named.parsed.find("XA:nato") != std::string::npos);
  CHECK(literal.parsed.find("XA:nato") == std::string::npos);
}
