#include "bench/dossier_client.h"

#include <doctest/doctest.h>

#include "searcher/corpus_index.h"

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
