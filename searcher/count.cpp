#include "searcher/count.h"

#include <algorithm>
#include <map>
#include <string>

#include "searcher/index_reader.h"

namespace dossier {

namespace {

using schema::kFacets;

}  // namespace

FacetSummary summarise(const FacetCounts& counts, schema::Facet facet, const EntityTable& entities, std::size_t top,
                       const std::vector<std::string>& selected) {
  // A common word meets thousands of actors: the values are ranked by count alone first, and
  // only those that can still make the top (count at least the top-th count) or are selected get
  // their names looked up and sorted by the full order.
  struct Tally {
    std::string_view id;
    std::size_t count;
  };
  std::vector<Tally> tallies;
  tallies.reserve(counts.size() + selected.size());
  for (const auto& [id, count] : counts) tallies.push_back({id, count});
  for (const std::string& id : selected) {
    const auto counted = [&](const auto& entry) { return entry.first == id; };
    if (std::none_of(counts.begin(), counts.end(), counted)) tallies.push_back({id, 0});
  }
  const std::size_t total = tallies.size();
  const auto is_selected = [&](std::string_view id) { return std::find(selected.begin(), selected.end(), id) != selected.end(); };
  if (top > 0 && total > top) {
    const auto nth = tallies.begin() + static_cast<std::ptrdiff_t>(top - 1);
    std::nth_element(tallies.begin(), nth, tallies.end(), [](const Tally& a, const Tally& b) { return a.count > b.count; });
    const std::size_t threshold = nth->count;
    std::erase_if(tallies, [&](const Tally& t) { return t.count < threshold && !is_selected(t.id); });
  }
  FacetSummary summary;
  summary.values.reserve(tallies.size());
  for (const Tally& tally : tallies) {
    const std::string id(tally.id);
    const EntityInfo* info = entities.find_without_names(facet, id);
    summary.values.push_back(FacetValue{id, info != nullptr ? info->name : id, tally.count, info != nullptr ? info->parent : "",
                                        info != nullptr && info->discovered, is_selected(tally.id)});
  }
  // A total order (two ids may share a display name), so that the counts' own order (which
  // differs between counters) never shows.
  std::sort(summary.values.begin(), summary.values.end(), [](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  if (top > 0 && summary.values.size() > top) {
    // The top values, then the selected ones below them.
    const auto cut = summary.values.begin() + static_cast<std::ptrdiff_t>(top);
    const auto kept = std::stable_partition(cut, summary.values.end(), [](const FacetValue& v) { return v.selected; });
    summary.values.erase(kept, summary.values.end());
  }
  summary.more = total - summary.values.size();
  return summary;
}


namespace {

// Upper bound on a query's matches below which a process that has not read the code
// dictionaries yet counts from text (counted_from_text).
constexpr Xapian::doccount kTextCountLimit = 2000;

// A process that has not read its shards' facet code dictionaries yet (a one-shot dossier-search)
// counts a query that can match only a few passages from the text of their facet slot: reading
// every shard's dictionary and zeroing a tally per code would cost such a search more than its
// match (a third of a rare word's time at 200,000 passages). The counts are the same either way.
bool counted_from_text(IndexReader& index, const Xapian::Query& query) {
  if (index.facet_codes_loaded()) return false;
  Xapian::Enquire probe(index.database());
  probe.set_query(query);
  probe.set_weighting_scheme(Xapian::BoolWeight());
  return probe.get_mset(0, 0, Xapian::doccount{0}).get_matches_upper_bound() <= kTextCountLimit;  // no match run
}

}  // namespace

MatchCount count_query(const CountContext& context, const Xapian::Query& query, FacetMethod method, SearchResult& result) {
  const bool local = context.index.all_local();
  if (method == FacetMethod::Local && counted_from_text(context.index, query)) method = FacetMethod::Slot;
  const FacetCodeTables* codes = method == FacetMethod::Local ? &context.index.facet_codes() : nullptr;  // only the local counter reads them
  const CountTarget target{context.index.database(), method, context.request.facet_unit, local, codes,
                           context.plan.split_counts ? context.workers : nullptr, context.plan.facet_tables, context.deadline};
  MatchCount matches = count_matches(target, query, context.request.count_policy);
  if (!matches.exact()) {
    result.counts_sampled = true;
    result.examined_fraction = std::min(result.examined_fraction, matches.fraction());
  }
  return matches;
}

std::optional<MatchCount> count_every_match(const CountContext& context, const Xapian::Query& query, Ranking& ranking,
                                        SearchResult& result) {
  switch (context.plan.count) {
    case CountRoute::None: return std::nullopt;
    case CountRoute::Apart: return count_query(context, query, context.plan.method, result);
    case CountRoute::RankingSpy:
      // A spy that could not count every match of the ranking match (LocalFacetSpy::complete):
      // counted again apart, from slot 4.
      if (!ranking.spy->complete()) return count_query(context, query, FacetMethod::Slot, result);
      return MatchCount(std::move(ranking.spy), 1.0);
  }
  return std::nullopt;
}

void set_total(const SearchRequest& request, const std::optional<MatchCount>& count, const Ranking& ranking,
               SearchResult& result) {
  if (count) {
    result.total = request.by_passage ? count->passages() : count->articles();
    result.total_exact = result.missing_shards.empty() && count->exact();
  } else {
    result.total = ranking.estimated;
    result.total_exact = result.missing_shards.empty() && ranking.lower_bound == ranking.upper_bound;
  }
}

void count_facets(const CountContext& context, const Filters& filters, const MatchCount& full, SearchResult& result) {
  const EntityTable& entities = context.index.entities();
  for (schema::Facet facet : kFacets) {
    // Disjunctive faceting: a filtered facet's values counted without its own filter (the
    // counts view their counter, which must live until they are summarised).
    std::optional<MatchCount> own;
    if (filters.facets.count(facet) != 0) own.emplace(count_query(context, filters.combined(&facet), context.plan.method, result));
    const FacetCounts counts = (own ? *own : full).counts(facet);
    const std::string name(schema::facet_name(facet));
    std::vector<std::string> selected;
    for (const ActiveFilter& filter : filters.active) {
      if (filter.field == name) selected.push_back(filter.id);
    }
    result.facets[name] = summarise(counts, facet, entities, context.request.facet_top, selected);
  }
}

}  // namespace dossier
