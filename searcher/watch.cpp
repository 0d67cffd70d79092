#include "searcher/watch.h"

#include <algorithm>

#include "common/error.h"
#include "common/schema.h"
#include "searcher/index_reader.h"
#include "searcher/request_options.h"

namespace dossier {

std::uint64_t current_run(IndexReader& index) {
  return schema::parse_run(index.database().get_metadata(std::string(schema::kMetaRun)));
}

std::vector<std::uint64_t> runs_between(IndexReader& index, std::uint64_t after, std::uint64_t upto) {
  std::vector<std::uint64_t> runs;
  if (upto <= after) return runs;
  Xapian::Database& db = index.database();
  const std::string prefix(schema::kPrefixRun);
  // One term per run that still has passages: a few hundred after years of nightly runs.
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::uint64_t run = 0;
    if (schema::parse_run_term(*it, run) && run > after && run <= upto) runs.push_back(run);
  }
  std::sort(runs.begin(), runs.end());  // the terms sort as text ("10" before "9")
  return runs;
}

SearcherOptions watch_searcher_options() {
  return for_one_search({});
}

SearchRequest watch_request(const Watch& watch) {
  SearchRequest request;
  request.query = watch.query;
  request.countries = watch.filters.countries;
  request.focus_countries = watch.filters.focus_countries;
  request.actors = watch.filters.actors;
  request.weapons = watch.filters.weapons;
  request.speakers = watch.filters.speakers;
  request.since = watch.filters.since;
  request.until = watch.filters.until;
  request.match_all_words = watch.filters.match_all_words;
  request.collect_matched_terms = false;
  return request;
}

void check_watch(Searcher& searcher, const Watch& watch) {
  SearchRequest request = watch_request(watch);
  request.runs = std::vector<std::uint64_t>{};  // matches nothing: the query and filters are still built
  request.limit = 0;
  request.count_facets = false;
  searcher.search(request);
}

WatchNewsReport watch_news(Searcher& searcher, IndexReader& index, const Watch& watch, std::uint64_t to_run,
                           const NewsOptions& options) {
  WatchNewsReport report;
  report.watch = watch;
  // A watch that has seen a later run than the database has finished belongs to a database
  // rebuilt since: it starts again from now rather than wait for the counter to catch up.
  report.from_run = std::min(watch.seen_run, to_run);
  report.to_run = to_run;
  report.request = watch_request(watch);
  report.request.runs = runs_between(index, report.from_run, to_run);
  // One query term per run: bounded like any query's terms.
  if (report.request.runs->size() > kMostRunsPerWatch) {
    throw UsageError("watch '" + watch.name + "' was last read " + std::to_string(report.request.runs->size()) +
                     " indexing runs ago, more than the " + std::to_string(kMostRunsPerWatch) +
                     " one search reads: remove it and add it again");
  }
  report.request.limit = options.limit;
  report.request.sort = options.sort;
  report.request.collect_matched_terms = options.collect_matched_terms;
  report.request.count_policy.exact = true;
  report.request.count_facets = false;  // the news shows no facets: the total alone, exact
  report.request.count_total = true;
  report.result = searcher.search(report.request);
  return report;
}

std::vector<WatchNewsReport> gather_watch_news(Searcher& searcher, IndexReader& index, const std::vector<Watch>& watches,
                                               std::uint64_t to_run, const NewsOptions& options) {
  std::vector<WatchNewsReport> news;
  for (const Watch& watch : watches) {
    std::string error;
    try {
      news.push_back(watch_news(searcher, index, watch, to_run, options));
      continue;
    } catch (const QueryError& e) {
      error = describe_query_error(e);
    } catch (const UsageError& e) {
      error = e.what();
    }
    WatchNewsReport failed;
    failed.watch = watch;
    failed.from_run = failed.to_run = to_run;
    failed.error = std::move(error);
    news.push_back(std::move(failed));
  }
  return news;
}

std::vector<WatchCount> count_watch_news(const std::string& db_path) {
  const WatchList list = read_watches(db_path);
  std::vector<WatchCount> counts;
  if (list.watches.empty()) return counts;
  IndexReader index(db_path);
  Searcher searcher(index, watch_searcher_options());
  const std::uint64_t run = current_run(index);
  NewsOptions news;
  news.limit = 0;
  for (const Watch& watch : list.watches) {
    WatchCount count;
    count.name = watch.name;
    try {
      count.new_articles = watch_news(searcher, index, watch, run, news).result.total;
    } catch (const Error& e) {
      count.error = e.what();
    }
    counts.push_back(std::move(count));
  }
  return counts;
}

}  // namespace dossier
