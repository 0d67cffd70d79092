// What a search is asked to do: value types only, shared by the command line, the interactive
// session, the renderer and the benchmark client (none of them sees how a search runs).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/schema.h"

namespace dossier {

enum class SortOrder { Relevance, DateAscending, DateDescending };

// How an article is scored (grouped results ranked by relevance only).
enum class ArticleScore {
  // BM25 over the whole article (its article document, schema::article_dir_name: statistics of
  // articles), mixed with its best passage's score: weight x article + (1 - weight) x passage.
  // Needs the article shards of a local database; elsewhere it is Best.
  Mixed,
  Best,  // the best passage's score (Xapian's collapse)
  Sum,   // the best passage plus a share of the other matching passages' scores
};

struct RankingOptions {
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  std::size_t expand_terms = 0;  // pseudo-relevance feedback: terms added from the top passages
  ArticleScore article_score = ArticleScore::Mixed;
  double article_weight = kDefaultArticleWeight;  // Mixed: the whole article's share of the score
  // Mixed: BM25 parameters of the whole-article score (--article-bm25).
  double article_k1 = kDefaultArticleK1;
  double article_b = kDefaultArticleB;

  // Chosen by leave-one-collection-out cross-validation over the judged collections whose
  // articles have several passages (two Reuters query sets and BBC headlines; an article of one
  // passage is scored by its passage), the passage BM25 kept as it is (docs/ranking.md). A lower
  // b than the passages': a story of more paragraphs covers more of its subject more often than
  // it is merely wordier.
  static constexpr double kDefaultArticleWeight = 0.75;
  static constexpr double kDefaultArticleK1 = 2.0;
  static constexpr double kDefaultArticleB = 0.3;
};

// What facet counts count: distinct articles (default) or passages.
enum class CountUnit { Articles, Passages };

// Which counter counts facets; the counts are the same either way (searcher/facet_counters.h).
enum class FacetMethod {
  Auto,   // Local when every part of the database is local, else Slot
  Local,  // LocalFacetSpy: a custom MatchSpy, which a stock xapian-tcpsrv cannot run
  Slot,   // a built-in ValueCountMatchSpy over schema::kSlotArticleFacets: works remotely
};

// When the totals and facet counts may be estimated from a sample (searcher/match_count.h).
struct CountPolicy {
  // true: always count every match (--exact-facets).
  bool exact = false;
  // A query whose matches cannot exceed this (Xapian's upper bound) is counted exactly; above
  // it, the matches are sampled, unless the sample shows there are this many or fewer after all.
  Xapian::doccount exact_limit = 100000;
  // About how many matching passages a sample examines.
  Xapian::doccount sample_size = sample_size_for(100000);

  // A fifth of the limit: an estimate then costs about a fifth of the largest exact count, and
  // the limit stays the most work any one count does.
  static constexpr Xapian::doccount sample_size_for(Xapian::doccount exact_limit) {
    return exact_limit / 5 > 0 ? exact_limit / 5 : 1;
  }
};

// --timeline: the periods matching articles are counted in (searcher/timeline.h).
enum class TimeUnit { Year, Month, Week, Day };

struct TimelineRequest {
  TimeUnit unit = TimeUnit::Month;
  std::optional<schema::Facet> by_facet;  // --by-facet: a row per top value of this facet
};

struct SnippetOptions {
  std::size_t max_fragments = 2;
  std::size_t fragment_bytes = 200;  // a longer sentence is cut around its first match
};

struct SearchRequest {
  std::string query;
  std::vector<std::string> countries, actors, weapons;  // ids or names; OR within, AND across
  std::vector<std::string> speakers;                    // actors named as an attribution's speaker
  std::vector<std::string> focus_countries;             // countries the article is about
  std::string since, until;                             // YYYY[-MM[-DD]]
  bool by_passage = false;
  // Articles grouped as near-duplicates at index time (indexer/copy_groups.h) shown once, as
  // their best-ranked copy, with the others in Hit::copies (--no-collapse-copies: false). No
  // effect with by_passage, which lists every passage.
  bool collapse_copies = true;
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
  // count_facets = false with count_total: every match still counted, for an exact total, but no
  // facet values tallied (dossier-watch's news counts).
  bool count_total = false;
  bool make_snippets = true;  // false: hits carry their record, but no snippet
  // And the per-query extras a search adds besides the match, so that bench/lever_ab.sh can
  // time each: words that name an entity also match its tagged passages (QueryOptions), and
  // "did you mean" (result.suggestion: a term lookup per word). collapse_copies is the third.
  bool entity_words = true;
  bool suggest_spelling = true;
  // Stop a search that takes longer (QueryError; searcher/deadline.h says where it is checked).
  // 0: no limit. dossier-search sets --time-limit's (10 s by default).
  double time_limit_seconds = 0;
  // Also count the matching articles per period of their date (--timeline; local databases).
  std::optional<TimelineRequest> timeline;
  // Only passages written by one of these indexing runs (schema::kPrefixRun): what dossier-watch
  // shows as new. Set and empty: nothing matches. Unset: every run.
  std::optional<std::vector<std::uint64_t>> runs;
};

}  // namespace dossier
