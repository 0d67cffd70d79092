#include "bench/dossier_client.h"

#include "common/error.h"
#include "searcher/cluster.h"
#include "searcher/index_reader.h"
#include "searcher/request_options.h"

namespace dossier::bench {

SearchRequest bench_request(const std::string& query, BenchMode mode, const CountPolicy& policy, const SearchExtras& extras) {
  SearchRequest request;
  request.collapse_copies = extras.collapse_copies;
  request.entity_words = extras.entity_words;
  request.suggest_spelling = extras.suggest_spelling;
  request.ranking.article_score = extras.article_score;
  request.query = query;
  request.limit = 10;
  request.count_facets = mode != BenchMode::Top10;
  request.make_snippets = mode == BenchMode::Full;
  request.collect_matched_terms = false;  // as dossier-search without --explain
  request.count_policy = policy;
  return request;
}

std::unique_ptr<IndexReader> open_target(const DossierTarget& target) {
  if (target.cluster_path.empty()) return std::make_unique<IndexReader>(target.db_path);
  return std::make_unique<IndexReader>(load_cluster(target.cluster_path), ClusterOptions{});
}

DossierClient::DossierClient(DossierTarget target) : target_(std::move(target)) { reopen(); }

DossierClient::~DossierClient() = default;

void DossierClient::reopen() {
  searcher_.reset();
  index_.reset();
  index_ = open_target(target_);
  searcher_ = std::make_unique<Searcher>(*index_, target_.searcher);
}

void DossierClient::run(const BenchQuery& query, BenchMode mode) {
  SearchResult result;
  try {
    result = searcher_->search(bench_request(query.text, mode, target_.count_policy, target_.extras));
  } catch (const QueryError& e) {
    throw BenchQueryError(describe_query_error(e));
  } catch (const UsageError& e) {
    throw BenchQueryError(e.what());
  }
  last_hits_ = result.hits.size();
  last_had_facets_ = !result.facets.empty();
  last_counts_estimated_ = result.counts_sampled;
  last_split_ = result.threads > 1;
  last_had_snippets_ = false;
  for (const Hit& hit : result.hits) last_had_snippets_ = last_had_snippets_ || !hit.snippet.text.empty();
}

}  // namespace dossier::bench
