// The counting stage: the total and the facet counts of a search, over every match (exactly, or
// labelled estimates from a sample as the request's CountPolicy allows), by the route the plan
// chose (searcher/plan.h).
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/entity_table.h"
#include "searcher/facet_counts.h"
#include "searcher/filters.h"
#include "searcher/match_count.h"
#include "searcher/plan.h"
#include "searcher/rank.h"
#include "searcher/request.h"
#include "searcher/result.h"

namespace dossier {

class IndexReader;
class SplitWorkers;

struct CountContext {
  IndexReader& index;
  const SearchPlan& plan;
  const SearchRequest& request;
  SplitWorkers* workers = nullptr;  // plan.split_counts: local counts split between these threads
  const Deadline* deadline = nullptr;
};

// Every match of query counted by `method`, without ranking; a sample is noted in result
// (counts_sampled, examined_fraction).
MatchCount count_query(const CountContext& context, const Xapian::Query& query, FacetMethod method, SearchResult& result);

// The count behind the total and the facets: the ranking match's spy where it counted every
// match, else a count match of its own; nullopt for CountRoute::None.
std::optional<MatchCount> count_every_match(const CountContext& context, const Xapian::Query& query, Ranking& ranking,
                                        SearchResult& result);

// result.total and total_exact: from the count where there is one, else the ranking's estimate.
void set_total(const SearchRequest& request, const std::optional<MatchCount>& count, const Ranking& ranking,
               SearchResult& result);

// result.facets from the full count; a facet with a filter is counted again without its own
// filter (disjunctive facets).
// One facet's values from their counts: by count, then display name, then id; the top `top` (0: all),
// then the selected ids (this facet's own filter) not among them, with a count of 0 when nothing
// matches them; more = the values left out.
FacetSummary summarise(const FacetCounts& counts, schema::Facet facet, const EntityTable& entities, std::size_t top,
                       const std::vector<std::string>& selected);
inline FacetSummary summarise(const std::map<std::string, std::size_t>& counts, schema::Facet facet, const EntityTable& entities,
                              std::size_t top, const std::vector<std::string>& selected) {
  return summarise(view_counts(counts), facet, entities, top, selected);
}

void count_facets(const CountContext& context, const Filters& filters, const MatchCount& full, SearchResult& result);

}  // namespace dossier
