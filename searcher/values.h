// `dossier-search --values FACET[:PREFIX]`: the values of one facet for the current query and
// filters (ids, names, article counts), optionally those whose name or id starts with a prefix,
// so that an analyst finds an id without reading the gazetteer files.
#pragma once

#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/schema.h"
#include "searcher/result.h"

namespace dossier {

struct ValuesRequest {
  schema::Facet facet = schema::Facet::Country;
  std::string prefix;  // as typed; folded like the index ("vuc" finds Vučić, "кос" Kosovo)
};

// Parses "actor" or "actor:vuc"; throws UsageError naming the known facets.
ValuesRequest parse_values_request(const std::string& text);

// The values of result.facets[facet] (counted with facet_top 0: every value) whose id, or a word
// of whose name, starts with the prefix; by count, then name.
std::vector<FacetValue> facet_values(const SearchResult& result, const ValuesRequest& values, Normaliser& normaliser);

}  // namespace dossier
