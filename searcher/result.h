// What a search answers: value types only (the renderer, the interactive session and the
// benchmark client read these and nothing of how the search ran).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/record.h"
#include "searcher/request.h"

namespace dossier {

struct FacetValue {
  std::string id;
  std::string name;
  std::size_t count = 0;
  std::string parent;  // weapon systems: their category id
  bool discovered = false;  // found by the indexer's recogniser, not listed in a gazetteer
  bool selected = false;    // a value of this search's own filter (--country RS): always listed
};

struct FacetSummary {
  // By count, then name; the selected values are always there, after the top ones if they are
  // not among them.
  std::vector<FacetValue> values;
  std::size_t more = 0;  // values left out by facet_top
};

// One value of a filter the request gave (--country, --country-focus, --actor, --weapon), as the
// index resolved it, or a date bound: what the header repeats.
struct ActiveFilter {
  std::string field;  // "country", "focus", "actor", "weapon", "since", "until"
  std::string id;     // the entity id, or the date as given
  std::string name;   // the entity's display name (the date again for since/until)
};

struct Snippet {
  std::string text;  // fragments joined by " … "
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  // byte ranges into text
};

struct Hit {
  std::size_t rank = 0;  // 1-based, including the offset
  double score = 0;
  Xapian::docid docid = 0;
  PassageRecord record;
  Snippet snippet;
  std::map<std::string, std::vector<std::string>> facets;  // "country" -> ids in this passage
  std::vector<std::string> matched_terms;                   // query terms in this passage (index terms)
  // The same for a reader: "kosovo (stem)", "title: javelin", "country Serbia [RS]" (--explain).
  std::vector<std::string> matched;
  // With copies collapsed (SearchRequest::collapse_copies): the ids of the other articles of its
  // group of near-duplicates that match too, best first; they are not hits of their own.
  std::vector<std::string> copies;
};

// --timeline (searcher/timeline.h): matching articles per period of their date.
struct TimelinePeriod {
  std::string start;  // "2024", "2024-03", a week's Monday "2024-03-04", a day "2024-03-07"
  std::size_t articles = 0;
};

struct TimelineRow {  // --by-facet: one value's articles per period
  FacetValue value;   // count: its matching dated articles in all
  std::vector<std::size_t> articles;  // one per Timeline::periods
};

struct Timeline {
  TimeUnit unit = TimeUnit::Month;
  // From the first period with a dated matching article to the last, every one between (0 where
  // none); empty when no matching article has a date.
  std::vector<TimelinePeriod> periods;
  std::size_t articles = 0;  // dated matching articles, each counted once
  std::size_t undated = 0;   // matching articles without a date (in no period)
  std::string facet;         // --by-facet: "country", "actor" or "weapon"; empty otherwise
  std::vector<TimelineRow> rows;  // the top values by articles, then name
  std::size_t more_values = 0;    // values left out of rows
};

// A shard left out of a partial result (--allow-partial).
struct MissingShard {
  std::string location;  // as written in the description
  std::string reason;    // why it could not be used, one line
};

struct SearchResult {
  std::string query;
  std::string parsed;        // Xapian's description of the query
  std::string parsed_readable;  // the same with terms read out (searcher/match_terms.h); --explain only
  // Articles (or passages with by_passage) that match, copies included even where they are
  // collapsed into one hit: a page may then hold fewer hits than the total suggests.
  std::size_t total = 0;
  bool total_exact = true;
  // Totals and facet counts scaled up from a sample of the matches (CountPolicy) are estimates:
  // counts_sampled is then true and examined_fraction the smallest share of the matches that
  // any of the counts shown examined (1 when every match was counted).
  bool counts_sampled = false;
  double examined_fraction = 1.0;
  std::vector<Hit> hits;
  // Hits follow this page (at offset + limit). Where copies are collapsed the total cannot tell,
  // so the search ranks one hit more than the page to know.
  bool more = false;
  // "country", "actor", "weapon". Disjunctive: a facet with a filter is counted as if its own
  // filter were not there, so the alternatives to the selected values stay visible.
  std::map<std::string, FacetSummary> facets;
  std::vector<ActiveFilter> filters;  // the request's filters, resolved (the header repeats them)
  // The order the hits are in: the request's, except that a search without words (filters
  // only), which has no relevance to rank by, lists the newest first.
  SortOrder sort = SortOrder::Relevance;
  std::string suggestion;  // "did you mean", when few or no hits and a better spelling exists
  // A partial result (--allow-partial): the shards that were not searched. total_exact is then
  // false: the totals and counts cover the other shards only.
  std::vector<MissingShard> missing_shards;
  std::size_t shards = 0;  // shards of the database, searched or not
  std::optional<Timeline> timeline;  // SearchRequest::timeline
  // Threads the search's matches were split between (speedup/split_workers.h; 1: one thread).
  std::size_t threads = 1;
  double seconds = 0;
};

}  // namespace dossier
