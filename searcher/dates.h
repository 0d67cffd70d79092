// Dates in queries and filters: YYYY, YYYY-MM or YYYY-MM-DD, as date terms or a value range on
// schema::kSlotDate.
#pragma once

#include <xapian.h>

#include <string>

namespace dossier {

// "2023", "2023-04", "2023-04-05" -> "YYYYMMDD", padded to the first (or, for an end, the last)
// day of the period; empty when text is not such a date.
std::string partial_date_value(const std::string& text, bool end_of_period);

// Filter on the date slot; either bound may be empty. Throws UsageError for a bad date.
Xapian::Query date_filter(const std::string& since, const std::string& until);

// YYYYMMDD..YYYYMMDD: an OR of date terms when both ends are given (postlists Xapian can skip
// through), else a value comparison; from > to matches nothing.
Xapian::Query date_range_query(const std::string& from, const std::string& to);

}  // namespace dossier
