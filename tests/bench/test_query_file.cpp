#include "bench/query_file.h"

#include <doctest/doctest.h>

#include <sstream>

#include "common/error.h"

using namespace dossier::bench;

TEST_CASE("query files: comments, blank lines, class labels and bad lines") {
  std::istringstream in(
      "# a comment\n"
      "javelin kosovo\n"
      "\n"
      "   \t\n"
      "# class: rare-and\n"
      "  drone AND sabotage  \r\n"
      "bad\x01line\n"
      "bad \xff utf8\n"
      "#class:phrase\n"
      "\"air defence\"\n"
      "# class:\n"
      "country:RS date:2021..2022\n");
  const QueryList list = parse_query_lines(in, "q.txt");
  REQUIRE(list.queries.size() == 4);
  CHECK(list.queries[0].text == "javelin kosovo");
  CHECK(list.queries[0].label == "file");
  CHECK(list.queries[0].origin == "q.txt:2");
  CHECK(list.queries[1].text == "drone AND sabotage");
  CHECK(list.queries[1].label == "rare-and");
  CHECK(list.queries[1].origin == "q.txt:6");
  CHECK(list.queries[2].label == "phrase");
  CHECK(list.queries[3].label == "file");
  REQUIRE(list.skipped.size() == 2);
  CHECK(list.skipped[0].origin == "q.txt:7");
  CHECK(list.skipped[0].message.find("control character") != std::string::npos);
  CHECK(list.skipped[1].origin == "q.txt:8");
  CHECK(list.skipped[1].message.find("invalid UTF-8") != std::string::npos);

  std::istringstream long_line(std::string(kMaxQueryBytes + 1, 'a') + "\n");
  CHECK(parse_query_lines(long_line, "x").skipped.size() == 1);
}

TEST_CASE("written query lists read back with their classes") {
  const std::vector<BenchQuery> queries = {
      {"a", "rare-1", ""}, {"b OR c", "rare-or", ""}, {"d OR e", "rare-or", ""}, {"\"f g\"", "phrase", ""}};
  std::ostringstream out;
  write_query_lines(out, queries, "generated");
  std::istringstream in(out.str());
  const QueryList back = parse_query_lines(in, "w");
  REQUIRE(back.queries.size() == queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    CHECK(back.queries[i].text == queries[i].text);
    CHECK(back.queries[i].label == queries[i].label);
  }
  CHECK(back.skipped.empty());
}

TEST_CASE("a missing query file is an input error") {
  CHECK_THROWS_AS(read_query_file("/nonexistent/queries.txt"), dossier::InputError);
}
