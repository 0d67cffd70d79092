// One search: query + filters -> ranked hits (best passage per article by default), exact or
// labelled estimated facet counts over all matches, and snippets for the hits shown.
//
// The pipeline (each stage in its own file): plan (searcher/plan.h) -> filters and expansion
// (searcher/filters.h) -> rank (searcher/rank.h) -> hits (searcher/hits.h) -> count
// (searcher/count.h). The speed-ups that make it fast without changing its answers live in
// searcher/speedup/ (ARCHITECTURE.md lists them with the slower path each replaces). This header
// exposes value types only.
#pragma once

#include <cstddef>
#include <memory>

#include "searcher/request.h"
#include "searcher/result.h"
#include "searcher/speedup/work_bound.h"

namespace dossier {

class IndexReader;

// How a Searcher may work; every choice gives the same answers. Set by the tools' main from
// their options and environment (searcher/environment.h); never read from the environment here.
struct SearcherOptions {
  // Threads one search is split between, each matching its share of the shards of a local
  // database (searcher/speedup/split_workers.h): 0 picks one per core, at most one per shard; 1
  // never splits.
  std::size_t threads = 0;
  // Weigh the plain words of a query from a table of passage lengths
  // (searcher/speedup/bm25_source.h): less work per posting. The table is read once per shard
  // and revision (tens of milliseconds per million passages), which a long-running process (-i,
  // dossier-bench) earns back at once and a one-shot dossier-search does not. Local shards only.
  bool length_table = true;
  // Count facets from a table of every passage's facet ids per shard
  // (searcher/speedup/shard_tables.h) instead of reading each match's value through Xapian:
  // about half the work of an exact count. Read once per shard and revision (a few hundred
  // milliseconds per million passages).
  bool facet_table = true;
  // A search that may split (threads 0) starts the split threads only when it can match this
  // many passages (speedup/work_bound.h): each thread opens the database once, which a
  // long-running process earns back over its searches (kSplitAbove, the default) and a one-shot
  // dossier-search only on a large search (kStartThreadsAbove).
  Xapian::doccount start_threads_above = kSplitAbove;
  // The matches a search may split at once the threads run (speedup/work_bound.h's kSplitAbove;
  // dossier-bench --split-above measures others).
  Xapian::doccount split_above = kSplitAbove;
};

// options as a process that runs one search (or one batch) and exits wants them: no shard tables,
// whose reading one search does not earn back, and split threads only for a search large enough
// to earn their start (kStartThreadsAbove). DOSSIER_LENGTH_TABLE / DOSSIER_FACET_TABLE still
// decide where they are set (apply_environment, after this).
SearcherOptions for_one_search(SearcherOptions options);

// The threads a search over `shards` shards is split between, for SearcherOptions::threads
// `wanted` on a machine with `cores` cores.
std::size_t search_partitions(std::size_t wanted, std::size_t shards, std::size_t cores);
// The same for a search of this database on this machine (1 for a cluster).
std::size_t search_partitions(const IndexReader& index, const SearcherOptions& options);

class Searcher {
 public:
  explicit Searcher(IndexReader& index, SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Throws QueryError, UsageError or DatabaseError.
  SearchResult search(const SearchRequest& request);

 private:
  struct State;  // the query builder and the split search's threads

  SearchResult run(const SearchRequest& request);
  // After a DatabaseModifiedError (or a hit missing between threads): back off, reopen the
  // database and every split-search thread's.
  void reopen_after_change(int attempt);

  IndexReader& index_;
  SearcherOptions options_;
  const class Deadline* deadline_ = nullptr;  // the running search's (set by search())
  std::unique_ptr<State> state_;
};

}  // namespace dossier
