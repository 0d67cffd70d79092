// The query a search runs, in parts: the analyst's words and each filter apart, so that a facet's
// counts can leave out its own filter (disjunctive facets), and pseudo-relevance feedback
// (--expand) can re-rank the words alone.
#pragma once

#include <xapian.h>

#include <map>
#include <vector>

#include "common/schema.h"
#include "searcher/query_builder.h"
#include "searcher/request.h"
#include "searcher/result.h"

namespace dossier {

struct Filters {
  Xapian::Query text;                             // the query string's part
  std::map<schema::Facet, Xapian::Query> facets;  // --country/--actor/--weapon, one per facet
  std::vector<Xapian::Query> others;              // focus, dates
  std::vector<ActiveFilter> active;               // what the filters are, resolved (the header's)

  // Everything, or everything except one facet's filter (for disjunctive counts).
  Xapian::Query combined(const schema::Facet* skip = nullptr) const;
};

// Throws UsageError for an unknown facet value or a bad date.
Filters build_filters(QueryBuilder& builder, const ParsedQuery& parsed, const SearchRequest& request);

// Pseudo-relevance feedback: the text query with request.ranking.expand_terms body terms of the
// top passages of `full` added, each weighed by its expansion weight; they re-rank what the text
// matches but never widen it.
Xapian::Query expand(Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& full, const SearchRequest& request,
                     const Xapian::Stopper& stopper);

}  // namespace dossier
