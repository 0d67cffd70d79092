#include "searcher/search.h"

#include <algorithm>
#include <chrono>

#include "common/error.h"

namespace dossier {

namespace {

constexpr int kReopenAttempts = 3;

FacetSummary summarise(const std::map<std::string, std::size_t>& counts, schema::Facet facet,
                       const EntityTable& entities, std::size_t top) {
  FacetSummary summary;
  for (const auto& [id, count] : counts) summary.values.push_back({id, entities.display_name(facet, id), count});
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

}  // namespace

Searcher::Searcher(IndexReader& index) : index_(index), builder_(index_, normaliser_) {}
Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& request) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
      // The indexer committed twice while we read: take the new revision and run again.
      if (attempt >= kReopenAttempts) throw DatabaseError(index_.path() + ": database changed under the search too often; try again");
      index_.reopen();
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
  ParsedQuery parsed = builder_.parse(request.query, options);
  Xapian::Query query = parsed.query;
  if (!request.countries.empty()) query = filtered(query, builder_.facet_filter(schema::Facet::Country, request.countries));
  if (!request.focus_countries.empty()) {
    query = filtered(query, builder_.facet_filter(schema::Facet::Country, request.focus_countries, true));
  }
  if (!request.actors.empty()) query = filtered(query, builder_.facet_filter(schema::Facet::Actor, request.actors));
  if (!request.weapons.empty()) query = filtered(query, builder_.facet_filter(schema::Facet::Weapon, request.weapons));
  if (!request.since.empty() || !request.until.empty()) query = filtered(query, date_filter(request.since, request.until));
  result.parsed = query.get_description();

  Xapian::Database& db = index_.database();
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  if (!request.by_passage) enquire.set_collapse_key(schema::kSlotArticleId);
  switch (request.sort) {
    case SortOrder::Relevance: break;
    case SortOrder::DateAscending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false); break;
    case SortOrder::DateDescending: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true); break;
  }
  FacetCounter counter(request.facet_unit);
  enquire.add_matchspy(&counter);
  // Checking every document makes both the totals and the facet counts exact.
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                             static_cast<Xapian::doccount>(request.limit), all);

  result.total = request.by_passage ? counter.passages() : counter.articles();
  result.total_exact = true;
  const EntityTable& entities = index_.entities();
  for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
    result.facets[std::string(schema::facet_name(facet))] =
        summarise(counter.counts(facet), facet, entities, request.facet_top);
  }

  static const Xapian::Stem stemmer("english");
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = static_cast<std::size_t>(it.get_rank()) + 1;  // get_rank() includes the offset
    hit.score = it.get_weight();
    hit.docid = *it;
    const Xapian::Document doc = it.get_document();
    hit.record = decode_record(doc.get_data());
    for (const std::string& code : split_facet_codes(doc.get_value(schema::kSlotFacets))) {
      if (code.size() < 3 || code[1] != ':') continue;
      for (schema::Facet facet : {schema::Facet::Country, schema::Facet::Actor, schema::Facet::Weapon}) {
        if (static_cast<char>(facet) == code[0]) hit.facets[std::string(schema::facet_name(facet))].push_back(code.substr(2));
      }
    }
    const CyrillicScheme scheme = scheme_for_language(hit.record.article.language);
    const std::vector<Token> tokens = normaliser_.tokenize(hit.record.passage.text, scheme);
    hit.snippet = make_snippet(hit.record.passage.text, tokens, parsed.terms, request.snippet, normaliser_);
    for (auto term = enquire.get_matching_terms_begin(it); term != enquire.get_matching_terms_end(it); ++term) {
      hit.matched_terms.push_back(*term);
    }
    result.hits.push_back(std::move(hit));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace dossier
