#include "searcher/rank.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "common/schema.h"
#include "searcher/article_rank.h"
#include "searcher/copies.h"
#include "searcher/index_reader.h"
#include "searcher/speedup/split_rank.h"

namespace dossier {

namespace {

constexpr double kOtherPassagesShare = 0.3;     // ArticleScore::Sum: weight of non-best passages
constexpr Xapian::doccount kSumPoolMin = 2000;  // ArticleScore::Sum: passages ranked before grouping

Xapian::doccount all_documents(const Xapian::Database& db) { return std::max<Xapian::doccount>(db.get_doccount(), 1); }

Ranking rank_single(const RankContext& context, Xapian::Enquire& enquire, const Page& page);
Ranking rank_split_route(const RankContext& context, Xapian::Enquire& enquire, const Page& page);

// The query a ranking match runs: with_bm25_sources() where the plan uses the length table.
Xapian::Query ranking_query(const RankContext& context, const Xapian::Query& query) {
  if (!context.plan.bm25_sources) return query;
  return with_bm25_sources(query, context.index.database(), bm25_params(context.request.ranking));
}

}  // namespace

Ranking rank_passages(const RankContext& context, Xapian::Enquire& enquire, const Page& page) {
  const bool split = context.workers != nullptr && context.request.sort == SortOrder::Relevance &&
                     context.plan.count != CountRoute::RankingSpy && page.decider == nullptr;
  return split ? rank_split_route(context, enquire, page) : rank_single(context, enquire, page);
}

namespace {

Ranking rank_single(const RankContext& context, Xapian::Enquire& enquire, const Page& page) {
  Ranking ranking;
  const Xapian::Query query = enquire.get_query();
  if (context.plan.collapse) enquire.set_collapse_key(collapse_slot(context.plan));
  enquire.set_query(ranking_query(context, query));
  if (page.min_weight > 0) enquire.set_cutoff(0, page.min_weight);
  const bool spy = context.plan.count == CountRoute::RankingSpy;
  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(page.offset), static_cast<Xapian::doccount>(page.limit),
                                             spy ? all_documents(context.index.database()) : 0, nullptr, page.decider);
  enquire.set_query(query);  // the words, not the sources, for the matched terms of each hit
  // Every hit's document in one go (one stream per remote part), through the iterator form:
  // the argument-less MSet::fetch() of Xapian 1.4.22 crashes on an MSet that starts at an offset.
  // Not where every part is local: there a fetch only checks that each document exists (a
  // document-length lookup per hit), and the lazy documents read what is used when it is used.
  if (!mset.empty() && !context.index.all_local()) mset.fetch(mset.begin(), mset.end());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    // get_rank() includes the offset
    Xapian::Document document = it.get_document();
    // Collapsed on copies, the key is the copy label, and the article id is read only where a
    // hit has copies (find_copies): most have none, and a value read costs a B-tree lookup.
    std::string article_id, label;
    if (context.plan.collapse_copies) {
      label = it.get_collapse_key();
    } else if (context.plan.collapse) {
      article_id = it.get_collapse_key();
    }
    ranking.hits.push_back(
        {std::move(document), *it, it.get_weight(), static_cast<std::size_t>(it.get_rank()) + 1, std::move(article_id), std::move(label)});
  }
  ranking.estimated = mset.get_matches_estimated();
  ranking.lower_bound = mset.get_matches_lower_bound();
  ranking.upper_bound = mset.get_matches_upper_bound();
  return ranking;
}

Ranking rank_split_route(const RankContext& context, Xapian::Enquire& enquire, const Page& page) {
  const SearchRequest& request = context.request;
  Xapian::Database& db = context.index.database();
  const Xapian::BM25Weight weighting = bm25_weighting(request.ranking);
  const Bm25Params params = bm25_params(request.ranking);
  const RankRequest rank{enquire.get_query().serialise(), &weighting,
                         context.plan.collapse ? collapse_slot(context.plan) : Xapian::BAD_VALUENO,
                         static_cast<Xapian::doccount>(page.offset + page.limit),
                         context.plan.bm25_sources ? &params : nullptr, page.min_weight};
  const RankedMatch ranked = rank_split(*context.workers, db, rank);
  Ranking ranking;
  for (std::size_t i = page.offset; i < ranked.docs.size(); ++i) {
    const RankedDoc& doc = ranked.docs[i];
    // Lazily (the match has just seen it): the hits whose text is never shown read nothing.
    Xapian::Document document = db.get_document(doc.docid, Xapian::DOC_ASSUME_VALID);
    // As in rank_single: the merged collapse key is the copy label or the article id.
    std::string article_id, label;
    if (context.plan.collapse_copies) {
      label = doc.key;
    } else if (context.plan.collapse) {
      article_id = doc.key;
    }
    ranking.hits.push_back({std::move(document), doc.docid, doc.weight, i + 1, std::move(article_id), std::move(label)});
  }
  ranking.estimated = ranked.estimated;
  ranking.lower_bound = ranked.lower_bound;
  ranking.upper_bound = ranked.upper_bound;
  return ranking;
}

// The best passage plus kOtherPassagesShare of the other matching passages in a pool of the top
// passages, grouped by article here.
Ranking rank_articles_by_sum(const RankContext& context, Xapian::Enquire& enquire) {
  const SearchRequest& request = context.request;
  const auto pool = std::max<Xapian::doccount>(kSumPoolMin, static_cast<Xapian::doccount>(20 * (request.offset + request.limit)));
  // The article id of each passage comes with the MSet as its collapse key, without reading
  // the document (one round trip per passage on a remote shard). A limit above any article's
  // passage count collapses nothing.
  enquire.set_collapse_key(schema::kSlotArticleId, std::numeric_limits<Xapian::doccount>::max());
  const Xapian::Query query = enquire.get_query();
  enquire.set_query(ranking_query(context, query));
  const Xapian::MSet mset = enquire.get_mset(0, pool, all_documents(context.index.database()));
  enquire.set_query(query);  // the words, not the sources, for the matched terms of each hit
  enquire.set_collapse_key(Xapian::BAD_VALUENO);
  struct Article {
    Xapian::MSetIterator best;
    double best_score = 0;
    double others = 0;
    std::size_t order = 0;
  };
  std::map<std::string, Article> articles;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    auto [entry, fresh] = articles.try_emplace(it.get_collapse_key());
    if (fresh) {
      entry->second = {it, it.get_weight(), 0, articles.size()};
    } else {
      entry->second.others += it.get_weight();
    }
  }
  std::vector<const Article*> ranked;
  for (const auto& [id, article] : articles) ranked.push_back(&article);
  const auto score = [](const Article* a) { return a->best_score + kOtherPassagesShare * a->others; };
  std::sort(ranked.begin(), ranked.end(), [&](const Article* a, const Article* b) {
    return score(a) != score(b) ? score(a) > score(b) : a->order < b->order;
  });
  const std::size_t wanted = request.offset + request.limit + context.probe;
  if (context.plan.collapse_copies) {
    // Each group once, as its best-scored article: a summed score is known only here, after the
    // match, so the copies are set aside here too, as far down as the page reaches.
    ranked = first_of_each_group(mset, ranked, wanted, [](const Article* a) { return a->best; });
  }
  Ranking ranking;
  const std::size_t end = std::min(ranked.size(), wanted);
  for (std::size_t i = request.offset; i < end; ++i) mset.fetch(ranked[i]->best);  // requests them all first
  for (std::size_t i = request.offset; i < end; ++i) {
    const Xapian::MSetIterator& best = ranked[i]->best;
    ranking.hits.push_back({best.get_document(), *best, score(ranked[i]), i + 1, best.get_collapse_key()});
  }
  return ranking;
}

}  // namespace

Xapian::valueno collapse_slot(const SearchPlan& plan) {
  return plan.collapse_copies ? schema::kSlotCopyGroup : schema::kSlotArticleId;
}

Bm25Params bm25_params(const RankingOptions& ranking) { return Bm25Params{ranking.bm25_k1, ranking.bm25_b}; }
Xapian::BM25Weight bm25_weighting(const RankingOptions& ranking) { return bm25_weight(bm25_params(ranking)); }

Xapian::Enquire ranking_enquire(Xapian::Database& db, const Xapian::Query& query, const SearchRequest& request, bool all_local) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(bm25_weighting(request.ranking));
  switch (request.sort) {
    case SortOrder::Relevance: break;
    case SortOrder::DateAscending:
      if (all_local) {
        // An undated article (empty value) would sort first; the key maker reads it as the
        // last day there is. A remote shard cannot run a key maker (xapian-tcpsrv refuses one),
        // so there undated articles still come first.
        auto* keys = new Xapian::MultiValueKeyMaker;
        keys->add_value(schema::kSlotDate, false, "99999999");
        enquire.set_sort_by_key_then_relevance(keys->release(), false);
      } else {
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
      }
      break;
    // Newest first: the empty value of an undated article sorts last already.
    case SortOrder::DateDescending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true); break;
  }
  return enquire;
}

Ranking rank(const RankContext& context, Xapian::Enquire& enquire) {
  std::unique_ptr<FacetCounter> spy;
  if (context.plan.count == CountRoute::RankingSpy) {
    const FacetCodeTables* codes = context.plan.method == FacetMethod::Local ? &context.index.facet_codes() : nullptr;
    spy = make_facet_counter(context.plan.method, context.request.facet_unit, codes);
    enquire.add_matchspy(&spy->spy());
  }
  Ranking ranking;
  const Page page{context.request.offset, context.request.limit + context.probe};
  switch (context.plan.rank) {
    case RankRoute::Single: ranking = rank_single(context, enquire, page); break;
    case RankRoute::Split: ranking = rank_split_route(context, enquire, page); break;
    case RankRoute::ArticleSum: ranking = rank_articles_by_sum(context, enquire); break;
    case RankRoute::ArticleMix: ranking = rank_articles_mixed(context, enquire); break;
  }
  ranking.spy = std::move(spy);
  return ranking;
}

}  // namespace dossier
