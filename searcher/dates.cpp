#include "searcher/dates.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/schema.h"

namespace dossier {

std::string partial_date_value(const std::string& text, bool end_of_period) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    if (text.size() < from + count) return false;
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  };
  if (text.size() == 4 && digits(0, 4)) return text + (end_of_period ? "1231" : "0101");
  if (text.size() == 7 && digits(0, 4) && text[4] == '-' && digits(5, 2)) {
    const int month = std::stoi(text.substr(5, 2));
    if (month < 1 || month > 12) return {};
    return text.substr(0, 4) + text.substr(5, 2) + (end_of_period ? "31" : "01");
  }
  if (text.size() == 10 && digits(0, 4) && text[4] == '-' && digits(5, 2) && text[7] == '-' && digits(8, 2)) {
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) return {};
    return text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
  }
  return {};
}

Xapian::Query date_range_query(const std::string& from, const std::string& to) {
  if (from.empty() || to.empty()) {
    // Open-ended: a value comparison (a term list would need the archive's last or first date).
    if (!from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, to);
  }
  const std::vector<std::string> terms = schema::date_range_terms(from, to);
  if (terms.empty()) return Xapian::Query::MatchNothing;
  // A range of centuries (date:2024..9999) is thousands of year terms: libxapian then builds
  // and walks an OR tree deep enough to run for minutes (found by the query_structure fuzz
  // target). Past a few dozen terms the value comparison selects the same passages.
  constexpr std::size_t kMostDateTerms = 64;
  if (terms.size() > kMostDateTerms) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, from, to);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query date_filter(const std::string& since, const std::string& until) {
  if (since.empty() && until.empty()) return Xapian::Query::MatchAll;
  const std::string from = since.empty() ? "" : partial_date_value(since, false);
  if (!since.empty() && from.empty()) throw UsageError("--since '" + since + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  const std::string to = until.empty() ? "" : partial_date_value(until, true);
  if (!until.empty() && to.empty()) throw UsageError("--until '" + until + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  if (!from.empty() && !to.empty() && from > to) {
    throw UsageError("--since " + since + " is after --until " + until + ": no date is in that range (swap them?)");
  }
  return date_range_query(from, to);
}

}  // namespace dossier
