#include "searcher/search.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <optional>
#include <thread>

#include "common/error.h"
#include "searcher/bm25_source.h"
#include "searcher/split_rank.h"

namespace dossier {

namespace {

constexpr int kReopenAttempts = 12;

constexpr std::size_t kFewHits = 3;                // fewer hits than this: offer a spelling suggestion
constexpr Xapian::doccount kFeedbackPassages = 10;  // top passages taken as relevant for --expand
constexpr double kExpansionWeight = 0.5;           // the strongest expansion term counts half as much
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

// The ranking every match of a search uses (the split search's threads clone the same one, and
// Bm25Source reproduces it).
Bm25Params bm25_params(const RankingOptions& ranking) { return Bm25Params{ranking.bm25_k1, ranking.bm25_b}; }
Xapian::BM25Weight bm25(const RankingOptions& ranking) { return bm25_weight(bm25_params(ranking)); }

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

std::size_t search_partitions(std::size_t wanted, std::size_t shards, std::size_t cores) {
  constexpr std::size_t kMostThreads = 64;
  const std::size_t threads = wanted == 0 ? std::max<std::size_t>(cores, 1) : wanted;
  return std::max<std::size_t>(1, std::min({threads, shards, kMostThreads}));
}

std::size_t search_partitions(const IndexReader& index, const SearcherOptions& options) {
  if (!index.can_open_copy()) return 1;  // a cluster: one thread
  return search_partitions(options.threads, index.shard_count(), std::thread::hardware_concurrency());
}

SearcherOptions with_environment(SearcherOptions options) {
  const auto from_environment = [](const char* name, bool& option) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') option = std::string(value) != "0";
  };
  from_environment("DOSSIER_LENGTH_TABLE", options.length_table);
  from_environment("DOSSIER_FACET_TABLE", options.facet_table);
  return options;
}

Searcher::Searcher(IndexReader& index, SearcherOptions options)
    : index_(index), options_(with_environment(options)), builder_(index_, normaliser_) {}
Searcher::~Searcher() = default;

ShardWorkers* Searcher::workers() {
  if (!workers_decided_) {
    workers_decided_ = true;
    const std::size_t partitions = search_partitions(index_, options_);
    if (partitions > 1) {
      IndexReader* index = &index_;
      workers_ = std::make_unique<ShardWorkers>(partitions, [index] { return index->open_copy(); });
      workers_generation_ = index_.generation();
    }
  }
  if (workers_ && workers_generation_ != index_.generation()) {
    workers_->reopen();
    workers_generation_ = index_.generation();
  }
  return workers_.get();
}

SearchResult Searcher::search(const SearchRequest& request) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run(request);
    } catch (const Xapian::DocNotFoundError& e) {
      // A split search's threads opened their databases at different revisions, a commit
      // apart: a hit of a newer one is not in an older one. Reopened and run again, below.
      if (!workers_) throw DatabaseError(index_.path() + ": " + e.get_description());
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      reopen_after_change(attempt);
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed twice while we read: take the new revision and run again, backing
      // off a little each time (reopening can meet the same error while shards commit).
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      reopen_after_change(attempt);
    } catch (const Xapian::DatabaseCorruptError& e) {
      // A block read while an indexer rewrote it (a freed block reused two commits on) can come
      // back half old, half new: its checks fail, or it points at a block past the end. The
      // revision is gone by then: take the new one and run again. Damage that is real is still
      // there after the retries, and reported then.
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": " + e.get_description());
      reopen_after_change(attempt);
    } catch (const Xapian::DatabaseError& e) {
      // "EOF reading block N": the same torn read, pointing past the end of the file.
      if (e.get_msg().rfind("EOF reading block", 0) != 0 || attempt >= kReopenAttempts) {
        throw DatabaseError(index_.path() + ": " + e.get_description());
      }
      reopen_after_change(attempt);
    } catch (const Xapian::NetworkError& e) {
      // A remote part went away or timed out mid-search. recover() names it (and stops), or,
      // with --allow-partial, reopens without it; then the search runs again.
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": " + e.get_description());
      index_.recover(e);
    } catch (const Xapian::Error& e) {
      throw DatabaseError(index_.path() + ": " + e.get_description());
    }
  }
}

void Searcher::reopen_after_change(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
  try {
    index_.reopen();
  } catch (const Xapian::DatabaseModifiedError&) {
    // retried by the next attempt
  }
  // The threads of a split search too, even where this thread's database did not move: the
  // error may have been theirs.
  if (workers_) {
    workers_->reopen();
    workers_generation_ = index_.generation();
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
  enquire.set_weighting_scheme(bm25(request.ranking));
  switch (request.sort) {
    case SortOrder::Relevance: break;
    case SortOrder::DateAscending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false); break;
    case SortOrder::DateDescending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true); break;
  }
  // The local spy is kept where it can run (every part local); the counts are the same.
  FacetMethod method = request.facet_method;
  if (method == FacetMethod::Auto) method = index_.all_local() ? FacetMethod::Local : FacetMethod::Slot;
  // Checking every document makes both the totals and the facet counts exact. Summed article
  // scores check every match anyway, so they keep the exact total even without facet counts.
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const bool sum_articles = !request.by_passage && request.ranking.article_score == ArticleScore::Sum &&
                            request.sort == SortOrder::Relevance;
  const bool count_all = request.count_facets || sum_articles;
  // Where every part is local, the counts come from a match of their own (count()): without
  // weights and without collapsing, that match is cheaper than making the ranking match check
  // every document, and it may count a sample (CountPolicy). Remote parts are counted by a spy
  // on the ranking match (one round trip less), except in a date-sorted search: Xapian
  // 1.4.22's remote backend miscounts a match spy when the match is sorted by value and asks
  // for fewer hits than there are matches (36 to 45 counted for 32 matches).
  const bool count_apart = (index_.all_local() && !sum_articles) ||
                           (method == FacetMethod::Slot && request.sort != SortOrder::Relevance);
  std::unique_ptr<FacetTally> counter;  // a spy on the ranking match
  if (count_all && !count_apart) {
    counter = make_facet_tally(method, request.facet_unit, codes_for(method));
    enquire.add_matchspy(&counter->spy());
  }
  // Relevance-ranked local searches are split between threads by shard (same hits: split_rank.h).
  ShardWorkers* split = index_.all_local() ? workers() : nullptr;
  Xapian::MSet mset;
  RankedMatch ranked;
  const bool rank_split_by_shard = split != nullptr && !sum_articles && request.sort == SortOrder::Relevance;
  if (sum_articles) {
    rank_articles_by_sum(enquire, request, result, parsed);
  } else if (rank_split_by_shard) {
    const Xapian::BM25Weight weighting = bm25(request.ranking);
    const Bm25Params params = bm25_params(request.ranking);
    const RankRequest rank{query.serialise(), &weighting, request.by_passage ? Xapian::BAD_VALUENO : schema::kSlotArticleId,
                           static_cast<Xapian::doccount>(request.offset + request.limit),
                           use_length_table() ? &params : nullptr};
    ranked = rank_split(*split, db, rank);
    for (std::size_t i = request.offset; i < ranked.docs.size(); ++i) {
      const RankedDoc& doc = ranked.docs[i];
      result.hits.push_back(make_hit(db.get_document(doc.docid), doc.docid, doc.weight, i + 1, enquire, parsed, request));
    }
  } else {
    if (!request.by_passage) enquire.set_collapse_key(schema::kSlotArticleId);
    enquire.set_query(ranking_query(query, request.ranking));
    mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit),
                            count_all && !count_apart ? all : 0);
    enquire.set_query(query);  // the words, not the sources, for the matched terms of each hit
    // Every hit's document in one go (one stream per remote part), through the iterator form:
    // the argument-less MSet::fetch() of Xapian 1.4.22 crashes on an MSet that starts at an offset.
    if (!mset.empty()) mset.fetch(mset.begin(), mset.end());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      // get_rank() includes the offset
      result.hits.push_back(make_hit(it.get_document(), *it, it.get_weight(), static_cast<std::size_t>(it.get_rank()) + 1,
                                     enquire, parsed, request));
    }
  }
  std::optional<MatchCount> matches;
  if (count_all) {
    // A spy that could not count every match of the ranking match (FacetCounter::complete):
    // counted again apart, from slot 4.
    if (count_apart || !counter->complete()) {
      matches.emplace(count(query, count_apart ? method : FacetMethod::Slot, request, result));
    } else {
      matches.emplace(std::move(counter), 1.0);
    }
  }
  result.missing_shards = index_.missing_shards();
  result.shards = index_.shard_count();
  if (matches) {
    result.total = request.by_passage ? matches->passages() : matches->articles();
    result.total_exact = result.missing_shards.empty() && matches->exact();
  } else if (rank_split_by_shard) {
    result.total = ranked.estimated;
    result.total_exact = result.missing_shards.empty() && ranked.lower_bound == ranked.upper_bound;
  } else {
    result.total = mset.get_matches_estimated();
    result.total_exact = result.missing_shards.empty() && mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  }
  if (request.count_facets) count_facets(request, filters, method, *matches, result);
  if (result.total < kFewHits && !request.query.empty()) result.suggestion = builder_.suggest(request.query);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void Searcher::count_facets(const SearchRequest& request, const Filters& filters, FacetMethod method, const MatchCount& full,
                            SearchResult& result) {
  const EntityTable& entities = index_.entities();
  for (schema::Facet facet : kFacets) {
    std::map<std::string, std::size_t> counts;
    if (filters.facets.count(facet) == 0) {
      counts = full.counts(facet);
    } else {
      // Disjunctive faceting: this facet's values counted without its own filter.
      counts = count(filters.combined(&facet), method, request, result).counts(facet);
    }
    result.facets[std::string(schema::facet_name(facet))] = summarise(counts, facet, entities, request.facet_top);
  }
}

MatchCount Searcher::count(const Xapian::Query& query, FacetMethod method, const SearchRequest& request, SearchResult& result) {
  const bool local = index_.all_local();
  const CountTarget target{index_.database(), method,      request.facet_unit, local, codes_for(method),
                           local ? workers() : nullptr, options_.facet_table && local};
  MatchCount matches = count_matches(target, query, request.count_policy);
  if (!matches.exact()) {
    result.counts_sampled = true;
    result.examined_fraction = std::min(result.examined_fraction, matches.fraction());
  }
  return matches;
}

bool Searcher::use_length_table() const { return options_.length_table && index_.all_local(); }

Xapian::Query Searcher::ranking_query(const Xapian::Query& query, const RankingOptions& ranking) {
  if (!use_length_table()) return query;
  return with_bm25_sources(query, index_.database(), bm25_params(ranking));
}

const FacetCodeTables* Searcher::codes_for(FacetMethod method) {
  return method == FacetMethod::Local ? &index_.facet_codes() : nullptr;  // only the local counter reads them
}

Xapian::Query Searcher::expand(const Xapian::Query& text, const Xapian::Query& full, const SearchRequest& request) {
  Xapian::Enquire enquire(index_.database());
  enquire.set_query(full);
  enquire.set_weighting_scheme(bm25(request.ranking));
  const Xapian::MSet top = enquire.get_mset(0, kFeedbackPassages);
  if (top.empty()) return text;
  Xapian::RSet relevant;
  for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
  const BodyTermDecider decider(builder_.stopper());
  const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(request.ranking.expand_terms), relevant, &decider);
  if (eset.empty()) return text;
  // Each added term counts in proportion to its expansion weight: the best one at
  // kExpansionWeight, weaker ones less (a flat weight let the tail of the ESet drift the query;
  // proportional weights gained MAP on all four IR collections, bench/results/ir.md).
  const double top_weight = eset.begin().get_weight();
  std::vector<Xapian::Query> extra;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const double share = top_weight > 0 ? it.get_weight() / top_weight : 1.0;
    extra.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), kExpansionWeight * share);
  }
  // AND_MAYBE: the added terms re-rank what the query matches but never widen it, so the total
  // and every facet count stay those of the analyst's own words.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()));
}

void Searcher::rank_articles_by_sum(Xapian::Enquire& enquire, const SearchRequest& request, SearchResult& result,
                                    const ParsedQuery& parsed) {
  Xapian::Database& db = index_.database();
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const auto pool = std::max<Xapian::doccount>(kSumPoolMin, static_cast<Xapian::doccount>(20 * (request.offset + request.limit)));
  // The article id of each passage comes with the MSet as its collapse key, without reading
  // the document (one round trip per passage on a remote shard). A limit above any article's
  // passage count collapses nothing.
  enquire.set_collapse_key(schema::kSlotArticleId, std::numeric_limits<Xapian::doccount>::max());
  const Xapian::Query query = enquire.get_query();
  enquire.set_query(ranking_query(query, request.ranking));
  const Xapian::MSet mset = enquire.get_mset(0, pool, all);
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
  const std::size_t end = std::min(ranked.size(), request.offset + request.limit);
  for (std::size_t i = request.offset; i < end; ++i) mset.fetch(ranked[i]->best);  // requests them all first
  for (std::size_t i = request.offset; i < end; ++i) {
    const Xapian::MSetIterator& best = ranked[i]->best;
    result.hits.push_back(make_hit(best.get_document(), *best, score(ranked[i]), i + 1, enquire, parsed, request));
  }
}

Hit Searcher::make_hit(const Xapian::Document& doc, Xapian::docid docid, double score, std::size_t rank,
                       Xapian::Enquire& enquire, const ParsedQuery& parsed, const SearchRequest& request) {
  Hit hit;
  hit.rank = rank;
  hit.score = score;
  hit.docid = docid;
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
  if (!request.collect_matched_terms) return hit;  // it reads the passage's term list: a round trip on a remote shard
  for (auto term = enquire.get_matching_terms_begin(docid); term != enquire.get_matching_terms_end(docid); ++term) {
    hit.matched_terms.push_back(*term);
  }
  return hit;
}

}  // namespace dossier
