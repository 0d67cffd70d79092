#include "searcher/article_rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "searcher/copies.h"
#include "searcher/index_reader.h"
#include "searcher/query_shape.h"
#include "searcher/speedup/article_filter.h"
#include "searcher/speedup/shard_tables.h"
#include "searcher/speedup/split_rank.h"

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

// These articles as the right side of an OP_FILTER, over the passage shards or (documents) the
// article shards: by the shard tables where the plan reads them (speedup/article_filter.h), else
// an OR of their article terms. The same matches either way.
Xapian::Query only_articles(const RankContext& context, const std::vector<std::string>& ids, bool documents) {
  if (context.plan.article_tables) {
    auto shared = std::make_shared<const std::vector<std::string>>(ids);
    Xapian::PostingSource* filter = documents ? static_cast<Xapian::PostingSource*>(new ArticleDocumentsFilter(std::move(shared)))
                                              : new ArticlePassagesFilter(std::move(shared));
    return Xapian::Query(filter->release());
  }
  std::vector<std::string> terms;
  terms.reserve(ids.size());
  for (const std::string& id : ids) terms.push_back(schema::article_term(id));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The article ids of article documents (docids of articles()): from the article shards' tables
// where the plan reads them, each shard's fetched once per match (a value read is a B-tree
// lookup; the table cache takes a lock), else from their values.
class ArticleIds {
 public:
  ArticleIds(const RankContext& context, Xapian::Database& articles) : articles_(articles) {
    if (!context.plan.article_tables) return;
    for (std::size_t shard = 0; shard < context.index.shard_count(); ++shard) tables_.push_back(article_docids(context.index.article_part(shard)));
  }

  std::string at(Xapian::docid docid) const {
    if (!tables_.empty()) {
      const std::shared_ptr<const ArticleDocids>& table = tables_[(docid - 1) % tables_.size()];
      const std::string_view id = table ? table->article_of(static_cast<Xapian::docid>((docid - 1) / tables_.size() + 1)) : std::string_view();
      if (!id.empty()) return std::string(id);
    }
    return articles_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotArticleId);
  }

 private:
  Xapian::Database& articles_;
  std::vector<std::shared_ptr<const ArticleDocids>> tables_;  // by shard; empty: read the values
};

std::string article_id_of(const RankedHit& hit) {
  return hit.article_id.empty() ? hit.document.get_value(schema::kSlotArticleId) : hit.article_id;
}

struct ArticleScores {
  std::vector<std::pair<std::string, double>> scores;  // (article id, whole-article BM25), best first
  Xapian::doccount estimated = 0, lower_bound = 0, upper_bound = 0;  // articles matching as wholes
};

// The whole-article BM25 of the query's best `wanted` articles, optionally only among `only`:
// weighed from the article shards' length tables where the plan weighs passages from theirs
// (the same weights; most of an article match's time went to Xapian's document lengths), and
// split between the search's threads where its passage matches are (not a restricted match: it
// is small, and its filter cannot cross threads).
ArticleScores article_scores(const RankContext& context, const Xapian::Query& query, Xapian::doccount wanted,
                             const std::vector<std::string>* only) {
  Xapian::Database& articles = *context.index.articles();
  RankingOptions whole = context.request.ranking;
  whole.bm25_k1 = whole.article_k1;
  whole.bm25_b = whole.article_b;
  const Bm25Params params = bm25_params(whole);
  const Xapian::BM25Weight weighting = bm25_weighting(whole);
  const ArticleIds ids(context, articles);
  ArticleScores out;
  if (only == nullptr && context.workers != nullptr) {
    RankRequest request{query.serialise(), &weighting, Xapian::BAD_VALUENO, wanted, context.plan.bm25_sources ? &params : nullptr};
    request.articles = true;
    const RankedMatch ranked = rank_split(*context.workers, articles, request);
    out.estimated = ranked.estimated;
    out.lower_bound = ranked.lower_bound;
    out.upper_bound = ranked.upper_bound;
    out.scores.reserve(ranked.docs.size());
    for (const RankedDoc& doc : ranked.docs) out.scores.emplace_back(ids.at(doc.docid), doc.weight);
    return out;
  }
  const Xapian::Query weighed = context.plan.bm25_sources ? with_bm25_sources(query, articles, params) : query;
  Xapian::Enquire enquire(articles);
  enquire.set_query(only == nullptr ? weighed : Xapian::Query(Xapian::Query::OP_FILTER, weighed, only_articles(context, *only, true)));
  enquire.set_weighting_scheme(weighting);
  // The article id of the best few only (a collapse key would read it for every match).
  const Xapian::MSet mset = enquire.get_mset(0, wanted);
  out.estimated = mset.get_matches_estimated();
  out.lower_bound = mset.get_matches_lower_bound();
  out.upper_bound = mset.get_matches_upper_bound();
  out.scores.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.scores.emplace_back(ids.at(*it), it.get_weight());
  return out;
}

// Each of these articles' best matching passage, from one match restricted to them (so with
// the weights of the whole collection), copies or not: which copy stands for a group is decided
// by the mixed score. Sets Candidate::passage, document and passage_score; a candidate without a
// matching passage keeps passage 0.
void find_best_passages(const RankContext& context, const Xapian::Query& query, const std::vector<std::string>& ids,
                        std::vector<Candidate>& candidates, const std::unordered_map<std::string, std::size_t>& by_id) {
  if (ids.empty()) return;
  Xapian::Enquire restricted = ranking_enquire(context.index.database(), Xapian::Query(Xapian::Query::OP_FILTER, query, only_articles(context, ids, false)),
                                               context.request, context.index.all_local());
  SearchPlan by_article = context.plan;
  by_article.collapse_copies = false;
  RankContext single{context.index, by_article, context.request, nullptr, 0};
  Ranking found = rank_passages(single, restricted, Page{0, ids.size()});
  for (RankedHit& hit : found.hits) {
    Candidate& candidate = candidates[by_id.at(article_id_of(hit))];
    candidate.passage = hit.docid;
    candidate.document = std::move(hit.document);
    candidate.passage_score = hit.score;
  }
}

// Drops the candidates without a matching passage, mixes the two scores, orders by the mix and
// keeps each group of copies once (as its best-mixed article), at most `keep`.
std::vector<Candidate> order_candidates(std::vector<Candidate> candidates, double weight, bool collapse_copies, std::size_t keep) {
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
  if (collapse_copies) {
    return first_of_each_label(std::move(candidates), keep, [](const Candidate& c) { return c.document.get_value(schema::kSlotCopyGroup); });
  }
  if (candidates.size() > keep) candidates.resize(keep);
  return candidates;
}

// The page [offset, wanted) of the ordered candidates.
Ranking page_of(std::vector<Candidate>& ordered, std::size_t offset, std::size_t wanted) {
  Ranking ranking;
  for (std::size_t i = offset; i < std::min(wanted, ordered.size()); ++i) {
    Candidate& candidate = ordered[i];
    ranking.hits.push_back({std::move(candidate.document), candidate.passage, candidate.mixed, i + 1, candidate.article_id, {}});
  }
  return ranking;
}

// Article first (where articles_cover(query)): the candidates are the best `pool` articles as
// wholes, and one restricted match gives each its best matching passage. Every article with a
// matching passage matches as a whole, so when the article side holds fewer than `pool` articles
// it holds every match. Otherwise an article outside it has a whole-article score of at most the
// pool's last, A, and can only reach the page (whose last mixed score is M) with a best passage
// above T = (M - weight x A) / (1 - weight): a passage match with T as its weight cutoff finds
// every such article (nothing below T is weighed). Exact, as the brute force in
// tests/searcher/test_article_rank.cpp checks, unless more than 2 x pool articles pass T: then
// the best 2 x pool of them by their passages are weighed. Where the candidates left do not fill
// the page (too many had no matching passage, or were copies of one another) there is no T: the
// best 2 x pool articles by their best passage join them, as from both sides but without
// matching the article side and the candidates' passages again. Empty only then with a weight of
// 1 (no passage score to find them by): the caller ranks from both sides.
std::optional<Ranking> rank_article_first(const RankContext& context, const Xapian::Query& query, std::size_t wanted,
                                          std::size_t pool) {
  const SearchRequest& request = context.request;
  const double weight = request.ranking.article_weight;
  ArticleScores side = article_scores(context, query, static_cast<Xapian::doccount>(pool), nullptr);
  const bool every_match = side.scores.size() < pool;
  const double article_floor = side.scores.empty() ? 0 : side.scores.back().second;
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, std::size_t> by_id;
  std::vector<std::string> ids;
  for (auto& [id, score] : side.scores) {
    by_id.emplace(id, candidates.size());
    ids.push_back(id);
    candidates.push_back(Candidate{std::move(id), 0, {}, 0, score, true, 0});
  }
  find_best_passages(context, query, ids, candidates, by_id);
  const bool collapse_copies = context.plan.collapse_copies;
  // The candidates are needed again only for the pass over the passages above the threshold.
  const bool threshold_pass = !every_match && weight < 1;
  std::vector<Candidate> ordered = order_candidates(threshold_pass ? candidates : std::move(candidates), weight, collapse_copies,
                                                    every_match ? std::numeric_limits<std::size_t>::max() : wanted);
  // The candidates with a matching passage fill the page, or not (some match as wholes only: a
  // phrase, or words and filters in different paragraphs).
  const bool filled = every_match || ordered.size() >= wanted;
  Ranking unfilled_counts;  // where the page was not filled: the bounds of the pass without a threshold
  if (!every_match) {
    if (!filled && !threshold_pass) return std::nullopt;
    if (threshold_pass) {
      Xapian::Enquire above = ranking_enquire(context.index.database(), query, request, context.index.all_local());
      SearchPlan by_article = context.plan;
      by_article.collapse_copies = false;
      // Room for `pool` articles outside the candidates beside every candidate. Where more pass
      // T, the best of them by their passages are the ones weighed, as the passage side of the
      // ranking from both sides takes its best (not exact then, but no second passage match).
      const std::size_t room = 2 * pool;
      // A hair under T: a passage at T exactly could tie with the page's last. Split between the
      // threads where the search is: this pass reads every posting of the query's words. Where
      // the candidates did not fill the page there is no T: the pass takes the best `room`
      // articles by their best passage, as the passage side of the ranking from both sides does,
      // without matching the article side and the candidates' passages again.
      double cutoff = 0;
      if (filled) {
        const double threshold = (ordered[wanted - 1].mixed - weight * article_floor) / (1 - weight);
        cutoff = std::max(0.0, threshold - 1e-9 * std::max(1.0, std::abs(threshold)));
      }
      const Ranking passages =
          rank_passages(RankContext{context.index, by_article, request, context.workers, 0}, above, Page{0, room, cutoff});
      if (!filled) {
        unfilled_counts.estimated = passages.estimated;
        unfilled_counts.lower_bound = passages.lower_bound;
        unfilled_counts.upper_bound = passages.upper_bound;
      }
      std::vector<std::string> outside;
      for (const RankedHit& hit : passages.hits) {
        const std::string id = article_id_of(hit);
        if (by_id.count(id) != 0) continue;
        by_id.emplace(id, candidates.size());
        outside.push_back(id);
        candidates.push_back(Candidate{id, hit.docid, hit.document, hit.score, 0, false, 0});
      }
      if (!outside.empty()) {
        for (const auto& [id, score] :
             article_scores(context, query, static_cast<Xapian::doccount>(outside.size()), &outside).scores) {
          candidates[by_id.at(id)].article_score = score;
        }
        ordered = order_candidates(std::move(candidates), weight, collapse_copies, wanted);
      }
      // Copies of one another among those articles may still leave the page short while more
      // match: then from both sides, whose passage side collapses on the copies itself.
      if (ordered.size() < wanted && passages.hits.size() >= room) return std::nullopt;
    }
  }
  Ranking ranking = page_of(ordered, request.offset, wanted);
  if (every_match) {
    // Every matching article (or group of copies) is known: the count is exact.
    ranking.estimated = ranking.lower_bound = ranking.upper_bound = static_cast<Xapian::doccount>(ordered.size());
  } else if (!filled) {
    // As the ranking from both sides counts: the passage side's bounds (the article documents'
    // would count articles that match as wholes only).
    ranking.estimated = unfilled_counts.estimated;
    ranking.lower_bound = unfilled_counts.lower_bound;
    ranking.upper_bound = unfilled_counts.upper_bound;
  } else {
    // At least those with a matching passage among the candidates; at most the articles that
    // match as wholes (a phrase, NEAR or AND over several passages matches an article document).
    ranking.lower_bound = static_cast<Xapian::doccount>(ordered.size());
    ranking.upper_bound = std::max(side.upper_bound, ranking.lower_bound);
    ranking.estimated = std::clamp(side.estimated, ranking.lower_bound, ranking.upper_bound);
  }
  return ranking;
}

}  // namespace

Ranking rank_articles_mixed(const RankContext& context, Xapian::Enquire& enquire) {
  const SearchRequest& request = context.request;
  const double weight = request.ranking.article_weight;
  const std::size_t wanted = request.offset + request.limit + context.probe;
  const std::size_t pool = std::max(wanted, kMixPool);
  const Xapian::Query query = enquire.get_query();

  // A spy on the ranking match needs the passage side's match of every passage.
  if (context.plan.count != CountRoute::RankingSpy && articles_cover(query)) {
    if (std::optional<Ranking> ranking = rank_article_first(context, query, wanted, pool)) return std::move(*ranking);
  }

  // Both sides. The passage side: every matching article's best passage, the best `pool` of them.
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
  for (auto& [id, score] : article_scores(context, query, static_cast<Xapian::doccount>(pool), nullptr).scores) {
    const auto found = by_id.find(id);
    if (found != by_id.end()) {
      candidates[found->second].article_score = score;
      candidates[found->second].article_scored = true;
    } else {
      by_id.emplace(id, candidates.size());
      missing_passage.push_back(id);
      candidates.push_back(Candidate{std::move(id), 0, {}, 0, score, true, 0});
    }
  }
  // Scores the other side did not give: the article side's best passages, and the passage
  // side's whole-article scores.
  find_best_passages(context, query, missing_passage, candidates, by_id);
  std::vector<std::string> missing_article;
  for (const Candidate& candidate : candidates) {
    if (!candidate.article_scored) missing_article.push_back(candidate.article_id);
  }
  if (!missing_article.empty()) {
    for (const auto& [id, score] :
         article_scores(context, query, static_cast<Xapian::doccount>(missing_article.size()), &missing_article).scores) {
      candidates[by_id.at(id)].article_score = score;
    }
  }
  // An article-side candidate without a matching passage does not match the query. Each group
  // of copies once: the passage side alone holds `pool` distinct groups (it collapsed on the
  // label), so the page is still full.
  std::vector<Candidate> ordered = order_candidates(std::move(candidates), weight, context.plan.collapse_copies, wanted);
  Ranking ranking = page_of(ordered, request.offset, wanted);
  ranking.estimated = passages.estimated;
  ranking.lower_bound = passages.lower_bound;
  ranking.upper_bound = passages.upper_bound;
  return ranking;
}

}  // namespace dossier
