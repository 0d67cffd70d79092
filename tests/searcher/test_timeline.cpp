#include "searcher/timeline.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/facet_codes.h"
#include "common/schema.h"
#include "common/terminal.h"
#include "corpus_index.h"
#include "searcher/index_reader.h"
#include "searcher/render.h"
#include "searcher/search.h"

using namespace dossier;

TEST_CASE("period_start: the year, the month, the ISO week's Monday and the day of a date") {
  CHECK(period_start("20240307", TimeUnit::Year) == "2024");
  CHECK(period_start("20240307", TimeUnit::Month) == "2024-03");
  CHECK(period_start("20240307", TimeUnit::Day) == "2024-03-07");
  CHECK(period_start("20240307", TimeUnit::Week) == "2024-03-04");  // a Thursday: its Monday
  CHECK(period_start("20240304", TimeUnit::Week) == "2024-03-04");  // a Monday: itself
  CHECK(period_start("20240310", TimeUnit::Week) == "2024-03-04");  // a Sunday: the Monday before
  CHECK(period_start("20230101", TimeUnit::Week) == "2022-12-26");  // a Sunday: the week starts in the year before
  CHECK(period_start("20240229", TimeUnit::Week) == "2024-02-26");
  CHECK(period_start("20000229", TimeUnit::Day) == "2000-02-29");
  CHECK(period_start("19700101", TimeUnit::Week) == "1969-12-29");
  for (const char* bad : {"", "2024030", "202403071", "2024-3-7", "20241301", "20240230", "20230229", "19000229", "2024x307", "20240300"}) {
    CAPTURE(bad);
    CHECK(period_start(bad, TimeUnit::Month).empty());
  }
}

TEST_CASE("next_period steps one period, across months, years and leap days") {
  CHECK(next_period("2024", TimeUnit::Year) == "2025");
  CHECK(next_period("2024-11", TimeUnit::Month) == "2024-12");
  CHECK(next_period("2024-12", TimeUnit::Month) == "2025-01");
  CHECK(next_period("2024-12-30", TimeUnit::Week) == "2025-01-06");
  CHECK(next_period("2024-02-26", TimeUnit::Week) == "2024-03-04");
  CHECK(next_period("2024-02-28", TimeUnit::Day) == "2024-02-29");
  CHECK(next_period("2023-02-28", TimeUnit::Day) == "2023-03-01");
  CHECK(next_period("2024-12-31", TimeUnit::Day) == "2025-01-01");
  // Every day of four years, one step at a time, against period_start of the next date.
  std::string day = "2023-01-01";
  for (int i = 0; i < 4 * 366; ++i) {
    const std::string next = next_period(day, TimeUnit::Day);
    std::string compact = next;
    compact.erase(7, 1);
    compact.erase(4, 1);
    REQUIRE(period_start(compact, TimeUnit::Day) == next);
    CHECK(next > day);
    day = next;
  }
}

TEST_CASE("parse_timeline_request takes a unit and a facet, and names the option when it refuses") {
  const TimelineRequest plain = parse_timeline_request("week", "", "--timeline");
  CHECK(plain.unit == TimeUnit::Week);
  CHECK_FALSE(plain.by_facet.has_value());
  const TimelineRequest by = parse_timeline_request("year", "actor", ":timeline");
  CHECK(by.unit == TimeUnit::Year);
  CHECK(by.by_facet == schema::Facet::Actor);
  CHECK_THROWS_WITH_AS(parse_timeline_request("Month", "", "--timeline"), "--timeline takes year, month, week or day, not 'Month'", UsageError);
  CHECK_THROWS_AS(parse_timeline_request("month", "person", ":timeline"), UsageError);
  for (const char* unit : {"year", "month", "week", "day"}) CHECK(time_unit_name(*parse_time_unit(unit)) == unit);
}

namespace {

// Every matching passage of query read directly: articles per period, and per facet value.
struct Brute {
  std::map<std::string, std::size_t> periods;
  std::map<std::string, std::map<std::string, std::size_t>> by_value;
  std::size_t undated = 0;
};

Brute brute_force(const Xapian::Database& db, const Xapian::Query& query, TimeUnit unit, char facet) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  std::map<std::string, std::string> article_period;
  std::set<std::pair<std::string, std::string>> article_values;
  Brute brute;
  for (auto it = all.begin(); it != all.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const std::string article = doc.get_value(schema::kSlotArticleId);
    const std::string period = period_start(doc.get_value(schema::kSlotDate), unit);
    if (article_period.emplace(article, period).second) {
      if (period.empty()) ++brute.undated;
      else ++brute.periods[period];
    }
    if (period.empty()) continue;
    for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
      if (code.size() > 2 && code[0] == facet && code[1] == ':' && article_values.emplace(article, code.substr(2)).second) {
        ++brute.by_value[code.substr(2)][period];
      }
    }
  }
  return brute;
}

}  // namespace

TEST_CASE("count_timeline equals a brute-force count over every match, for every unit, with and without a facet") {
  IndexReader index(testing::sharded_db());
  const Xapian::Database& db = index.database();
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  for (const char* text : {"nato", "javelin OR drone OR kosovo", "said", "zzzunknown"}) {
    const Xapian::Query query = parser.parse_query(text);
    for (const TimeUnit unit : {TimeUnit::Year, TimeUnit::Month, TimeUnit::Week, TimeUnit::Day}) {
      CAPTURE(text);
      CAPTURE(time_unit_name(unit));
      TimelineRequest request;
      request.unit = unit;
      request.by_facet = schema::Facet::Country;
      const Timeline timeline = count_timeline(TimelineContext{db, index.entities(), nullptr, 0}, query, request);
      const Brute brute = brute_force(db, query, unit, 'C');
      CHECK(timeline.undated == brute.undated);
      std::size_t dated = 0;
      for (const auto& [start, count] : brute.periods) dated += count;
      CHECK(timeline.articles == dated);
      if (brute.periods.empty()) {
        CHECK(timeline.periods.empty());
        continue;
      }
      REQUIRE_FALSE(timeline.periods.empty());
      CHECK(timeline.periods.front().start == brute.periods.begin()->first);
      CHECK(timeline.periods.back().start == brute.periods.rbegin()->first);
      for (std::size_t i = 0; i < timeline.periods.size(); ++i) {
        const TimelinePeriod& period = timeline.periods[i];
        const auto it = brute.periods.find(period.start);
        CHECK(period.articles == (it == brute.periods.end() ? 0 : it->second));
        if (i > 0) CHECK(period.start == next_period(timeline.periods[i - 1].start, unit));  // no period skipped
      }
      CHECK(timeline.rows.size() + timeline.more_values == brute.by_value.size());
      CHECK(timeline.rows.size() <= 8);
      for (const TimelineRow& row : timeline.rows) {
        const auto& per = brute.by_value.at(row.value.id);
        std::size_t total = 0;
        for (std::size_t i = 0; i < timeline.periods.size(); ++i) {
          const auto it = per.find(timeline.periods[i].start);
          CHECK(row.articles.at(i) == (it == per.end() ? 0 : it->second));
          total += row.articles[i];
        }
        CHECK(row.value.count == total);
      }
    }
  }
}

TEST_CASE("a day-by-day timeline too long to print is refused, naming a larger unit") {
  IndexReader index(testing::corpus_db());
  TimelineRequest request;
  request.unit = TimeUnit::Day;
  // The sample archive spans about five years: within kMostPeriods days, but not within 1,000.
  const Xapian::Query all = Xapian::Query::MatchAll;
  CHECK(count_timeline(TimelineContext{index.database(), index.entities(), nullptr, 8}, all, request).periods.size() > 1000);
  CHECK_THROWS_WITH_AS(count_timeline(TimelineContext{index.database(), index.entities(), nullptr, 8, 1000}, all, request),
                       doctest::Contains("use a larger unit than 'day', or --since/--until"), UsageError);
  request.unit = TimeUnit::Month;
  CHECK(count_timeline(TimelineContext{index.database(), index.entities(), nullptr, 8, 1000}, all, request).periods.size() < 100);
}

TEST_CASE("Searcher: --timeline respects the filters and the text fits the width") {
  IndexReader index(testing::corpus_db());
  Searcher searcher(index);
  SearchRequest request;
  request.query = "nato";
  request.timeline = TimelineRequest{TimeUnit::Year, std::nullopt};
  const SearchResult all = searcher.search(request);
  REQUIRE(all.timeline.has_value());
  request.countries = {"RS"};
  const SearchResult serbia = searcher.search(request);
  REQUIRE(serbia.timeline.has_value());
  CHECK(serbia.timeline->articles + serbia.timeline->undated < all.timeline->articles + all.timeline->undated);
  CHECK(serbia.timeline->articles + serbia.timeline->undated == serbia.total);
  for (const std::size_t width : {40u, 80u, 120u}) {
    for (const auto& facet : {std::optional<schema::Facet>{}, std::optional<schema::Facet>{schema::Facet::Actor}}) {
      request.timeline = TimelineRequest{TimeUnit::Month, facet};
      const SearchResult result = searcher.search(request);
      std::ostringstream out;
      TextStyle style;
      style.width = width;
      render_timeline_text(*result.timeline, style, out);
      std::istringstream lines(out.str());
      std::size_t count = 0;
      for (std::string line; std::getline(lines, line); ++count) {
        CAPTURE(line);
        CHECK(display_width(line) <= width);
      }
      CHECK(count >= 2);
    }
  }
}
