#include "searcher/article_rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "searcher/article_candidates.h"
#include "searcher/index_reader.h"
#include "searcher/query_shape.h"

namespace dossier {

namespace {

using namespace article_mix;

// Every article outside the candidates has a best passage below this (0: every matching article
// is a candidate; infinity: unknown).
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// An article of one passage is scored by its passage alone (mix_weight), so no bound on the
// whole-article scores of the articles outside the candidates keeps one of them off the page:
// the best `wanted` of them by their passage (above the page's last mixed score, where the
// ordered candidates fill it) join the candidates. Not needed where no article outside the
// candidates has a best passage that high (outside_below: what the route's passes bound),
// nor with a weight of 0 (the passages rank every article, and the routes' bounds are on
// passages then) or 1 (no article is scored by its passage). True where any joined.
bool add_single_passages(const RankContext& context, const Xapian::Query& query, std::size_t wanted, const std::vector<Candidate>& ordered,
                         double outside_below, std::vector<Candidate>& candidates, std::unordered_map<std::string, std::size_t>& by_id) {
  const double weight = context.request.ranking.article_weight;
  if (!(weight > 0 && weight < 1) || outside_below <= 0) return false;
  const double min_weight = ordered.size() >= wanted ? cutoff_below(ordered[wanted - 1].mixed) : 0;
  if (min_weight > 0 && outside_below <= min_weight) return false;
  bool added = false;
  for (Candidate& single : best_single_passages(context, query, wanted, min_weight)) {
    if (by_id.count(single.article_id) != 0) continue;
    by_id.emplace(single.article_id, candidates.size());
    candidates.push_back(std::move(single));
    added = true;
  }
  return added;
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
  find_best_passages(context, query, ids, candidates, by_id, every_match ? Coverage::Every : Coverage::Some);
  count_passages(context, candidates);
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
      // An article of one passage is scored by its passage alone: it reaches the page with a
      // passage above M itself. Where M is below T and the database marks those passages, the
      // pass adds T - M to their weights (with_single_bonus), so that it finds them too; below,
      // each one's passage score is its weight less the bonus.
      double cutoff = 0, bonus = 0;
      double single_cutoff = 0;  // what the pass finds the articles of one passage above
      if (filled) {
        const double last = ordered[wanted - 1].mixed;
        cutoff = single_cutoff = cutoff_below((last - weight * article_floor) / (1 - weight));
        if (cutoff_below(last) < cutoff && marks_single_passages(context)) {
          single_cutoff = cutoff_below(last);
          bonus = cutoff - single_cutoff;
        }
      }
      if (bonus > 0) above.set_query(with_single_bonus(query, bonus));
      Ranking passages =
          rank_passages(RankContext{context.index, by_article, request, context.workers, 0}, above, Page{0, room, cutoff});
      if (!filled) {
        unfilled_counts.estimated = passages.estimated;
        unfilled_counts.lower_bound = passages.lower_bound;
        unfilled_counts.upper_bound = passages.upper_bound;
      }
      std::vector<bool> single(passages.hits.size(), false);
      if (bonus > 0) {
        std::vector<Xapian::docid> docids;
        for (const RankedHit& hit : passages.hits) docids.push_back(hit.docid);
        single = marked_single(context.index.database(), docids);
      }
      std::vector<std::string> outside;
      for (std::size_t i = 0; i < passages.hits.size(); ++i) {
        const RankedHit& hit = passages.hits[i];
        const std::string id = article_id_of(hit);
        if (by_id.count(id) != 0) continue;
        by_id.emplace(id, candidates.size());
        outside.push_back(id);
        candidates.push_back(single[i] ? Candidate{id, hit.docid, hit.document, hit.score - bonus, 0, false, 0, 1}
                                       : Candidate{id, hit.docid, hit.document, hit.score, 0, false, 0});
      }
      if (!outside.empty()) {
        score_articles(context, query, outside, candidates, by_id);
        count_passages(context, candidates);
      }
      // The bound T holds for the articles of several passages; those of one, by
      // add_single_passages, unless the pass held every article with a passage above its cutoff
      // (for those of one, less the bonus).
      const bool saturated = passages.hits.size() >= room;
      const bool singles =
          add_single_passages(context, query, wanted, ordered, saturated ? kUnbounded : single_cutoff, candidates, by_id);
      if (!outside.empty() || singles) ordered = order_candidates(std::move(candidates), weight, collapse_copies, wanted);
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

// Passage first (where articles_cover(query) and passages_select(query): words that must meet in
// one passage, which far fewer passages than whole articles hold): the candidates are the best
// 2 x pool articles by their best passage, and one match restricted to them gives each its
// whole-article score. When fewer articles than that match, every match is known (two matches in
// all, the count exact). Otherwise an article outside them has a best passage of at most the
// last one's, P, so it can only reach the page (whose last mixed score is M) with a whole-article
// score above U = (M - (1 - weight) x P) / weight: an article match with U as its weight cutoff
// finds every such article, and one restricted match gives those their best passages (one
// without a matching passage does not match). Exact unless more than 2 x pool articles pass U
// (then the best of them as wholes are weighed). Empty where copies of one another leave the
// page short: the caller ranks from both sides.
std::optional<Ranking> rank_passage_first(const RankContext& context, const Xapian::Query& query, std::size_t wanted,
                                          std::size_t pool) {
  const SearchRequest& request = context.request;
  const double weight = request.ranking.article_weight;
  const std::size_t room = 2 * pool;
  SearchPlan by_article = context.plan;
  by_article.collapse_copies = false;
  Xapian::Enquire enquire = ranking_enquire(context.index.database(), query, request, context.index.all_local());
  Ranking passages = rank_passages(RankContext{context.index, by_article, request, context.workers, 0}, enquire, Page{0, room});
  const bool every_match = passages.hits.size() < room;
  const double passage_floor = passages.hits.empty() ? 0 : passages.hits.back().score;
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, std::size_t> by_id;
  add_passage_candidates(passages.hits, candidates, by_id);
  std::vector<std::string> ids;
  ids.reserve(candidates.size());
  for (const Candidate& candidate : candidates) ids.push_back(candidate.article_id);
  score_articles(context, query, ids, candidates, by_id);
  count_passages(context, candidates);
  const bool collapse_copies = context.plan.collapse_copies;
  // With a weight of 0 the passages alone rank: nothing outside the candidates can pass them.
  const bool threshold_pass = !every_match && weight > 0;
  std::vector<Candidate> ordered = order_candidates(threshold_pass ? candidates : std::move(candidates), weight, collapse_copies,
                                                    every_match ? std::numeric_limits<std::size_t>::max() : wanted);
  if (!every_match && ordered.size() < wanted) return std::nullopt;
  if (threshold_pass) {
    const double threshold = (ordered[wanted - 1].mixed - (1 - weight) * passage_floor) / weight;
    std::vector<std::string> outside;
    for (auto& [id, score] : article_scores(context, query, static_cast<Xapian::doccount>(room), nullptr, cutoff_below(threshold)).scores) {
      if (by_id.count(id) != 0) continue;
      by_id.emplace(id, candidates.size());
      outside.push_back(id);
      candidates.push_back(Candidate{std::move(id), 0, {}, 0, score, true, 0});
    }
    if (!outside.empty()) {
      find_best_passages(context, query, outside, candidates, by_id);
      count_passages(context, candidates);
    }
    // The bound U holds for the articles of several passages; those of one, whose best passage
    // is at most P, by add_single_passages.
    const bool singles =
        add_single_passages(context, query, wanted, ordered, std::nextafter(passage_floor, kUnbounded), candidates, by_id);
    if (!outside.empty() || singles) ordered = order_candidates(std::move(candidates), weight, collapse_copies, wanted);
  }
  Ranking ranking = page_of(ordered, request.offset, wanted);
  if (every_match) {
    ranking.estimated = ranking.lower_bound = ranking.upper_bound = static_cast<Xapian::doccount>(ordered.size());
  } else {
    // What matches is decided by the passages: their side's bounds (of articles: it collapses).
    ranking.estimated = passages.estimated;
    ranking.lower_bound = passages.lower_bound;
    ranking.upper_bound = passages.upper_bound;
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
  // No hit asked for (--limit 0 with a timeline, where no probe hit is ranked either): no page,
  // and so no page's last score to take a threshold from; the passage match's bounds.
  if (wanted == 0) return rank_passages(context, enquire, Page{0, 0});

  // A spy on the ranking match needs the passage side's match of every passage.
  if (context.plan.count != CountRoute::RankingSpy && articles_cover(query)) {
    std::optional<Ranking> ranking = passages_select(query) ? rank_passage_first(context, query, wanted, pool)
                                                            : rank_article_first(context, query, wanted, pool);
    if (ranking) return std::move(*ranking);
  }

  // Both sides. The passage side: every matching article's best passage, the best `pool` of them.
  Ranking passages = rank_passages(context, enquire, Page{0, pool});
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, std::size_t> by_id;
  add_passage_candidates(passages.hits, candidates, by_id);
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
  score_articles(context, query, missing_article, candidates, by_id);
  count_passages(context, candidates);
  // An article-side candidate without a matching passage does not match the query. Each group
  // of copies once: the passage side alone holds `pool` distinct groups (it collapsed on the
  // label), so the page is still full. The articles of one passage outside both sides are
  // found by add_single_passages.
  std::vector<Candidate> ordered = order_candidates(candidates, weight, context.plan.collapse_copies, wanted);
  // The passage side holds every matching article where it holds fewer than the pool; else one
  // outside it has a best passage of at most the pool's last.
  const double outside_below = passages.hits.size() < pool ? 0 : std::nextafter(passages.hits.back().score, kUnbounded);
  if (add_single_passages(context, query, wanted, ordered, outside_below, candidates, by_id)) {
    ordered = order_candidates(std::move(candidates), weight, context.plan.collapse_copies, wanted);
  }
  Ranking ranking = page_of(ordered, request.offset, wanted);
  ranking.estimated = passages.estimated;
  ranking.lower_bound = passages.lower_bound;
  ranking.upper_bound = passages.upper_bound;
  return ranking;
}

}  // namespace dossier
