#include "searcher/search.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "common/error.h"

namespace dossier {

namespace {

constexpr int kReopenAttempts = 12;

constexpr std::size_t kFewHits = 3;                // fewer hits than this: offer a spelling suggestion
constexpr Xapian::doccount kFeedbackPassages = 10;  // top passages taken as relevant for --expand
constexpr double kExpansionWeight = 0.5;           // expansion terms count half as much
constexpr double kOtherPassagesShare = 0.3;        // ArticleScore::Sum: weight of non-best passages
constexpr Xapian::doccount kSumPoolMin = 2000;     // ArticleScore::Sum: passages ranked before grouping

const schema::Facet kFacets[] = {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon};

FacetSummary summarise(const std::map<std::string, std::size_t>& counts, schema::Facet facet,
                       const EntityTable& entities, std::size_t top) {
  FacetSummary summary;
  for (const auto& [id, count] : counts) {
    const EntityInfo* info = entities.find(facet, id);
    summary.values.push_back({id, info != nullptr ? info->name : id, count, info != nullptr ? info->parent : ""});
  }
  std::sort(summary.values.begin(), summary.values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
  if (top > 0 && summary.values.size() > top) {
    summary.more = summary.values.size() - top;
    summary.values.resize(top);
  }
  return summary;
}

Xapian::Query filtered(Xapian::Query query, const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

// Body stems only ("Z" then a lower-case letter or digit; not title "ZS" or attribution "ZXT"),
// and no stopwords: what pseudo-relevance feedback may add.
class BodyTermDecider : public Xapian::ExpandDecider {
 public:
  explicit BodyTermDecider(const Xapian::Stopper& stopper) : stopper_(stopper) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 4 || term[0] != 'Z') return false;
    const unsigned char first = static_cast<unsigned char>(term[1]);
    return (std::islower(first) != 0 || std::isdigit(first) != 0 || first >= 0x80) && !stopper_(term.substr(1));
  }

 private:
  const Xapian::Stopper& stopper_;
};

}  // namespace

struct Searcher::Filters {
  Xapian::Query text;                              // the query string's part
  std::map<schema::Facet, Xapian::Query> facets;   // --country/--actor/--weapon, one per facet
  std::vector<Xapian::Query> others;               // focus, dates

  // Everything, or everything except one facet's filter (for disjunctive counts).
  Xapian::Query combined(const schema::Facet* skip = nullptr) const {
    Xapian::Query query = text;
    for (const auto& [facet, filter] : facets) {
      if (skip == nullptr || facet != *skip) query = filtered(query, filter);
    }
    for (const auto& filter : others) query = filtered(query, filter);
    return query;
  }
};

Searcher::Searcher(IndexReader& index) : index_(index), builder_(index_, normaliser_) {}
Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& request) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed twice while we read: take the new revision and run again, backing
      // off a little each time (reopening can meet the same error while shards commit).
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
      try {
        index_.reopen();
      } catch (const Xapian::DatabaseModifiedError&) {
        // retried by the next attempt
      }
    } catch (const Xapian::Error& e) {
      throw DatabaseError(index_.path() + ": " + e.get_description());
    }
  }
}

SearchResult Searcher::run(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  SearchResult result;
  result.query = request.query;

  QueryOptions options;
  options.match_all_words = request.match_all_words;
  const ParsedQuery parsed = builder_.parse(request.query, options);
  Filters filters;
  filters.text = parsed.query;
  const std::pair<schema::Facet, const std::vector<std::string>*> facet_values[] = {
      {schema::Facet::Country, &request.countries}, {schema::Facet::Actor, &request.actors},
      {schema::Facet::Weapon, &request.weapons}};
  for (const auto& [facet, values] : facet_values) {
    if (!values->empty()) filters.facets[facet] = builder_.facet_filter(facet, *values);
  }
  if (!request.focus_countries.empty()) {
    filters.others.push_back(builder_.facet_filter(schema::Facet::Country, request.focus_countries, true));
  }
  if (!request.since.empty() || !request.until.empty()) filters.others.push_back(date_filter(request.since, request.until));
  if (request.ranking.expand_terms > 0 && !request.query.empty()) {
    filters.text = expand(filters.text, filters.combined(), request);
  }
  const Xapian::Query query = filters.combined();
  result.parsed = query.get_description();

  Xapian::Database& db = index_.database();
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(request.ranking.bm25_k1, 0, 1, request.ranking.bm25_b, 0.5));
  switch (request.sort) {
    case SortOrder::Relevance: break;
    case SortOrder::DateAscending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false); break;
    case SortOrder::DateDescending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true); break;
  }
  FacetCounter counter(request.facet_unit);
  // Checking every document makes both the totals and the facet counts exact. Summed article
  // scores check every match anyway, so they keep the exact total even without facet counts.
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const bool sum_articles = !request.by_passage && request.ranking.article_score == ArticleScore::Sum &&
                            request.sort == SortOrder::Relevance;
  const bool count_all = request.count_facets || sum_articles;
  if (count_all) enquire.add_matchspy(&counter);
  Xapian::MSet mset;
  if (sum_articles) {
    rank_articles_by_sum(enquire, request, result, parsed);
  } else {
    if (!request.by_passage) enquire.set_collapse_key(schema::kSlotArticleId);
    mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit),
                            count_all ? all : 0);
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      // get_rank() includes the offset
      result.hits.push_back(make_hit(*it, it.get_weight(), static_cast<std::size_t>(it.get_rank()) + 1, enquire, parsed, request));
    }
  }
  if (count_all) {
    result.total = request.by_passage ? counter.passages() : counter.articles();
    result.total_exact = true;
  } else {
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  }
  if (request.count_facets) count_facets(request, filters, counter, result);
  if (result.total < kFewHits && !request.query.empty()) result.suggestion = builder_.suggest(request.query);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void Searcher::count_facets(const SearchRequest& request, const Filters& filters, FacetCounter& full,
                            SearchResult& result) {
  const EntityTable& entities = index_.entities();
  Xapian::Database& db = index_.database();
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  for (schema::Facet facet : kFacets) {
    std::map<std::string, std::size_t> counts;
    if (filters.facets.count(facet) == 0) {
      counts = full.counts(facet);
    } else {
      // Disjunctive faceting: this facet's values counted without its own filter.
      Xapian::Enquire enquire(db);
      enquire.set_query(filters.combined(&facet));
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      FacetCounter counter(request.facet_unit);
      enquire.add_matchspy(&counter);
      enquire.get_mset(0, 0, all);
      counts = counter.counts(facet);
    }
    result.facets[std::string(schema::facet_name(facet))] = summarise(counts, facet, entities, request.facet_top);
  }
}

Xapian::Query Searcher::expand(const Xapian::Query& text, const Xapian::Query& full, const SearchRequest& request) {
  Xapian::Enquire enquire(index_.database());
  enquire.set_query(full);
  enquire.set_weighting_scheme(Xapian::BM25Weight(request.ranking.bm25_k1, 0, 1, request.ranking.bm25_b, 0.5));
  const Xapian::MSet top = enquire.get_mset(0, kFeedbackPassages);
  if (top.empty()) return text;
  Xapian::RSet relevant;
  for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
  const BodyTermDecider decider(builder_.stopper());
  const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(request.ranking.expand_terms), relevant, &decider);
  std::vector<Xapian::Query> extra;
  for (auto it = eset.begin(); it != eset.end(); ++it) extra.emplace_back(*it);
  if (extra.empty()) return text;
  const Xapian::Query added(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()),
                            kExpansionWeight);
  return Xapian::Query(Xapian::Query::OP_OR, text, added);
}

void Searcher::rank_articles_by_sum(Xapian::Enquire& enquire, const SearchRequest& request, SearchResult& result,
                                    const ParsedQuery& parsed) {
  Xapian::Database& db = index_.database();
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const auto pool = std::max<Xapian::doccount>(kSumPoolMin, static_cast<Xapian::doccount>(20 * (request.offset + request.limit)));
  const Xapian::MSet mset = enquire.get_mset(0, pool, all);
  struct Article {
    Xapian::docid best = 0;
    double best_score = 0;
    double others = 0;
    std::size_t order = 0;
  };
  std::map<std::string, Article> articles;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    const std::string id = it.get_document().get_value(schema::kSlotArticleId);
    auto [entry, fresh] = articles.try_emplace(id);
    if (fresh) {
      entry->second = {*it, it.get_weight(), 0, articles.size()};
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
  for (std::size_t i = request.offset; i < ranked.size() && i < request.offset + request.limit; ++i) {
    result.hits.push_back(make_hit(ranked[i]->best, score(ranked[i]), i + 1, enquire, parsed, request));
  }
}

Hit Searcher::make_hit(Xapian::docid docid, double score, std::size_t rank, Xapian::Enquire& enquire,
                       const ParsedQuery& parsed, const SearchRequest& request) {
  Hit hit;
  hit.rank = rank;
  hit.score = score;
  hit.docid = docid;
  const Xapian::Document doc = index_.database().get_document(docid);
  hit.record = decode_record(doc.get_data());
  for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
    if (code.size() < 3 || code[1] != ':') continue;
    for (schema::Facet facet : kFacets) {
      if (static_cast<char>(facet) == code[0]) hit.facets[std::string(schema::facet_name(facet))].push_back(code.substr(2));
    }
  }
  if (request.make_snippets) {
    const CyrillicScheme scheme = scheme_for_language(hit.record.article.language);
    const std::vector<Token> tokens = normaliser_.tokenize(hit.record.passage.text, scheme);
    hit.snippet = make_snippet(hit.record.passage.text, tokens, parsed.terms, request.snippet, normaliser_);
  }
  for (auto term = enquire.get_matching_terms_begin(docid); term != enquire.get_matching_terms_end(docid); ++term) {
    hit.matched_terms.push_back(*term);
  }
  return hit;
}

}  // namespace dossier
