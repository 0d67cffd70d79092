// The ranking match of one search split between threads (searcher/speedup/split_workers.h): every
// partition ranks its own shards with the whole archive's statistics, and the partitions' best
// documents are merged by weight. An article lives in one shard, so the best passage per article
// (the collapse) is found within one partition and the merged top is the single match's top.
// Copies of one article (collapsed on schema::kSlotCopyGroup, searcher/copies.h) live in
// different shards: each partition's best of a group is kept in its list, and the merge keeps the
// group's best of those. A group of the merged top is within its own partition's top `wanted`
// (fewer groups than that rank above it there), so the merged top is still the single match's.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "searcher/speedup/bm25_source.h"
#include "searcher/speedup/split_workers.h"

namespace dossier {

struct RankRequest {
  std::string query;             // Xapian::Query::serialise(); it holds no PostingSource
  const Xapian::Weight* weighting = nullptr;  // cloned by each thread
  Xapian::valueno collapse_key = Xapian::BAD_VALUENO;
  Xapian::doccount wanted = 10;  // the best this many (offset + limit)
  // Non-null: each thread ranks with_bm25_sources(query) over its own database (same weights).
  const Bm25Params* bm25_sources = nullptr;
  double min_weight = 0;  // each thread's weight cutoff (0: none)
  // Over the article shards (SplitWorkers::run_articles; own: the caller's Database of them).
  bool articles = false;
};

struct RankedDoc {
  Xapian::docid docid = 0;  // of the whole database, as its own Enquire would give it
  double weight = 0;
  std::string key;  // the collapse key (empty when not collapsing): the merge keeps one per key
};

struct RankedMatch {
  std::vector<RankedDoc> docs;  // best first: weight descending, then docid ascending
  // Xapian's bounds and estimate of the matches (after collapsing), summed over the partitions.
  Xapian::doccount estimated = 0;
  Xapian::doccount lower_bound = 0;
  Xapian::doccount upper_bound = 0;
};

// Relevance order only: a date-sorted search is ranked in one match (Searcher).
RankedMatch rank_split(SplitWorkers& workers, Xapian::Database& own, const RankRequest& request);

// The merge alone: the best `wanted` of the partitions' lists, as one match would order them, the
// first of each non-empty key only. Exposed for tests.
RankedMatch merge_ranked(std::vector<RankedMatch> parts, Xapian::doccount wanted);

}  // namespace dossier
