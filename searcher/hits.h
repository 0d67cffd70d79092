// The hits stage: each ranked passage's record decoded, its facets, its snippet for the query and
// (for --explain) the query terms it matched.
#pragma once

#include <xapian.h>

#include <vector>

#include "common/entity_table.h"
#include "common/normalise.h"
#include "searcher/match_terms.h"
#include "searcher/rank.h"
#include "searcher/request.h"
#include "searcher/result.h"
#include "searcher/snippet.h"

namespace dossier {

struct HitContext {
  Xapian::Enquire& enquire;  // the ranking's, holding the query's words: the matched terms
  const MatchTerms& terms;   // what the snippets highlight
  const SearchRequest& request;
  Normaliser& normaliser;
  // The request's filters: a passage's mentions of a filtered entity count as matches in its
  // snippet (a filter-only search's snippet shows why the passage matched).
  const std::vector<ActiveFilter>& filters;
  const EntityTable& entities;  // facet names for the matched terms (--explain)
};

std::vector<Hit> make_hits(const std::vector<RankedHit>& ranked, const HitContext& context);

// Where the passage mentions an entity the search filters by (a focus filter is a country's),
// or one the query's words name (MatchTerms::entities): byte ranges of passage.text.
ByteRanges filtered_mentions(const Passage& passage, const std::vector<ActiveFilter>& filters, const MatchTerms& terms);

}  // namespace dossier
