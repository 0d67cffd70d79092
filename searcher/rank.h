// The ranking stage: the hits of one page, by the route the plan chose (searcher/plan.h). Every
// route ranks with the same BM25 (bm25_weighting) and gives Xapian's own order; the split route
// and the length table are speed-ups with the same answers (searcher/speedup/).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "searcher/facet_counters.h"
#include "searcher/plan.h"
#include "searcher/request.h"
#include "searcher/speedup/bm25_source.h"

namespace dossier {

class IndexReader;
class SplitWorkers;

// The ranking every match of a search uses (the split search's threads clone the same one, and
// Bm25Source reproduces it).
Bm25Params bm25_params(const RankingOptions& ranking);
Xapian::BM25Weight bm25_weighting(const RankingOptions& ranking);

struct RankedHit {
  Xapian::Document document;
  Xapian::docid docid = 0;
  double score = 0;
  std::size_t rank = 0;  // 1-based, including the offset
  std::string article_id;  // where the route knows it without reading the document (else empty)
  // The copy label (schema::kSlotCopyGroup) where the route collapsed on it: the match's collapse
  // key, so that finding the hit's copies reads no value (else empty).
  std::string copy_label;
};

struct Ranking {
  std::vector<RankedHit> hits;  // the page asked for
  // The ranking match's estimate of the matches, after collapsing (Single and Split routes):
  // the total when nothing was counted.
  Xapian::doccount estimated = 0;
  Xapian::doccount lower_bound = 0;
  Xapian::doccount upper_bound = 0;
  // CountRoute::RankingSpy: what the spy on the ranking match counted.
  std::unique_ptr<FacetCounter> spy;
};

struct RankContext {
  IndexReader& index;
  const SearchPlan& plan;
  const SearchRequest& request;
  SplitWorkers* workers = nullptr;  // the threads of RankRoute::Split
  // Hits ranked past the page, so that the caller learns whether another page follows
  // (SearchResult::more); they never change the hits of the page.
  std::size_t probe = 0;
};

// The value a ranking collapses on: the copy label where the plan collapses copies, else the
// article id.
Xapian::valueno collapse_slot(const SearchPlan& plan);

// An Enquire over db for query, weighted by the request's BM25 and sorted as it asks. Ranking
// runs it; the hits' matched terms are read from it afterwards.
// all_local: no remote part, so undated articles can sort last by date (a key maker).
Xapian::Enquire ranking_enquire(Xapian::Database& db, const Xapian::Query& query, const SearchRequest& request, bool all_local);

// enquire: from ranking_enquire(), holding the query's words (it holds them again on return).
Ranking rank(const RankContext& context, Xapian::Enquire& enquire);

// Which hits of the ranking: [offset, offset + limit), of those weighing at least min_weight
// (0: all). A minimum weight is Xapian's weight cutoff: the matcher and the Bm25Sources pass over
// what cannot reach it, which is what makes the whole-article ranking's threshold pass cheap.
struct Page {
  std::size_t offset = 0;
  std::size_t limit = 10;
  double min_weight = 0;
  // Where set, only the documents it accepts are hits (one match in this thread: not split).
  const Xapian::MatchDecider* decider = nullptr;
};

// The best passage per article (per group of copies with plan.collapse_copies; every passage,
// without plan.collapse) in relevance order, one match or split between the threads as the plan
// says (RankRoute::Split); the stage the whole-article ranking (searcher/article_rank.h) starts
// from. RankedHit::article_id is always set where the plan collapses.
Ranking rank_passages(const RankContext& context, Xapian::Enquire& enquire, const Page& page);

}  // namespace dossier
