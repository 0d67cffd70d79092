#include "searcher/filters.h"

#include <cctype>

#include "searcher/rank.h"

namespace dossier {

namespace {

constexpr Xapian::doccount kFeedbackPassages = 10;  // top passages taken as relevant for --expand
constexpr double kExpansionWeight = 0.5;           // the strongest expansion term counts half as much

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

Xapian::Query Filters::combined(const schema::Facet* skip) const {
  Xapian::Query query = text;
  for (const auto& [facet, filter] : facets) {
    if (skip == nullptr || facet != *skip) query = filtered(query, filter);
  }
  for (const auto& filter : others) query = filtered(query, filter);
  return query;
}

Filters build_filters(QueryBuilder& builder, const ParsedQuery& parsed, const SearchRequest& request) {
  Filters filters;
  filters.text = parsed.query;
  const std::pair<schema::Facet, const std::vector<std::string>*> facet_values[] = {
      {schema::Facet::Country, &request.countries}, {schema::Facet::Actor, &request.actors},
      {schema::Facet::Weapon, &request.weapons}, {schema::Facet::Speaker, &request.speakers}};
  const auto remember = [&](const std::string& field, schema::Facet facet, const std::vector<std::string>& values) {
    for (const std::string& id : builder.resolve(facet, values)) filters.active.push_back({field, id, builder.entity_name(facet, id)});
  };
  for (const auto& [facet, values] : facet_values) {
    if (values->empty()) continue;
    filters.facets[facet] = builder.facet_filter(facet, *values);
    remember(std::string(schema::facet_name(facet)), facet, *values);
  }
  if (!request.focus_countries.empty()) {
    filters.others.push_back(builder.facet_filter(schema::Facet::Country, request.focus_countries, true));
    remember("focus", schema::Facet::Country, request.focus_countries);
  }
  if (!request.since.empty() || !request.until.empty()) filters.others.push_back(date_filter(request.since, request.until));
  if (request.runs) {
    std::vector<Xapian::Query> runs;
    for (const std::uint64_t run : *request.runs) runs.emplace_back(schema::run_term(run));
    filters.others.push_back(runs.empty() ? Xapian::Query::MatchNothing : Xapian::Query(Xapian::Query::OP_OR, runs.begin(), runs.end()));
  }
  if (!request.since.empty()) filters.active.push_back({"since", request.since, request.since});
  if (!request.until.empty()) filters.active.push_back({"until", request.until, request.until});
  return filters;
}

Xapian::Query expand(Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& full, const SearchRequest& request,
                     const Xapian::Stopper& stopper) {
  Xapian::Enquire enquire(db);
  enquire.set_query(full);
  enquire.set_weighting_scheme(bm25_weighting(request.ranking));
  const Xapian::MSet top = enquire.get_mset(0, kFeedbackPassages);
  if (top.empty()) return text;
  Xapian::RSet relevant;
  for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
  const BodyTermDecider decider(stopper);
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

}  // namespace dossier
