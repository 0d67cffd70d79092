#include "searcher/request_options.h"

#include <doctest/doctest.h>

#include "common/error.h"

using namespace dossier;

TEST_CASE("parse_sort_order: one rule for --sort and :sort, the message naming the caller's option") {
  CHECK(parse_sort_order("relevance", "--sort") == SortOrder::Relevance);
  CHECK(parse_sort_order("date", "--sort") == SortOrder::DateAscending);
  CHECK(parse_sort_order("-date", ":sort") == SortOrder::DateDescending);
  CHECK_THROWS_WITH_AS(parse_sort_order("newest", "--sort"), "--sort must be relevance, date or -date, not 'newest'", UsageError);
  CHECK_THROWS_WITH_AS(parse_sort_order("", ":sort"), ":sort must be relevance, date or -date, not ''", UsageError);
}

TEST_CASE("parse_by_passage: article or passage") {
  CHECK_FALSE(parse_by_passage("article", "--by"));
  CHECK(parse_by_passage("passage", ":by"));
  CHECK_THROWS_WITH_AS(parse_by_passage("hit", "--by"), "--by must be 'article' or 'passage', not 'hit'", UsageError);
}

TEST_CASE("check_limit: 1 to kMaxLimit everywhere") {
  CHECK(check_limit(1, "--limit") == 1);
  CHECK(check_limit(kMaxLimit, ":limit") == kMaxLimit);
  CHECK_THROWS_WITH_AS(check_limit(0, "--limit"), "--limit must be 1 to 10000", UsageError);
  CHECK_THROWS_WITH_AS(check_limit(kMaxLimit + 1, ":limit"), ":limit must be 1 to 10000", UsageError);
}

TEST_CASE("describe_query_error: position, reason and hint on one sanitised line") {
  const QueryError with_hint(3, "unclosed quote", "close the phrase with a second \"");
  const std::string text = describe_query_error(with_hint);
  CHECK(text.find("unclosed quote") != std::string::npos);
  CHECK(text.find(" (hint: close the phrase") != std::string::npos);
  const QueryError hostile(0, "bad \x1b[31mword", "");
  const std::string clean = describe_query_error(hostile);
  CHECK(clean.find('\x1b') == std::string::npos);
  CHECK(clean.find("(hint:") == std::string::npos);
}

TEST_CASE("parse_on_off: on or off, for :exact and :copies") {
  CHECK(parse_on_off("on", ":copies"));
  CHECK_FALSE(parse_on_off("off", ":exact"));
  CHECK_THROWS_WITH_AS(parse_on_off("yes", ":copies"), ":copies takes on or off", UsageError);
  CHECK_THROWS_WITH_AS(parse_on_off("", ":exact"), ":exact takes on or off", UsageError);
}
