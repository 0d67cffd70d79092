#include "bench/baseline_query.h"

#include <doctest/doctest.h>

#include "bench/harness.h"

using namespace dossier::bench;

TEST_CASE("dates pad to the first or last day of their period") {
  CHECK(pad_date("2021", false) == "20210101");
  CHECK(pad_date("2021", true) == "20211231");
  CHECK(pad_date("2021-03", false) == "20210301");
  CHECK(pad_date("2021-03", true) == "20210331");
  CHECK(pad_date("2021-03-04", true) == "20210304");
  CHECK_FALSE(pad_date("21", false));
  CHECK_FALSE(pad_date("2021-3", false));
  CHECK_FALSE(pad_date("March", false));

  CHECK(date_bounds("2021..2022-06") == std::make_pair(std::string("20210101"), std::string("20220631")));
  CHECK(date_bounds("2021") == std::make_pair(std::string("20210101"), std::string("20211231")));
  CHECK(date_bounds("..2020") == std::make_pair(std::string(), std::string("20201231")));
  CHECK(date_bounds("2019..") == std::make_pair(std::string("20190101"), std::string()));
  CHECK_FALSE(date_bounds(".."));
  CHECK_FALSE(date_bounds("2019..x"));
}

TEST_CASE("filters are split off the words") {
  const SplitQuery q = split_filters("kaja OR cooperation weapon:MANPADS country:rs date:2024-05..2024-12");
  CHECK(q.text == "kaja OR cooperation");
  REQUIRE(q.facets.size() == 2);
  CHECK(q.facets[0].facet == 'W');
  CHECK(q.facets[0].id == "manpads");
  CHECK(q.facets[1].facet == 'C');
  CHECK(q.facets[1].id == "RS");
  CHECK(q.has_date);
  CHECK(q.date_from == "20240501");
  CHECK(q.date_to == "20241231");

  const SplitQuery phrase = split_filters("\"country: of origin\" actor:nato");
  CHECK(phrase.text == "\"country: of origin\"");
  CHECK(phrase.facets.size() == 1);
  CHECK_FALSE(phrase.has_date);

  CHECK_THROWS_AS(split_filters("title:javelin"), BenchQueryError);
  CHECK_THROWS_AS(split_filters("x date:yesterday"), BenchQueryError);
  CHECK_THROWS_AS(split_filters("x date:2020 date:2021"), BenchQueryError);
  CHECK_THROWS_AS(split_filters("x country:"), BenchQueryError);
}

TEST_CASE("FTS5 expressions keep Dossier's meaning") {
  CHECK(fts5_match_expression("javelin") == "\"javelin\"");
  CHECK(fts5_match_expression("javelin kosovo") == "\"javelin\" OR \"kosovo\"");
  CHECK(fts5_match_expression("a AND b AND c") == "\"a\" AND \"b\" AND \"c\"");
  CHECK(fts5_match_expression("\"air defence\" nato") == "\"air defence\" OR \"nato\"");
  CHECK(fts5_match_expression("(a OR b) c") == "( \"a\" OR \"b\" ) OR \"c\"");
  CHECK(fts5_match_expression("a NOT b") == "\"a\" NOT \"b\"");
  CHECK(fts5_match_expression("javel*") == "\"javel\"*");
  CHECK(fts5_match_expression("\"unclosed") == "\"unclosed\"");
  CHECK_THROWS_AS(fts5_match_expression(""), BenchQueryError);
  CHECK_THROWS_AS(fts5_match_expression("a NEAR b"), BenchQueryError);
  CHECK_THROWS_AS(fts5_match_expression("-a b"), BenchQueryError);
}
