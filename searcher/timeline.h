// --timeline: the matching articles counted per period of their date (year, month, ISO week or
// day), over every match, with the search's filters; optionally per value of one facet (the top
// values by matching articles), so that "who talked about drones, when" is one command.
//
// An article has one date (every passage carries it in schema::kSlotDate), so an article is
// counted once, in its date's period; articles without a date are counted apart (undated). Per
// facet value, an article counts for a value when one of its matching passages carries it, as
// the facet counts do. The counts are always exact: every match is read.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/entity_table.h"
#include "searcher/request.h"
#include "searcher/result.h"

namespace dossier {

class Deadline;

// "year", "month", "week", "day"; nullopt for anything else.
std::optional<TimeUnit> parse_time_unit(std::string_view text);
std::string_view time_unit_name(TimeUnit unit);
// A timeline as the command line (--timeline UNIT --by-facet FACET) or the interactive session
// (:timeline UNIT [FACET]) asks for it; by_facet empty for none. Throws UsageError naming
// `option` and what it takes.
TimelineRequest parse_timeline_request(std::string_view unit, std::string_view by_facet, std::string_view option);

// The start of the period a YYYYMMDD date falls in: "2024", "2024-03", the Monday of its ISO
// week "2024-03-04", or the day "2024-03-07". Empty for anything but 8 digits of a real date.
std::string period_start(std::string_view yyyymmdd, TimeUnit unit);
// The start of the period after one that starts at `start` (as period_start writes it).
std::string next_period(std::string_view start, TimeUnit unit);

// Periods one timeline may hold (a day-by-day timeline of a century would print 36,525 lines):
// beyond it count_timeline throws UsageError, naming a larger unit or --since/--until.
inline constexpr std::size_t kMostPeriods = 5000;

struct TimelineContext {
  const Xapian::Database& db;
  const EntityTable& entities;
  const Deadline* deadline = nullptr;
  std::size_t facet_top = 8;  // rows of a per-facet timeline (0 counts as 8)
  std::size_t most_periods = kMostPeriods;
};

// The timeline of every match of query (the search's words and filters combined).
Timeline count_timeline(const TimelineContext& context, const Xapian::Query& query, const TimelineRequest& request);

}  // namespace dossier
