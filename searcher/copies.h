// Copies in search results (SearchPlan::collapse_copies): articles the indexer grouped as
// near-duplicates (indexer/copy_groups.h) share a copy label (schema::kSlotCopyGroup), and a
// search shows each group once, as its best-ranked article.
//
// The Single and Split routes collapse on the label in the match itself, as they collapse on the
// article id otherwise (an article's passages all have its label, so a group's best passage is
// its best article's best passage); the split merge drops a group's later entries, since copies
// live in different shards. The routes that score articles after the match (ArticleSum,
// ArticleMix) keep the first article of each label in their final order, with helpers here.
// Each route then ranks the page from a list of distinct groups, so paging stays consistent.
// Then find_copies() names, for each hit, the other articles of its group that match too.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/schema.h"
#include "searcher/rank.h"
#include "searcher/request.h"

namespace dossier {

// The first item of each label in ranked (best first), until `wanted` are kept.
template <typename Item, typename Label>
std::vector<Item> first_of_each_label(std::vector<Item> ranked, std::size_t wanted, Label&& label_of) {
  std::vector<Item> kept;
  std::unordered_set<std::string> seen;
  for (Item& item : ranked) {
    if (kept.size() >= wanted) break;
    if (seen.insert(label_of(item)).second) kept.push_back(std::move(item));
  }
  return kept;
}

// The same over MSet items: best(item) gives the MSetIterator of the item's passage, whose
// document holds the label. Documents are fetched a batch at a time (one round trip per batch
// from a remote shard), only as far as the kept items reach.
template <typename Item, typename Best>
std::vector<Item> first_of_each_group(const Xapian::MSet& mset, const std::vector<Item>& ranked, std::size_t wanted, Best&& best) {
  std::vector<Item> kept;
  std::unordered_set<std::string> seen;
  std::size_t next = 0;
  while (next < ranked.size() && kept.size() < wanted) {
    const std::size_t batch_end = std::min(ranked.size(), next + std::max<std::size_t>(wanted - kept.size(), 8));
    for (std::size_t i = next; i < batch_end; ++i) mset.fetch(best(ranked[i]));
    for (; next < batch_end && kept.size() < wanted; ++next) {
      if (seen.insert(best(ranked[next]).get_document().get_value(schema::kSlotCopyGroup)).second) kept.push_back(ranked[next]);
    }
  }
  return kept;
}

// For each ranked hit, the ids of the other articles of its copy group that match `query` (the
// search's words and filters), best first (the request's BM25; equal weights by docid). One
// match over the page's groups: a boolean filter on their labels (schema::kPrefixCopyGroup),
// collapsed by article. Where the database is all local (local_index), the groups the copy index
// has no entry for (schema::kMetaCopyGroupPrefix: a label no second article joined, most of
// them) are left out of that match, and the match is skipped when none is left: one metadata
// read per hit instead of a match per page. A remote meta part answers each read with a round
// trip, so a cluster always runs the match.
std::vector<std::vector<std::string>> find_copies(Xapian::Database& db, const Xapian::Query& query, const SearchRequest& request,
                                                  const std::vector<RankedHit>& hits, bool local_index);

}  // namespace dossier
