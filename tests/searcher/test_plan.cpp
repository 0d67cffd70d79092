#include "searcher/plan.h"

#include <doctest/doctest.h>

#include "common/schema.h"
#include "searcher/rank.h"
#include "searcher/search.h"

using namespace dossier;

namespace {

struct Row {
  // request
  bool by_passage;
  ArticleScore score;
  SortOrder sort;
  bool count_facets;
  FacetMethod method;
  // index
  bool all_local;
  std::size_t partitions;
  // expected plan
  RankRoute rank;
  CountRoute count;
  FacetMethod resolved;
  bool split_counts;
};

constexpr auto kBest = ArticleScore::Best;
constexpr auto kSum = ArticleScore::Sum;
constexpr auto kRel = SortOrder::Relevance;
constexpr auto kDate = SortOrder::DateAscending;
constexpr auto kNewest = SortOrder::DateDescending;
constexpr auto kAuto = FacetMethod::Auto;
constexpr auto kLocal = FacetMethod::Local;
constexpr auto kSlot = FacetMethod::Slot;

// The routes as the search has always taken them, row by row (behaviour pinned, not re-derived).
const Row kTable[] = {
    // by_passage score sort count method | local parts | rank count method split_counts
    {false, kBest, kRel, true, kAuto, true, 1, RankRoute::Single, CountRoute::Apart, kLocal, false},
    {false, kBest, kRel, true, kAuto, true, 2, RankRoute::Split, CountRoute::Apart, kLocal, true},
    {true, kBest, kRel, true, kAuto, true, 2, RankRoute::Split, CountRoute::Apart, kLocal, true},
    {false, kBest, kDate, true, kAuto, true, 2, RankRoute::Single, CountRoute::Apart, kLocal, true},
    {false, kBest, kNewest, false, kAuto, true, 2, RankRoute::Single, CountRoute::None, kLocal, true},
    {false, kBest, kRel, false, kAuto, true, 2, RankRoute::Split, CountRoute::None, kLocal, true},
    {false, kSum, kRel, true, kAuto, true, 2, RankRoute::ArticleSum, CountRoute::RankingSpy, kLocal, true},
    {false, kSum, kRel, false, kAuto, true, 1, RankRoute::ArticleSum, CountRoute::RankingSpy, kLocal, false},
    {true, kSum, kRel, true, kAuto, true, 2, RankRoute::Split, CountRoute::Apart, kLocal, true},  // sum is per article
    {false, kSum, kDate, true, kAuto, true, 2, RankRoute::Single, CountRoute::Apart, kLocal, true},  // sum ranks by relevance only
    {false, kBest, kRel, true, kSlot, true, 2, RankRoute::Split, CountRoute::Apart, kSlot, true},
    // A cluster with a remote part: one thread, counted by a spy on the ranking match...
    {false, kBest, kRel, true, kAuto, false, 1, RankRoute::Single, CountRoute::RankingSpy, kSlot, false},
    {true, kBest, kRel, true, kAuto, false, 1, RankRoute::Single, CountRoute::RankingSpy, kSlot, false},
    {false, kSum, kRel, true, kAuto, false, 1, RankRoute::ArticleSum, CountRoute::RankingSpy, kSlot, false},
    // ... except date-sorted (Xapian 1.4.22's remote spy miscounts a value-sorted match).
    {false, kBest, kDate, true, kAuto, false, 1, RankRoute::Single, CountRoute::Apart, kSlot, false},
    {false, kBest, kNewest, true, kAuto, false, 1, RankRoute::Single, CountRoute::Apart, kSlot, false},
    {false, kBest, kRel, false, kAuto, false, 1, RankRoute::Single, CountRoute::None, kSlot, false},
    // Partitions reported for a remote index never split it.
    {false, kBest, kRel, true, kAuto, false, 2, RankRoute::Single, CountRoute::RankingSpy, kSlot, false},
    // Local method forced on a remote index: the spy on the ranking match (LocalFacetSpy) ...
    {false, kBest, kRel, true, kLocal, false, 1, RankRoute::Single, CountRoute::RankingSpy, kLocal, false},
    {false, kBest, kDate, true, kLocal, false, 1, RankRoute::Single, CountRoute::RankingSpy, kLocal, false},
};

}  // namespace

TEST_CASE("make_plan: the truth table of ranking routes and counting") {
  for (const Row& row : kTable) {
    SearchRequest request;
    request.by_passage = row.by_passage;
    request.ranking.article_score = row.score;
    request.sort = row.sort;
    request.count_facets = row.count_facets;
    request.facet_method = row.method;
    const SearchPlan plan = make_plan(request, IndexTraits{row.all_local, row.partitions}, SearcherOptions{});
    CAPTURE(row.by_passage);
    CAPTURE(static_cast<int>(row.score));
    CAPTURE(static_cast<int>(row.sort));
    CAPTURE(row.count_facets);
    CAPTURE(static_cast<int>(row.method));
    CAPTURE(row.all_local);
    CAPTURE(row.partitions);
    CHECK(plan.rank == row.rank);
    CHECK(plan.count == row.count);
    CHECK(plan.method == row.resolved);
    CHECK(plan.split_counts == row.split_counts);
    CHECK(plan.collapse == !row.by_passage);
  }
}

TEST_CASE("make_plan: the speed-ups follow the options, and only on local parts") {
  SearchRequest request;
  for (bool local : {true, false}) {
    for (bool lengths : {true, false}) {
      for (bool facets : {true, false}) {
        const SearchPlan plan = make_plan(request, IndexTraits{local, 2}, SearcherOptions{0, lengths, facets});
        CHECK(plan.bm25_sources == (lengths && local));
        CHECK(plan.facet_tables == (facets && local));
      }
    }
  }
}

TEST_CASE("make_plan: invariants over every combination") {
  for (bool by_passage : {false, true})
    for (ArticleScore score : {kBest, kSum})
      for (SortOrder sort : {kRel, kDate, kNewest})
        for (bool count_facets : {false, true})
          for (FacetMethod method : {kAuto, kLocal, kSlot})
            for (bool local : {false, true})
              for (std::size_t partitions : {std::size_t{1}, std::size_t{3}}) {
                SearchRequest request;
                request.by_passage = by_passage;
                request.ranking.article_score = score;
                request.sort = sort;
                request.count_facets = count_facets;
                request.facet_method = method;
                const SearchPlan plan = make_plan(request, IndexTraits{local, partitions}, SearcherOptions{});
                CHECK(plan.method != FacetMethod::Auto);
                // The split search needs local shards, several threads and relevance order.
                if (plan.rank == RankRoute::Split) CHECK((local && partitions > 1 && sort == kRel));
                // A spy on a split ranking would see one partition only.
                CHECK_FALSE((plan.rank == RankRoute::Split && plan.count == CountRoute::RankingSpy));
                // Summed article scores see every match, so they are always counted.
                if (plan.rank == RankRoute::ArticleSum) CHECK(plan.count != CountRoute::None);
                if (!count_facets && plan.rank != RankRoute::ArticleSum) CHECK(plan.count == CountRoute::None);
              }
}

TEST_CASE("make_plan: --article-score mixed ranks whole articles only where there are article shards") {
  SearchRequest request;
  request.ranking.article_score = ArticleScore::Mixed;
  CHECK(make_plan(request, IndexTraits{true, 2, true}, SearcherOptions{}).rank == RankRoute::ArticleMix);
  CHECK(make_plan(request, IndexTraits{true, 1, true}, SearcherOptions{}).rank == RankRoute::ArticleMix);
  CHECK(make_plan(request, IndexTraits{true, 1, true}, SearcherOptions{}).count == CountRoute::Apart);
  // No article shards (a cluster): the best passage, by the usual route.
  CHECK(make_plan(request, IndexTraits{true, 2, false}, SearcherOptions{}).rank == RankRoute::Split);
  CHECK(make_plan(request, IndexTraits{false, 1, true}, SearcherOptions{}).rank == RankRoute::Single);
  // Passages and date order are never ranked by article.
  request.by_passage = true;
  CHECK(make_plan(request, IndexTraits{true, 2, true}, SearcherOptions{}).rank == RankRoute::Split);
  request.by_passage = false;
  request.sort = SortOrder::DateDescending;
  CHECK(make_plan(request, IndexTraits{true, 2, true}, SearcherOptions{}).rank == RankRoute::Single);
  request.sort = SortOrder::Relevance;
  request.count_facets = false;
  CHECK(make_plan(request, IndexTraits{true, 2, true}, SearcherOptions{}).count == CountRoute::None);
  request.count_total = true;  // the total counted without facet tallies (dossier-watch)
  CHECK(make_plan(request, IndexTraits{true, 2, true}, SearcherOptions{}).count == CountRoute::Apart);
}

TEST_CASE("make_plan: copies are collapsed where articles are, unless the request lists them") {
  for (bool by_passage : {false, true})
    for (bool collapse_copies : {false, true})
      for (ArticleScore score : {kBest, kSum, ArticleScore::Mixed})
        for (SortOrder sort : {kRel, kNewest}) {
          SearchRequest request;
          request.by_passage = by_passage;
          request.collapse_copies = collapse_copies;
          request.ranking.article_score = score;
          request.sort = sort;
          const SearchPlan plan = make_plan(request, IndexTraits{true, 3, true}, SearcherOptions{});
          CHECK(plan.collapse_copies == (!by_passage && collapse_copies));
          CHECK(collapse_slot(plan) == (plan.collapse_copies ? schema::kSlotCopyGroup : schema::kSlotArticleId));
        }
}
