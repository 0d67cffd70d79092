// Ranking articles by whole-article evidence (RankRoute::ArticleMix, --article-score mixed, for
// grouped, relevance-ranked results): an article's score is
//     weight x BM25 of the query over the whole article + (1 - weight) x its best passage's BM25,
// where the whole-article score comes from the article shards (schema::article_dir_name: one
// document per article, statistics of articles) and the passage score from the passage shards,
// both with the request's BM25 parameters. An article of one passage is scored by its passage
// alone where the weight is below 1 (article_mix::mix_weight: it has no other paragraph to add
// evidence). Summing separately saturated passage scores (--article-score
// sum) rewards many weak matches; the best passage alone ignores evidence spread over the
// article's other paragraphs; one BM25 over the whole article, mixed with the best passage, does
// neither (Callan 1994; Kaszkiel & Zobel 2001).
//
// What matches does not change: an article matches when one of its passages matches the whole
// query and its filters, as for --by passage, so the total and the facet counts are those of
// the passages. Whole-article evidence only orders the matching articles; the hit shown is the
// best passage, with its snippet and attribution.
//
// Candidates (pool = max(offset + limit, kMixPool)), by one of three routes:
// - Article first, where every article with a matching passage also matches as a whole
//   (articles_cover: words, phrases, AND, OR, filters; not a NOT, a value range or a passage's
//   own field): the best `pool` articles as wholes, each given its best matching passage by one
//   match restricted to them (or, where they are every article that matches, the query's own
//   match collapsed on the article id: article_candidates.h, Coverage); a candidate without
//   one is dropped. Two matches, the larger over
//   the article shards (an article per document, a fifth of the passages' documents). When the
//   article side matched fewer than `pool` articles, it holds every match and the count is
//   exact. Otherwise a passage match with a weight cutoff finds every article outside the
//   candidates that could still reach the page (article_rank.cpp, rank_article_first); where
//   the candidates left do not fill the page (some matched as wholes only: words and filters in
//   different paragraphs), that match has no cutoff and its best 2 x pool articles by their best
//   passage join the candidates, as the passage side below does.
// - Passage first, where articles_cover holds and the query has a phrase or NEAR
//   (passages_select: far fewer passages than whole articles hold the words side by side, and an
//   article document, without positions, matches a phrase as an AND): the best 2 x pool articles
//   by their best passage, each given its whole-article score by one match restricted to them.
//   When fewer articles match, every one is known and the count is exact; otherwise an article
//   match with a weight cutoff finds every article outside them that could still reach the page
//   (rank_passage_first).
// - Both sides (a NOT, a value range, a passage's own field, a wildcard, a spy on the ranking):
//   the best `pool` articles by their best passage and the best `pool` by the whole article;
//   each candidate gets the score it lacks from a match restricted to the candidates, and a
//   candidate of the article side without a matching passage is dropped. The passage side
//   alone holds offset + limit matching articles (or all of them), so the page is always full.
// Either way the candidates are ordered by the mixed score. The bounds above (T, U) hold for the
// articles of several passages; an article of one passage, scored by its passage alone, has no
// whole-article bound: it reaches the page with a passage above the page's last mixed score M.
// Article first, the pass above T finds them too, their marked passages (schema::
// kTermOnlyPassage) weighing T - M more (article_mix::with_single_bonus); where a route's passes
// do not cover them (that pass full, P or the passage side's last above M), the best offset +
// limit of them by their passage join the candidates from a match of their own
// (article_mix::best_single_passages). The articles of one passage are then exact on every route. From both sides, an article of
// several passages outside the candidates could only outrank one when its whole-article score
// and its best passage are both below the pools' last, which a deeper pool makes rarer
// (kMixPool).
#pragma once

#include <xapian.h>

#include "searcher/rank.h"

namespace dossier {

// Candidates taken from each side at least (the page asked for, if deeper). Deeper than a page:
// the pass above the threshold T (article_rank.cpp) reads less the lower the pool's last
// whole-article score, and T grows by weight / (1 - weight) times its fall. 40 costs less than
// 20 or 80 at 1M passages (docs/ranking.md, Cost).
inline constexpr std::size_t kMixPool = 40;

Ranking rank_articles_mixed(const RankContext& context, Xapian::Enquire& enquire);

}  // namespace dossier
