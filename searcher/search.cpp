#include "searcher/search.h"

#include "searcher/deadline.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "common/error.h"
#include "common/normalise.h"
#include "searcher/copies.h"
#include "searcher/count.h"
#include "searcher/filters.h"
#include "searcher/hits.h"
#include "searcher/index_reader.h"
#include "searcher/plan.h"
#include "searcher/query_builder.h"
#include "searcher/query_shape.h"
#include "searcher/rank.h"
#include "searcher/timeline.h"
#include "searcher/speedup/core_load.h"
#include "searcher/speedup/split_workers.h"
#include "searcher/speedup/work_bound.h"

namespace dossier {

namespace {

constexpr int kReopenAttempts = 12;

}  // namespace

std::size_t search_partitions(std::size_t wanted, std::size_t shards, std::size_t cores) {
  constexpr std::size_t kMostThreads = 64;
  const std::size_t threads = wanted == 0 ? std::max<std::size_t>(cores, 1) : wanted;
  return std::max<std::size_t>(1, std::min({threads, shards, kMostThreads}));
}

SearcherOptions for_one_search(SearcherOptions options) {
  options.length_table = false;
  options.facet_table = false;
  options.start_threads_above = kStartThreadsAbove;
  return options;
}

std::size_t search_partitions(const IndexReader& index, const SearcherOptions& options) {
  if (!index.can_open_copy()) return 1;  // a cluster: one thread
  // Read once: std::thread::hardware_concurrency() reads /sys on every call (three system calls,
  // about 9 microseconds here), which every search asked this.
  static const std::size_t cores = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  return search_partitions(options.threads, index.shard_count(), cores);
}

struct Searcher::State {
  State(IndexReader& index, const SearcherOptions& options) : index(index), options(options), builder(index, normaliser) {}

  // The threads to split this database's matches between, or nullptr to match in one thread
  // (one shard, a cluster, threads = 1); started on first use, told when the index reopened.
  SplitWorkers* split_workers() {
    if (!workers_decided) {
      workers_decided = true;
      const std::size_t partitions = search_partitions(index, options);
      if (partitions > 1) {
        IndexReader* reader = &index;
        workers = std::make_unique<SplitWorkers>(partitions, [reader] { return reader->open_copy(); },
                                                 [reader] { return reader->open_articles_copy(); });
        workers_generation = index.generation();
      }
    }
    if (workers && workers_generation != index.generation()) {
      workers->reopen();
      workers_generation = index.generation();
    }
    return workers.get();
  }

  // A core free for a worker (automatic choice only): the workers were not late lately, and
  // the machine's runnable threads besides this search's leave one.
  bool cores_free() {
    if (workers && !workers->worth_splitting()) return false;
    return core_probe.core_free(1 + (workers ? workers->spinning() : 0));
  }

  IndexReader& index;
  const SearcherOptions& options;
  CoreProbe core_probe;
  Normaliser normaliser;
  QueryBuilder builder;
  std::unique_ptr<SplitWorkers> workers;
  bool workers_decided = false;
  std::uint64_t workers_generation = 0;
};

Searcher::Searcher(IndexReader& index, SearcherOptions options)
    : index_(index), options_(options), state_(std::make_unique<State>(index_, options_)) {}
Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& request) {
  const Deadline deadline(request.time_limit_seconds);  // over the retries too
  deadline_ = &deadline;
  int network_failures = 0;
  for (int attempt = 1;; ++attempt) {
    try {
      return run(request);
    } catch (const Xapian::DocNotFoundError& e) {
      // A split search's threads opened their databases at different revisions, a commit
      // apart: a hit of a newer one is not in an older one. Reopened and run again, below.
      if (!state_->workers) throw DatabaseError(index_.path() + ": " + e.get_description());
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      reopen_after_change(attempt);
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed twice while we read: take the new revision and run again, backing
      // off a little each time (reopening can meet the same error while shards commit).
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      reopen_after_change(attempt);
    } catch (const Xapian::DatabaseError& e) {
      // A torn read (index_reader.h): take the new revision and run again. Damage that is real is
      // still there after the retries, and reported then.
      if (!torn_read(e) || attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": " + e.get_description());
      reopen_after_change(attempt);
    } catch (const Xapian::NetworkError& e) {
      // A remote part went away or timed out mid-search. recover() names it (and stops), or,
      // with --allow-partial, reopens without it; then the search runs again.
      // Twice in one search although every part passed its (deep) probe in between: a server
      // that stalls mid-search. Each try costs a timeout, so stop here, naming the suspects.
      if (++network_failures >= 2 || attempt >= kReopenAttempts) {
        const std::string parts = index_.remote_parts();
        throw DatabaseError(index_.path() + ": " + e.get_description() + (parts.empty() ? std::string() : "; a remote shard answers its probe but stalls in searches: one of " + parts));
      }
      index_.recover(e);
    } catch (const Xapian::Error& e) {
      throw DatabaseError(index_.path() + ": " + e.get_description());
    }
  }
}

void Searcher::reopen_after_change(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
  try {
    index_.reopen();
  } catch (const Xapian::DatabaseModifiedError&) {
    // retried by the next attempt
  }
  // The threads of a split search too, even where this thread's database did not move: the
  // error may have been theirs.
  if (state_->workers) {
    state_->workers->reopen();
    state_->workers_generation = index_.generation();
  }
}

SearchResult Searcher::run(const SearchRequest& asked) {
  const auto started = std::chrono::steady_clock::now();
  SearchResult result;
  result.query = asked.query;
  State& state = *state_;
  const ParsedQuery parsed = state.builder.parse(asked.query, QueryOptions{asked.match_all_words, asked.entity_words});
  // Without words every match scores 0 and relevance is no order at all: newest first.
  std::optional<SearchRequest> newest_first;
  if (!parsed.words && asked.sort == SortOrder::Relevance) {
    newest_first = asked;
    newest_first->sort = SortOrder::DateDescending;
  }
  const SearchRequest& request = newest_first ? *newest_first : asked;
  result.sort = request.sort;
  Filters filters = build_filters(state.builder, parsed, request);
  result.filters = filters.active;
  if (request.ranking.expand_terms > 0 && !request.query.empty()) {
    filters.text = expand(index_.database(), filters.text, filters.combined(), request, state.builder.stopper());
  }
  const Xapian::Query query = filters.combined();
  result.parsed = query.get_description();
  // Split between threads only when there is enough matching to share (speedup/work_bound.h)
  // and, where the choice is automatic, a core is free for a worker: none of the last splits
  // found the workers late (speedup/split_workers.h) and no other program holds the other cores
  // (speedup/core_load.h). The bound is read only where the choice is automatic, a split possible
  // and a core free: on a busy machine the search costs what a single-threaded one does.
  SplitWorkers* workers = nullptr;
  if (index_.all_local() && search_partitions(index_, options_) > 1) {
    const bool automatic = options_.threads == 0;
    if (!automatic || state.cores_free()) {
      const Xapian::doccount bound = automatic ? match_bound(index_.database(), query) : 0;
      if (split_pays(options_.threads, state.workers != nullptr, bound, options_.start_threads_above, options_.split_above)) {
        workers = state.split_workers();
      }
    }
  }
  // A local database directory has article shards (format 6); a cluster has none here.
  const IndexTraits traits{index_.all_local(), workers != nullptr ? workers->partitions() : 1, index_.can_open_copy()};
  result.threads = traits.partitions;
  SearchPlan plan = make_plan(request, traits, options_);
  // A word weighed from the length tables no longer adds to the weight of a wildcard that also
  // expands to it ("kosovo* AND kosovo" scored 6.74 instead of 6.26; found by the
  // query_structure fuzz target): a query with a wildcard is weighed by Xapian alone.
  if (has_operator(parsed.query, Xapian::Query::OP_WILDCARD)) plan.bm25_sources = false;
  if (request.collect_matched_terms) result.parsed_readable = describe_query(result.parsed, index_.entities());

  Xapian::Enquire enquire = ranking_enquire(index_.database(), query, request, index_.all_local());
  // Where copies are collapsed the total counts articles, not hits, so one hit more than the
  // page is ranked to learn whether another page follows.
  const std::size_t probe = plan.collapse_copies ? 1 : 0;
  Ranking ranking = rank(RankContext{index_, plan, request, workers, probe}, enquire);
  if (probe > 0) {
    result.more = ranking.hits.size() > request.limit;
    if (result.more) ranking.hits.resize(request.limit);
  }
  deadline_->check();
  result.hits = make_hits(ranking.hits, HitContext{enquire, parsed.terms, request, state.normaliser, filters.active, index_.entities()});
  if (plan.collapse_copies && !ranking.hits.empty()) {
    std::vector<std::vector<std::string>> copies = find_copies(index_.database(), query, request, ranking.hits, index_.all_local());
    for (std::size_t i = 0; i < result.hits.size(); ++i) result.hits[i].copies = std::move(copies[i]);
    deadline_->check();
  }

  const CountContext counting{index_, plan, request, workers, deadline_};
  const std::optional<MatchCount> count = count_every_match(counting, query, ranking, result);
  result.missing_shards = index_.missing_shards();
  result.shards = index_.shard_count();
  set_total(request, count, ranking, result);
  if (probe == 0) result.more = request.offset + result.hits.size() < result.total;
  deadline_->check();
  if (request.count_facets) count_facets(counting, filters, *count, result);
  if (request.timeline) {
    // A spy of our own reads every match: a stock xapian-tcpsrv cannot run it.
    if (!index_.all_local()) throw UsageError("--timeline needs a local database: a cluster's remote shards cannot count it");
    result.timeline = count_timeline(TimelineContext{index_.database(), index_.entities(), deadline_, request.facet_top}, query,
                                     *request.timeline);
    deadline_->check();
  }
  // Per word: "javelln kosovo" finds Kosovo's articles, and still gets "javelin kosovo" offered.
  if (parsed.words && request.suggest_spelling) result.suggestion = state.builder.suggest(request.query);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace dossier
