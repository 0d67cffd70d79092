// The search plan: which ranking route, which way to count, which speed-ups, decided once per
// search from the request and what the index can do, by a pure function (tested as a truth
// table in tests/searcher/test_plan.cpp). Searcher::run then follows it: plan -> rank -> hits ->
// count. Every route gives the same hits and counts where two could serve; the plan picks the
// cheaper one.
#pragma once

#include <cstddef>

#include "searcher/request.h"

namespace dossier {

struct SearcherOptions;

// What the plan needs to know of the index.
struct IndexTraits {
  bool all_local = true;       // no remote part (a stock xapian-tcpsrv runs no custom code)
  std::size_t partitions = 1;  // threads a local search may be split between (1: no split)
  bool articles = false;       // article shards to rank whole articles by (schema::article_dir_name)
};

enum class RankRoute {
  Single,      // one Enquire: collapsed on the article id unless by passage; any sort, any parts
  Split,       // the same ranking split between threads by shard, tops merged (speedup/split_rank.h)
  ArticleSum,  // --article-score sum: a pool of passages ranked, grouped by article and summed here
  ArticleMix,  // --article-score mixed: whole-article BM25 mixed with the best passage
               // (searcher/article_rank.h)
};

enum class CountRoute {
  None,        // no counts asked for: the total is the ranking match's estimate
  Apart,       // a count match of its own, without weights or collapsing (searcher/match_count.h)
  RankingSpy,  // a spy on the ranking match (one round trip less to remote parts); counted apart
               // after all, from slot 4, when the spy could not count every match
};

struct SearchPlan {
  RankRoute rank = RankRoute::Single;
  bool collapse = true;                   // best passage per article (not --by passage)
  // Each group of copies once (collapse and the request's collapse_copies): every route
  // collapses on schema::kSlotCopyGroup instead of the article id, and the hits get their copies
  // (searcher/copies.h).
  bool collapse_copies = true;
  CountRoute count = CountRoute::Apart;
  FacetMethod method = FacetMethod::Local;  // resolved: Local or Slot, never Auto
  // Speed-ups (same answers, less work):
  bool bm25_sources = false;  // plain words weighed from the shard length tables (speedup/bm25_source.h)
  bool facet_tables = false;  // local counts from the shard facet tables (speedup/facet_table_probe.h)
  // Whole-article ranking: matches restricted to some articles by the article tables
  // (speedup/article_filter.h), article ids read from them.
  bool article_tables = false;
  bool split_counts = false;  // local counts split between the partitions' threads
};

SearchPlan make_plan(const SearchRequest& request, const IndexTraits& index, const SearcherOptions& options);

}  // namespace dossier
