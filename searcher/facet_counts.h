// One facet's counts as the counters hand them over: each value id once, in no particular order,
// the ids viewing the counter's own storage (or the shards' code dictionaries it counted with),
// so that they stay valid while the counter lives. A common word meets thousands of actors: a
// std::map of strings per facet cost more than the counting itself (an allocation and a dozen
// string comparisons per value); the consumers only rank the counts or look a few ids up.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier {

using FacetCounts = std::vector<std::pair<std::string_view, std::size_t>>;

// The same counts by id: for comparing counts, and for callers that keep them past the counter.
inline std::map<std::string, std::size_t> by_id(const FacetCounts& counts) {
  std::map<std::string, std::size_t> out;
  for (const auto& [id, count] : counts) out[std::string(id)] += count;
  return out;
}

// Counts held in a map, viewed as FacetCounts (valid while the map lives).
inline FacetCounts view_counts(const std::map<std::string, std::size_t>& counts) {
  FacetCounts out;
  out.reserve(counts.size());
  for (const auto& [id, count] : counts) out.emplace_back(id, count);
  return out;
}

}  // namespace dossier
