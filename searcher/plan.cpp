#include "searcher/plan.h"

#include "searcher/search.h"

namespace dossier {

SearchPlan make_plan(const SearchRequest& request, const IndexTraits& index, const SearcherOptions& options) {
  SearchPlan plan;
  plan.collapse = !request.by_passage;
  plan.collapse_copies = plan.collapse && request.collapse_copies;
  plan.method = request.facet_method != FacetMethod::Auto ? request.facet_method
                                                          : (index.all_local ? FacetMethod::Local : FacetMethod::Slot);
  const bool relevance = request.sort == SortOrder::Relevance;
  const bool sum_articles = !request.by_passage && request.ranking.article_score == ArticleScore::Sum && relevance;
  const bool split = index.all_local && index.partitions > 1;
  const bool mix_articles = !request.by_passage && request.ranking.article_score == ArticleScore::Mixed && relevance &&
                            index.articles && index.all_local;
  if (mix_articles) {
    plan.rank = RankRoute::ArticleMix;
  } else if (sum_articles) {
    plan.rank = RankRoute::ArticleSum;
  } else if (split && relevance) {
    plan.rank = RankRoute::Split;
  } else {
    plan.rank = RankRoute::Single;
  }
  // Summed article scores check every match anyway, so they keep the exact total even without
  // facet counts. Where every part is local, the counts come from a match of their own: without
  // weights and without collapsing, that match is cheaper than making the ranking match check
  // every document, and it may count a sample (CountPolicy). Remote parts are counted by a spy
  // on the ranking match (one round trip less), except in a date-sorted search: Xapian 1.4.22's
  // remote backend miscounts a match spy when the match is sorted by value and asks for fewer
  // hits than there are matches (36 to 45 counted for 32 matches).
  const bool count_all = request.count_facets || request.count_total || sum_articles;
  const bool count_apart = (index.all_local && !sum_articles) || (plan.method == FacetMethod::Slot && !relevance);
  plan.count = !count_all ? CountRoute::None : (count_apart ? CountRoute::Apart : CountRoute::RankingSpy);
  plan.bm25_sources = options.length_table && index.all_local;
  plan.facet_tables = options.facet_table && index.all_local;
  // Read once per shard and revision like the length tables, and worth it where they are.
  plan.article_tables = options.length_table && index.all_local;
  plan.split_counts = split;
  return plan;
}

}  // namespace dossier
