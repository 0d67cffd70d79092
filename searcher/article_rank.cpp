#include "searcher/article_rank.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "searcher/copies.h"
#include "searcher/index_reader.h"

namespace dossier {

namespace {

struct Candidate {
  std::string article_id;
  Xapian::docid passage = 0;  // its best passage (0: none matched)
  Xapian::Document document;  // of that passage
  double passage_score = 0;
  double article_score = 0;
  bool article_scored = false;  // article_score comes from the article shards (else 0: not matched there)
  double mixed = 0;
};

// OR of the article terms of these ids: the right side of an OP_FILTER.
Xapian::Query articles_filter(const std::vector<std::string>& ids) {
  std::vector<std::string> terms;
  terms.reserve(ids.size());
  for (const std::string& id : ids) terms.push_back(schema::article_term(id));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string article_id_of(const RankedHit& hit) {
  return hit.article_id.empty() ? hit.document.get_value(schema::kSlotArticleId) : hit.article_id;
}

// The whole-article BM25 of the query's best `wanted` articles, optionally only among `only`.
std::vector<std::pair<std::string, double>> article_scores(Xapian::Database& articles, const Xapian::Query& query,
                                                           const RankingOptions& ranking, Xapian::doccount wanted,
                                                           const std::vector<std::string>* only) {
  Xapian::Enquire enquire(articles);
  enquire.set_query(only == nullptr ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, articles_filter(*only)));
  RankingOptions whole = ranking;
  whole.bm25_k1 = ranking.article_k1;
  whole.bm25_b = ranking.article_b;
  enquire.set_weighting_scheme(bm25_weighting(whole));
  // The article id of the best few only (a collapse key would read it for every match).
  const Xapian::MSet mset = enquire.get_mset(0, wanted);
  std::vector<std::pair<std::string, double>> scores;
  scores.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    scores.emplace_back(it.get_document().get_value(schema::kSlotArticleId), it.get_weight());
  }
  return scores;
}

}  // namespace

Ranking rank_articles_mixed(const RankContext& context, Xapian::Enquire& enquire) {
  const SearchRequest& request = context.request;
  const double weight = request.ranking.article_weight;
  const std::size_t wanted = request.offset + request.limit + context.probe;
  const std::size_t pool = std::max(wanted, kMixPool);
  const Xapian::Query query = enquire.get_query();
  Xapian::Database& articles = *context.index.articles();

  // The passage side: every matching article's best passage, the best `pool` of them.
  Ranking passages = rank_passages(context, enquire, Page{0, pool});
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, std::size_t> by_id;
  for (RankedHit& hit : passages.hits) {
    Candidate candidate{article_id_of(hit), hit.docid, std::move(hit.document), hit.score, 0, false, 0};
    by_id.emplace(candidate.article_id, candidates.size());
    candidates.push_back(std::move(candidate));
  }
  // The article side: the best `pool` articles as wholes. The passage query runs on the article
  // documents as it is: their terms are the passages' words and filter terms, and without
  // positions a phrase or NEAR counts as AND there (only the passage side decides what matches).
  std::vector<std::string> missing_passage;
  for (const auto& [id, score] : article_scores(articles, query, request.ranking, static_cast<Xapian::doccount>(pool), nullptr)) {
    const auto found = by_id.find(id);
    if (found != by_id.end()) {
      candidates[found->second].article_score = score;
      candidates[found->second].article_scored = true;
    } else {
      by_id.emplace(id, candidates.size());
      candidates.push_back(Candidate{id, 0, {}, 0, score, true, 0});
      missing_passage.push_back(id);
    }
  }
  // Scores the other side did not give: the article side's best passages (a match restricted
  // to those articles, so with the same weights), and the passage side's whole-article scores.
  if (!missing_passage.empty()) {
    Xapian::Enquire restricted = ranking_enquire(context.index.database(), Xapian::Query(Xapian::Query::OP_FILTER, query, articles_filter(missing_passage)), request,
                                                 context.index.all_local());
    // Each of these articles' own best passage, copies or not: which copy stands for a group is
    // decided by the mixed score, below.
    SearchPlan by_article = context.plan;
    by_article.collapse_copies = false;
    RankContext single{context.index, by_article, context.request, nullptr, 0};
    Ranking found = rank_passages(single, restricted, Page{0, missing_passage.size()});
    for (RankedHit& hit : found.hits) {
      Candidate& candidate = candidates[by_id.at(article_id_of(hit))];
      candidate.passage = hit.docid;
      candidate.document = std::move(hit.document);
      candidate.passage_score = hit.score;
    }
  }
  std::vector<std::string> missing_article;
  for (const Candidate& candidate : candidates) {
    if (!candidate.article_scored) missing_article.push_back(candidate.article_id);
  }
  if (!missing_article.empty()) {
    for (const auto& [id, score] :
         article_scores(articles, query, request.ranking, static_cast<Xapian::doccount>(missing_article.size()), &missing_article)) {
      candidates[by_id.at(id)].article_score = score;
    }
  }
  // An article-side candidate without a matching passage does not match the query.
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.passage == 0; }),
                   candidates.end());
  for (Candidate& candidate : candidates) {
    candidate.mixed = weight * candidate.article_score + (1 - weight) * candidate.passage_score;
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.mixed != b.mixed) return a.mixed > b.mixed;
    if (a.passage_score != b.passage_score) return a.passage_score > b.passage_score;
    return a.passage < b.passage;
  });
  // Each group of copies once, as its best-mixed article. The passage side alone holds `pool`
  // distinct groups (it collapsed on the label), so the page is still full.
  if (context.plan.collapse_copies) {
    candidates = first_of_each_label(std::move(candidates), wanted,
                                     [](const Candidate& c) { return c.document.get_value(schema::kSlotCopyGroup); });
  }

  Ranking ranking;
  ranking.estimated = passages.estimated;
  ranking.lower_bound = passages.lower_bound;
  ranking.upper_bound = passages.upper_bound;
  for (std::size_t i = request.offset; i < std::min(wanted, candidates.size()); ++i) {
    Candidate& candidate = candidates[i];
    ranking.hits.push_back({std::move(candidate.document), candidate.passage, candidate.mixed, i + 1, candidate.article_id});
  }
  return ranking;
}

}  // namespace dossier
