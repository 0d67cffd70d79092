// dossier-bench's client: one IndexReader + Searcher, searching through the same library code
// as dossier-search, with the work switches of SearchRequest set per mode.
#pragma once

#include <memory>
#include <string>

#include "bench/bench_cli.h"
#include "bench/harness.h"
#include "searcher/search.h"

namespace dossier::bench {

// The request a mode sends: the top 10 articles, as dossier-search asks for them (no matched
// terms without --explain); facet counts from facets on; snippets in full.
// policy: as dossier-search --exact-facets / --sample-above.
SearchRequest bench_request(const std::string& query, BenchMode mode, const CountPolicy& policy = {}, const SearchExtras& extras = {});

// A database directory, or (when cluster_path is set) a cluster description file.
struct DossierTarget {
  std::string db_path;
  std::string cluster_path;
  CountPolicy count_policy;  // --exact-facets, --sample-above
  SearcherOptions searcher;  // --search-threads
  SearchExtras extras;       // --without
};

// Opens the target as dossier-search would (--db or --cluster). Throws DatabaseError or ClusterError.
std::unique_ptr<IndexReader> open_target(const DossierTarget& target);

class DossierClient : public BenchClient {
 public:
  // Throws DatabaseError (or ClusterError) when the database cannot be opened.
  explicit DossierClient(std::string db_path) : DossierClient(DossierTarget{std::move(db_path), {}, {}, {}, {}}) {}
  explicit DossierClient(DossierTarget target);
  ~DossierClient() override;

  // QueryError and UsageError (an unknown facet value) become BenchQueryError.
  void run(const BenchQuery& query, BenchMode mode) override;
  void reopen() override;

  // Hits of the last query (for tests).
  std::size_t last_hits() const { return last_hits_; }
  bool last_had_facets() const { return last_had_facets_; }
  bool last_had_snippets() const { return last_had_snippets_; }
  bool last_counts_estimated() const override { return last_counts_estimated_; }
  bool last_split() const override { return last_split_; }

 private:
  DossierTarget target_;
  std::unique_ptr<IndexReader> index_;
  std::unique_ptr<Searcher> searcher_;
  std::size_t last_hits_ = 0;
  bool last_had_facets_ = false;
  bool last_had_snippets_ = false;
  bool last_counts_estimated_ = false;
  bool last_split_ = false;
};

}  // namespace dossier::bench
