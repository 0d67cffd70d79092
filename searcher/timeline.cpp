#include "searcher/timeline.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "common/error.h"
#include "common/facet_codes.h"
#include "common/schema.h"
#include "searcher/count.h"
#include "searcher/deadline.h"

namespace dossier {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool read_number(std::string_view text, unsigned& out) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
}

std::optional<Civil> parse_yyyymmdd(std::string_view date) {
  unsigned y = 0, m = 0, d = 0;
  if (date.size() != 8 || !read_number(date.substr(0, 4), y) || !read_number(date.substr(4, 2), m) ||
      !read_number(date.substr(6, 2), d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Civil{y, m, d};
}

std::string day_string(const Civil& c) { return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d); }

// Reads every match: each article once, in its date's period; per facet value, each article once.
class TimelineSpy : public Xapian::MatchSpy {
 public:
  TimelineSpy(TimeUnit unit, std::optional<schema::Facet> facet, const Deadline* deadline)
      : unit_(unit), deadline_(deadline) {
    if (facet) prefix_ = std::string(1, static_cast<char>(*facet)) + ":";
  }

  void operator()(const Xapian::Document& doc, double) override {
    if (deadline_ != nullptr && (++seen_ & 4095) == 0) deadline_->check();
    const std::string article = doc.get_value(schema::kSlotArticleId);
    auto [at, added] = period_of_article_.try_emplace(article, std::string());
    if (added) {
      at->second = period_start(doc.get_value(schema::kSlotDate), unit_);
      if (at->second.empty()) ++undated;
      else ++periods[at->second];
    }
    if (prefix_.empty() || at->second.empty()) return;
    for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
      if (code.compare(0, prefix_.size(), prefix_) != 0) continue;
      const std::string value = code.substr(prefix_.size());
      if (article_values_.insert(article + '\x1f' + value).second) ++by_value[value][at->second];
    }
  }

  std::map<std::string, std::size_t> periods;                              // period start -> articles
  std::map<std::string, std::map<std::string, std::size_t>> by_value;    // value -> period -> articles
  std::size_t undated = 0;

 private:
  TimeUnit unit_;
  const Deadline* deadline_;
  std::string prefix_;  // "C:" with --by-facet country; empty without
  std::size_t seen_ = 0;
  std::unordered_map<std::string, std::string> period_of_article_;  // empty: undated
  std::unordered_set<std::string> article_values_;                  // article id, '\x1f', value
};

}  // namespace

std::optional<TimeUnit> parse_time_unit(std::string_view text) {
  if (text == "year") return TimeUnit::Year;
  if (text == "month") return TimeUnit::Month;
  if (text == "week") return TimeUnit::Week;
  if (text == "day") return TimeUnit::Day;
  return std::nullopt;
}

std::string_view time_unit_name(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Year: return "year";
    case TimeUnit::Month: return "month";
    case TimeUnit::Week: return "week";
    case TimeUnit::Day: return "day";
  }
  return "month";
}

TimelineRequest parse_timeline_request(std::string_view unit, std::string_view by_facet, std::string_view option) {
  const std::optional<TimeUnit> parsed = parse_time_unit(unit);
  if (!parsed) throw UsageError(fmt::format("{} takes year, month, week or day, not '{}'", option, unit));
  TimelineRequest request;
  request.unit = *parsed;
  if (!by_facet.empty()) {
    schema::Facet facet;
    if (!schema::parse_facet_name(by_facet, facet)) {
      throw UsageError(fmt::format("{}: a timeline per facet value takes country, actor or weapon, not '{}'", option, by_facet));
    }
    request.by_facet = facet;
  }
  return request;
}

std::string period_start(std::string_view yyyymmdd, TimeUnit unit) {
  const std::optional<Civil> date = parse_yyyymmdd(yyyymmdd);
  if (!date) return {};
  switch (unit) {
    case TimeUnit::Year: return fmt::format("{:04}", date->y);
    case TimeUnit::Month: return fmt::format("{:04}-{:02}", date->y, date->m);
    case TimeUnit::Day: return day_string(*date);
    case TimeUnit::Week: {
      // ISO weeks start on Monday; 1970-01-01 was a Thursday (3 days after a Monday).
      const std::int64_t days = days_from_civil(date->y, date->m, date->d);
      const std::int64_t since_monday = ((days + 3) % 7 + 7) % 7;
      return day_string(civil_from_days(days - since_monday));
    }
  }
  return {};
}

std::string next_period(std::string_view start, TimeUnit unit) {
  unsigned y = 0, m = 1, d = 1;
  read_number(start.substr(0, 4), y);
  if (start.size() >= 7) read_number(start.substr(5, 2), m);
  if (start.size() >= 10) read_number(start.substr(8, 2), d);
  switch (unit) {
    case TimeUnit::Year: return fmt::format("{:04}", y + 1);
    case TimeUnit::Month: return m == 12 ? fmt::format("{:04}-01", y + 1) : fmt::format("{:04}-{:02}", y, m + 1);
    case TimeUnit::Week: return day_string(civil_from_days(days_from_civil(y, m, d) + 7));
    case TimeUnit::Day: return day_string(civil_from_days(days_from_civil(y, m, d) + 1));
  }
  return {};
}

Timeline count_timeline(const TimelineContext& context, const Xapian::Query& query, const TimelineRequest& request) {
  TimelineSpy spy(request.unit, request.by_facet, context.deadline);
  Xapian::Enquire enquire(context.db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, context.db.get_doccount());  // every match through the spy, none ranked

  Timeline timeline;
  timeline.unit = request.unit;
  timeline.undated = spy.undated;
  if (!spy.periods.empty()) {
    const std::string last = spy.periods.rbegin()->first;
    for (std::string start = spy.periods.begin()->first;; start = next_period(start, request.unit)) {
      if (timeline.periods.size() >= context.most_periods) {
        throw UsageError(fmt::format("the timeline would have more than {} periods ({} to {}); use a larger unit than '{}', or --since/--until",
                                     context.most_periods, spy.periods.begin()->first, last, time_unit_name(request.unit)));
      }
      const auto count = spy.periods.find(start);
      timeline.periods.push_back({start, count == spy.periods.end() ? 0 : count->second});
      timeline.articles += timeline.periods.back().articles;
      if (start >= last) break;
    }
  }
  if (!request.by_facet) return timeline;

  timeline.facet = std::string(schema::facet_name(*request.by_facet));
  // The rows are chosen as the facet counts choose their values: by articles, then name.
  std::map<std::string, std::size_t> totals;
  for (const auto& [id, per_period] : spy.by_value) {
    std::size_t& articles = totals[id];
    for (const auto& [start, count] : per_period) articles += count;
  }
  FacetSummary summary = summarise(totals, *request.by_facet, context.entities, context.facet_top == 0 ? 8 : context.facet_top, {});
  timeline.more_values = summary.more;
  for (FacetValue& value : summary.values) {
    TimelineRow row;
    const auto& per_period = spy.by_value.at(value.id);
    row.articles.reserve(timeline.periods.size());
    for (const TimelinePeriod& period : timeline.periods) {
      const auto count = per_period.find(period.start);
      row.articles.push_back(count == per_period.end() ? 0 : count->second);
    }
    row.value = std::move(value);
    timeline.rows.push_back(std::move(row));
  }
  return timeline;
}

}  // namespace dossier
