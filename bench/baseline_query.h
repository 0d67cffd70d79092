// What the baselines need of dossier-search's query language, without Dossier's code: the facet
// filters (by id) and date ranges split off the words, and the words turned into an FTS5 MATCH
// expression with Dossier's meaning (adjacent terms are OR'ed, as with --match any).
// The Xapian baseline lets Xapian's own QueryParser read the words and uses only the date part.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier::bench {

struct FacetFilter {
  char facet = 'C';  // 'C' country, 'A' actor, 'W' weapon: the letters of Dossier's facet codes
  std::string id;    // country ids upper case, others lower case, as the index holds them
};

struct SplitQuery {
  std::string text;                  // the query without its filters
  std::vector<FacetFilter> facets;   // AND-ed (Dossier ANDs filters of different facets)
  std::string date_from, date_to;    // YYYYMMDD; either may be empty (open range)
  bool has_date = false;
};

// "2021" / "2021-03" / "2021-03-04" -> "YYYYMMDD" (the first day of the period, or with
// end_of_period a day that compares >= every day of it, e.g. "20210331"); nullopt otherwise.
std::optional<std::string> pad_date(std::string_view text, bool end_of_period);

// "2021..2022-06", "2021", "..2020", "2019.." -> (from, to), empty for an open end; nullopt when
// the value is not a date or a range of dates.
std::optional<std::pair<std::string, std::string>> date_bounds(std::string_view value);

// Throws BenchQueryError for what the baselines cannot express: other fields (title:, kind:,
// focus:, ...), a bad date, two date filters.
SplitQuery split_filters(const std::string& query);

// The words of a query as an FTS5 expression: each word quoted ("word", a prefix "word"*),
// phrases kept, AND/OR/NOT and parentheses kept, OR between adjacent terms. Throws
// BenchQueryError for operators FTS5 has no equivalent of (NEAR, XOR, +word, -word) and for a
// query without words.
std::string fts5_match_expression(const std::string& text);

}  // namespace dossier::bench
