#include "searcher/article_candidates.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "searcher/copies.h"
#include "searcher/index_reader.h"
#include "searcher/speedup/article_filter.h"
#include "searcher/speedup/shard_tables.h"
#include "searcher/speedup/split_rank.h"

namespace dossier::article_mix {

namespace {

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

// Accepts a passage that is its article's only one: the article's first passage, whose article
// term no other document holds. For a database of a format before schema::kTermOnlyPassage,
// until the next indexing run upgrades it: Xapian asks it about every passage weighed above the
// match's running minimum (a value read each, and a term lookup per part for a first passage).
class OnlyPassageDecider : public Xapian::MatchDecider {
 public:
  explicit OnlyPassageDecider(const Xapian::Database& db) : db_(db), first_(Xapian::sortable_serialise(0)) {}
  bool operator()(const Xapian::Document& doc) const override {
    if (doc.get_value(schema::kSlotPassageIndex) != first_) return false;
    const std::string id = doc.get_value(schema::kSlotArticleId);
    return !id.empty() && db_.get_termfreq(schema::article_term(id)) == 1;
  }

 private:
  const Xapian::Database& db_;
  const std::string first_;
};

}  // namespace

std::string article_id_of(const RankedHit& hit) {
  return hit.article_id.empty() ? hit.document.get_value(schema::kSlotArticleId) : hit.article_id;
}

// The whole-article BM25 of the query's best `wanted` articles, optionally only among `only`:
// weighed from the article shards' length tables where the plan weighs passages from theirs
// (the same weights; most of an article match's time went to Xapian's document lengths), and
// split between the search's threads where its passage matches are (not a restricted match: it
// is small, and its filter cannot cross threads).
ArticleScores article_scores(const RankContext& context, const Xapian::Query& query, Xapian::doccount wanted,
                             const std::vector<std::string>* only, double min_weight) {
  Xapian::Database& articles = *context.index.articles();
  RankingOptions whole = context.request.ranking;
  whole.bm25_k1 = whole.article_k1;
  whole.bm25_b = whole.article_b;
  const Bm25Params params = bm25_params(whole);
  const Xapian::BM25Weight weighting = bm25_weighting(whole);
  const ArticleIds ids(context, articles);
  ArticleScores out;
  if (only == nullptr && context.workers != nullptr) {
    RankRequest request{query.serialise(), &weighting, Xapian::BAD_VALUENO, wanted, context.plan.bm25_sources ? &params : nullptr, min_weight};
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
  if (min_weight > 0) enquire.set_cutoff(0, min_weight);
  // The article id of the best few only (a collapse key would read it for every match).
  const Xapian::MSet mset = enquire.get_mset(0, wanted);
  out.estimated = mset.get_matches_estimated();
  out.lower_bound = mset.get_matches_lower_bound();
  out.upper_bound = mset.get_matches_upper_bound();
  out.scores.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.scores.emplace_back(ids.at(*it), it.get_weight());
  return out;
}

void add_passage_candidates(std::vector<RankedHit>& hits, std::vector<Candidate>& candidates,
                            std::unordered_map<std::string, std::size_t>& by_id) {
  for (RankedHit& hit : hits) {
    Candidate candidate{article_id_of(hit), hit.docid, std::move(hit.document), hit.score, 0, false, 0, 0};
    by_id.emplace(candidate.article_id, candidates.size());
    candidates.push_back(std::move(candidate));
  }
}

void score_articles(const RankContext& context, const Xapian::Query& query, const std::vector<std::string>& ids,
                    std::vector<Candidate>& candidates, const std::unordered_map<std::string, std::size_t>& by_id) {
  if (ids.empty()) return;
  for (const auto& [id, score] : article_scores(context, query, static_cast<Xapian::doccount>(ids.size()), &ids).scores) {
    Candidate& candidate = candidates[by_id.at(id)];
    candidate.article_score = score;
    candidate.article_scored = true;
  }
}

// Room for each candidate's matching passages in the match that finds them all (more only in
// an article of many matching passages: then the collapsing match below runs instead).
constexpr std::size_t kPassagesPerCandidate = 16;

// Each of these articles' best matching passage, from one match restricted to them (so with
// the weights of the whole collection), copies or not: which copy stands for a group is decided
// by the mixed score. Where the plan reads the article tables, every matching passage of theirs,
// best first, each told its article by the filter (PassageOwners); else, or where that cannot
// say, a match collapsed on the article id, which reads each matching passage's id.
void find_best_passages(const RankContext& context, const Xapian::Query& query, const std::vector<std::string>& ids,
                        std::vector<Candidate>& candidates, const std::unordered_map<std::string, std::size_t>& by_id,
                        Coverage coverage) {
  if (ids.empty()) return;
  Xapian::Database& db = context.index.database();
  SearchPlan by_article = context.plan;
  by_article.collapse_copies = false;
  // A database directory: its stub lists meta, then every shard in order (PassageOwners).
  const bool directory = context.index.can_open_copy() && db.size() == context.index.shard_count() + 1;
  if (context.plan.article_tables && directory) {
    auto owners = std::make_shared<PassageOwners>(db.size());
    Xapian::PostingSource* filter = new ArticlePassagesFilter(std::make_shared<const std::vector<std::string>>(ids), owners);
    Xapian::Enquire restricted = ranking_enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(filter->release())),
                                                 context.request, context.index.all_local());
    SearchPlan every = by_article;
    every.collapse = false;
    const std::size_t room = ids.size() * kPassagesPerCandidate;
    Ranking found = rank_passages(RankContext{context.index, every, context.request, nullptr, 0}, restricted, Page{0, room});
    std::vector<std::size_t> owner_of;  // the hits' articles, indexes into ids
    bool known = owners->complete && found.hits.size() < room;
    for (std::size_t i = 0; known && i < found.hits.size(); ++i) {
      const auto owner = owners->article_of.find(found.hits[i].docid);
      known = owner != owners->article_of.end();
      if (known) owner_of.push_back(owner->second);
    }
    if (known) {
      for (std::size_t i = 0; i < found.hits.size(); ++i) {
        Candidate& candidate = candidates[by_id.at(ids[owner_of[i]])];
        if (candidate.passage != 0) continue;  // a better passage of its came first
        candidate.passage = found.hits[i].docid;
        candidate.document = std::move(found.hits[i].document);
        candidate.passage_score = found.hits[i].score;
      }
      return;
    }
  }
  RankContext single{context.index, by_article, context.request, nullptr, 0};
  // Each hit (an article's best passage) onto its candidate; false, touching none, where one is
  // of an article outside ids.
  const auto take = [&](Ranking& found) {
    std::vector<std::size_t> at;
    at.reserve(found.hits.size());
    for (const RankedHit& hit : found.hits) {
      const auto it = by_id.find(article_id_of(hit));
      if (it == by_id.end()) return false;
      at.push_back(it->second);
    }
    for (std::size_t i = 0; i < found.hits.size(); ++i) {
      Candidate& candidate = candidates[at[i]];
      candidate.passage = found.hits[i].docid;
      candidate.document = std::move(found.hits[i].document);
      candidate.passage_score = found.hits[i].score;
    }
    return true;
  };
  if (coverage == Coverage::Every) {
    // Every article with a matching passage is among ids: the query's own match, collapsed on
    // the article id, finds each one's best passage without the OR of their article terms (a
    // B-tree lookup per article and shard: the larger part of this match for a rare word in a
    // one-shot search, which has no article tables). A passage of an article outside ids (an
    // article whose document an indexing run, stopped between its two commits, has not written
    // yet) sends the search to the restricted match below, as before.
    Xapian::Enquire plain = ranking_enquire(db, query, context.request, context.index.all_local());
    Ranking found = rank_passages(single, plain, Page{0, ids.size()});
    if (take(found)) return;
  }
  Xapian::Enquire restricted = ranking_enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, query, only_articles(context, ids, false)),
                                               context.request, context.index.all_local());
  Ranking found = rank_passages(single, restricted, Page{0, ids.size()});
  // Every hit is of one of ids (the filter's): anything else is a bug, said rather than ranked.
  if (!take(found)) throw std::logic_error("find_best_passages: the restricted match returned a passage of another article");
}

double mix_weight(double weight, Xapian::doccount passages) { return passages == 1 && weight < 1 ? 0.0 : weight; }

void count_passages(const RankContext& context, std::vector<Candidate>& candidates) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].passage != 0 && candidates[i].passages == 0) at.push_back(i);
  }
  if (at.empty()) return;
  Xapian::Database& db = context.index.database();
  if (context.index.marks_only_passages()) {
    // Whether each best passage is marked as its article's only one says all mix_weight needs:
    // one walk along the mark's postings (none at all where no passage is marked).
    if (!marks_single_passages(context)) {
      for (const std::size_t i : at) candidates[i].passages = kSeveralPassages;
      return;
    }
    std::vector<Xapian::docid> docids;
    for (const std::size_t i : at) docids.push_back(candidates[i].passage);
    const std::vector<bool> single = marked_single(db, docids);
    for (std::size_t k = 0; k < at.size(); ++k) candidates[at[k]].passages = single[k] ? 1 : kSeveralPassages;
    return;
  }
  // A database of an older format, until the next indexing run marks it: the article term's
  // frequency (a lookup per part).
  for (const std::size_t i : at) {
    const Xapian::doccount passages = db.get_termfreq(schema::article_term(candidates[i].article_id));
    candidates[i].passages = passages == 0 ? kUnknownPassages : passages;
  }
}

bool marks_single_passages(const RankContext& context) { return context.index.marked_only_passages() != 0; }

Xapian::Query with_single_bonus(const Xapian::Query& query, double bonus) {
  // A built-in source (Xapian's registry unserialises it in the split threads): every document,
  // weight `bonus`, ANDed with the mark, which adds no weight of its own.
  const Xapian::Query marked(Xapian::Query::OP_AND, Xapian::Query((new Xapian::FixedWeightPostingSource(bonus))->release()),
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(std::string(schema::kTermOnlyPassage)), 0));
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, marked);
}

std::vector<bool> marked_single(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  std::vector<std::size_t> order(docids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  std::vector<bool> out(docids.size(), false);
  const std::string mark(schema::kTermOnlyPassage);
  Xapian::PostingIterator it = db.postlist_begin(mark);
  for (const std::size_t i : order) {
    it.skip_to(docids[i]);
    if (it == db.postlist_end(mark)) break;
    out[i] = *it == docids[i];
  }
  return out;
}

std::vector<Candidate> best_single_passages(const RankContext& context, const Xapian::Query& query, std::size_t wanted, double min_weight) {
  Xapian::Database& db = context.index.database();
  const std::string mark(schema::kTermOnlyPassage);
  const bool marked = context.index.marks_only_passages();
  // None in the archive (a generated one may have none): nothing to match again.
  if (marked && !marks_single_passages(context)) return {};
  SearchPlan every = context.plan;
  every.collapse = false;
  every.collapse_copies = false;
  const RankContext one_thread{context.index, every, context.request, nullptr, 0};
  const OnlyPassageDecider decider(db);
  Xapian::Enquire enquire =
      ranking_enquire(db, marked ? Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(mark)) : query, context.request,
                      context.index.all_local());
  Ranking found = rank_passages(one_thread, enquire, Page{0, wanted, min_weight, marked ? nullptr : &decider});
  std::vector<Candidate> singles;
  singles.reserve(found.hits.size());
  for (RankedHit& hit : found.hits) {
    singles.push_back(Candidate{article_id_of(hit), hit.docid, std::move(hit.document), hit.score, 0, false, 0, 1});
  }
  return singles;
}

// Drops the candidates without a matching passage, mixes the two scores, orders by the mix and
// keeps each group of copies once (as its best-mixed article), at most `keep`.
std::vector<Candidate> order_candidates(std::vector<Candidate> candidates, double weight, bool collapse_copies, std::size_t keep) {
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.passage == 0; }),
                   candidates.end());
  for (Candidate& candidate : candidates) {
    if (candidate.passages == 0) throw std::logic_error("order_candidates: an article's passages were not counted");
    const double w = mix_weight(weight, candidate.passages);
    candidate.mixed = w * candidate.article_score + (1 - w) * candidate.passage_score;
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

// A hair under a threshold: a score at the threshold exactly could tie with the page's last.
double cutoff_below(double threshold) { return std::max(0.0, threshold - 1e-9 * std::max(1.0, std::abs(threshold))); }

}  // namespace dossier::article_mix
