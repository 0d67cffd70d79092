// One search: query + filters -> ranked hits (best passage per article by default), exact
// facet counts over all matches, and snippets for the hits shown.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/schema.h"
#include "searcher/facet_counter.h"
#include "searcher/match_count.h"
#include "searcher/query_builder.h"
#include "searcher/shard_workers.h"
#include "searcher/snippet.h"

namespace dossier {

enum class SortOrder { Relevance, DateAscending, DateDescending };

// How an article's score comes from its passages' scores (grouped results only).
enum class ArticleScore {
  Best,  // the best passage's score (Xapian's collapse)
  Sum,   // the best passage plus a share of the other matching passages' scores
};

struct RankingOptions {
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  std::size_t expand_terms = 0;  // pseudo-relevance feedback: terms added from the top passages
  ArticleScore article_score = ArticleScore::Best;
};

struct SearchRequest {
  std::string query;
  std::vector<std::string> countries, actors, weapons;  // ids or names; OR within, AND across
  std::vector<std::string> focus_countries;             // countries the article is about
  std::string since, until;                             // YYYY[-MM[-DD]]
  bool by_passage = false;
  bool match_all_words = false;
  std::size_t limit = 10;
  std::size_t offset = 0;
  SortOrder sort = SortOrder::Relevance;
  CountUnit facet_unit = CountUnit::Articles;
  FacetMethod facet_method = FacetMethod::Auto;  // how facets are counted (same counts either way)
  // When the totals and facet counts may come from a sample (policy.exact: never; --exact-facets).
  CountPolicy count_policy;
  std::size_t facet_top = 8;  // values per facet in the result (0: all)
  SnippetOptions snippet;
  RankingOptions ranking;
  bool collect_matched_terms = true;  // fill Hit::matched_terms (--explain shows them)
  // Work switches, so that dossier-bench can time the parts of a search separately (its top10,
  // facets and full modes); every other caller keeps both on.
  // count_facets = false: no facet counts (result.facets empty) and matching stops once the top
  // hits are known, so result.total is Xapian's estimate (total_exact says when it is exact).
  bool count_facets = true;
  bool make_snippets = true;  // false: hits carry their record, but no snippet
};

struct FacetValue {
  std::string id;
  std::string name;
  std::size_t count = 0;
  std::string parent;  // weapon systems: their category id
};

struct FacetSummary {
  std::vector<FacetValue> values;  // by count, then name
  std::size_t more = 0;            // values left out by facet_top
};

struct Hit {
  std::size_t rank = 0;  // 1-based, including the offset
  double score = 0;
  Xapian::docid docid = 0;
  PassageRecord record;
  Snippet snippet;
  std::map<std::string, std::vector<std::string>> facets;  // "country" -> ids in this passage
  std::vector<std::string> matched_terms;                   // query terms in this passage
};

struct SearchResult {
  std::string query;
  std::string parsed;        // Xapian's description of the query
  std::size_t total = 0;     // articles (or passages with by_passage)
  bool total_exact = true;
  // Totals and facet counts scaled up from a sample of the matches (CountPolicy) are estimates:
  // counts_sampled is then true and examined_fraction the smallest share of the matches that
  // any of the counts shown examined (1 when every match was counted).
  bool counts_sampled = false;
  double examined_fraction = 1.0;
  std::vector<Hit> hits;
  // "country", "actor", "weapon". Disjunctive: a facet with a filter is counted as if its own
  // filter were not there, so the alternatives to the selected values stay visible.
  std::map<std::string, FacetSummary> facets;
  std::string suggestion;  // "did you mean", when few or no hits and a better spelling exists
  // A partial result (--allow-partial): the shards that were not searched. total_exact is then
  // false: the totals and counts cover the other shards only.
  std::vector<MissingShard> missing_shards;
  std::size_t shards = 0;  // shards of the database, searched or not
  double seconds = 0;
};

struct SearcherOptions {
  // Threads one search is split between, each matching its share of the shards of a local
  // database (searcher/shard_workers.h): 0 picks one per core, at most one per shard; 1 never
  // splits. Hits, totals and counts are the same either way.
  std::size_t threads = 0;
  // Weigh the plain words of a query from a table of passage lengths (searcher/bm25_source.h):
  // the same weights and hits with less work per posting. The table is read once per shard and
  // revision (tens of milliseconds per million passages), which a long-running process (-i,
  // dossier-bench) earns back at once and a one-shot dossier-search does not: it turns this
  // off. DOSSIER_LENGTH_TABLE=0 or 1 in the environment decides for the process. Local shards
  // only (a remote part has no table here).
  bool length_table = true;
  // Count facets from a table of every passage's facet ids per shard (searcher/part_tables.h)
  // instead of reading each match's value through Xapian: the same counts, about half the
  // work of an exact count. Read once per shard and revision (a few hundred milliseconds per
  // million passages), so a one-shot dossier-search turns it off too. DOSSIER_FACET_TABLE=0 or 1
  // decides for the process.
  bool facet_table = true;
};

// The options with DOSSIER_LENGTH_TABLE and DOSSIER_FACET_TABLE from the environment applied, as
// a Searcher applies them.
SearcherOptions with_environment(SearcherOptions options);

// The threads a search over `shards` shards is split between, for SearcherOptions::threads
// `wanted` on a machine with `cores` cores.
std::size_t search_partitions(std::size_t wanted, std::size_t shards, std::size_t cores);
// The same for a search of this database on this machine (1 for a cluster).
std::size_t search_partitions(const IndexReader& index, const SearcherOptions& options);

class Searcher {
 public:
  explicit Searcher(IndexReader& index, SearcherOptions options = {});
  ~Searcher();

  // Throws QueryError, UsageError or DatabaseError.
  SearchResult search(const SearchRequest& request);

 private:
  struct Filters;

  SearchResult run(const SearchRequest& request);
  // After a DatabaseModifiedError (or a hit missing between threads): back off, reopen the
  // database and every split-search thread's.
  void reopen_after_change(int attempt);
  // Every match of query counted (totals and facet values), without ranking, exactly or from a
  // sample as the request's policy allows; notes a sample in result.
  MatchCount count(const Xapian::Query& query, FacetMethod method, const SearchRequest& request, SearchResult& result);
  const FacetCodeTables* codes_for(FacetMethod method);
  bool use_length_table() const;
  // The query a ranking match runs: with_bm25_sources() where the length table is in use.
  Xapian::Query ranking_query(const Xapian::Query& query, const RankingOptions& ranking);
  // The threads to split this database's matches between, or nullptr to match in one thread
  // (one shard, a cluster, threads = 1); started on first use, told when the index reopened.
  ShardWorkers* workers();
  Xapian::Query expand(const Xapian::Query& text, const Xapian::Query& full, const SearchRequest& request);
  void rank_articles_by_sum(Xapian::Enquire& enquire, const SearchRequest& request, SearchResult& result,
                            const ParsedQuery& parsed);
  Hit make_hit(const Xapian::Document& doc, Xapian::docid docid, double score, std::size_t rank, Xapian::Enquire& enquire,
               const ParsedQuery& parsed, const SearchRequest& request);
  void count_facets(const SearchRequest& request, const Filters& filters, FacetMethod method, const MatchCount& full,
                    SearchResult& result);

  IndexReader& index_;
  SearcherOptions options_;
  Normaliser normaliser_;
  QueryBuilder builder_;
  std::unique_ptr<ShardWorkers> workers_;
  bool workers_decided_ = false;
  std::uint64_t workers_generation_ = 0;
};

}  // namespace dossier
