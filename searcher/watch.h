// Standing queries (dossier-watch): what each watch of a database finds among the articles that
// indexing runs wrote since the watch was last read. A watch is a dossier-search query and its
// filters (common/watch_file.h keeps them with the database); "new" is the same search restricted
// to passages stamped with a later run (schema::kPrefixRun), so it ranks, filters and collapses
// copies exactly as dossier-search does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/watch_file.h"
#include "searcher/request.h"
#include "searcher/result.h"
#include "searcher/search.h"

namespace dossier {

class IndexReader;

// The most runs one watch's search ORs together (one term each); a watch left unread for
// longer says so instead of building a larger query.
inline constexpr std::size_t kMostRunsPerWatch = 20000;

// The last indexing run that finished on the database as the reader has it open
// (schema::kMetaRun; 0 for a database no numbered run has finished, e.g. format 7).
std::uint64_t current_run(IndexReader& index);

// The runs in (after, upto] that stamped passages still in the database, ascending: the terms
// a "new since" filter ORs (runs that wrote nothing, or whose passages are all replaced, have
// no term and cost nothing).
std::vector<std::uint64_t> runs_between(IndexReader& index, std::uint64_t after, std::uint64_t upto);

// One search per watch: for_one_search (no shard tables; split threads only for a large search).
SearcherOptions watch_searcher_options();

// The search a watch stands for, as dossier-search would run it with the same query and filters.
SearchRequest watch_request(const Watch& watch);

// Checks that a watch can run here (its query parses, its facet values exist): throws QueryError
// or UsageError as dossier-search would. Costs a search that matches nothing.
void check_watch(Searcher& searcher, const Watch& watch);

struct NewsOptions {
  std::size_t limit = 10;  // hits shown per watch (the count covers them all)
  SortOrder sort = SortOrder::Relevance;
  bool collect_matched_terms = false;
};

// One watch's news: the articles written by runs (from_run, to_run] that its search matches.
struct WatchNewsReport {
  Watch watch;
  std::uint64_t from_run = 0;  // the watch's seen_run
  std::uint64_t to_run = 0;    // the database's current run: what `new` marks seen
  SearchRequest request;       // the search run (with its run window)
  SearchResult result;         // total: new articles; hits: the first NewsOptions::limit
  std::string error;           // non-empty: the watch's search failed here (result empty), and why
};

// Every count exact (a watch reports how many articles are new, never an estimate).
WatchNewsReport watch_news(Searcher& searcher, IndexReader& index, const Watch& watch, std::uint64_t to_run,
                           const NewsOptions& options);

// For dossier-index's closing lines: each watch of the database at db_path and its count of new
// articles now (a watch whose search fails carries the error instead). Throws DatabaseError when
// the database or its watch file cannot be read.
struct WatchCount {
  std::string name;
  std::size_t new_articles = 0;
  std::string error;
};
std::vector<WatchCount> count_watch_news(const std::string& db_path);

// The database's last run with per-watch news, for `list` and `new`: a watch whose search fails
// (a facet value the entity table no longer has) carries the error, and the others still run.
std::vector<WatchNewsReport> gather_watch_news(Searcher& searcher, IndexReader& index, const std::vector<Watch>& watches,
                                               std::uint64_t to_run, const NewsOptions& options);

}  // namespace dossier
