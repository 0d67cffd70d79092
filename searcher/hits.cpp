#include "searcher/hits.h"

#include <algorithm>
#include <string>

#include "common/facet_codes.h"
#include "common/record.h"
#include "common/schema.h"
#include "searcher/snippet.h"

namespace dossier {

ByteRanges filtered_mentions(const Passage& passage, const std::vector<ActiveFilter>& filters, const MatchTerms& terms) {
  ByteRanges ranges;
  for (const EntityMention& mention : passage.entities) {
    const bool filtered = terms.entities.count(mention.facet + ":" + mention.id) > 0 ||
                          std::any_of(filters.begin(), filters.end(), [&](const ActiveFilter& filter) {
                            const std::string& facet = filter.field == "focus" ? std::string("country") : filter.field;
                            return facet == mention.facet && filter.id == mention.id;
                          });
    if (filtered && mention.begin < mention.end && mention.end <= passage.text.size()) ranges.emplace_back(mention.begin, mention.end);
  }
  return ranges;
}

namespace {

using schema::kFacets;

Hit make_hit(const RankedHit& ranked, const HitContext& context) {
  Hit hit;
  hit.rank = ranked.rank;
  hit.score = ranked.score;
  hit.docid = ranked.docid;
  hit.record = decode_record(ranked.document.get_data());
  for (const std::string& code : split_facet_codes(ranked.document.get_value(schema::kSlotFacets))) {
    if (code.size() < 3 || code[1] != ':') continue;
    for (schema::Facet facet : kFacets) {
      if (static_cast<char>(facet) == code[0]) hit.facets[std::string(schema::facet_name(facet))].push_back(code.substr(2));
    }
  }
  const SearchRequest& request = context.request;
  if (request.make_snippets) {
    const CyrillicScheme scheme = scheme_for_language(hit.record.article.language);
    const std::vector<Token> tokens = context.normaliser.tokenize(hit.record.passage.text, scheme);
    hit.snippet = make_snippet(hit.record.passage.text, tokens, context.terms, request.snippet, context.normaliser,
                               filtered_mentions(hit.record.passage, context.filters, context.terms));
  }
  if (!request.collect_matched_terms) return hit;  // it reads the passage's term list: a round trip on a remote shard
  Xapian::Enquire& enquire = context.enquire;
  for (auto term = enquire.get_matching_terms_begin(ranked.docid); term != enquire.get_matching_terms_end(ranked.docid); ++term) {
    hit.matched_terms.push_back(*term);
    std::string described = describe_term(*term, context.entities);
    if (std::find(hit.matched.begin(), hit.matched.end(), described) == hit.matched.end()) hit.matched.push_back(std::move(described));
  }
  return hit;
}

}  // namespace

std::vector<Hit> make_hits(const std::vector<RankedHit>& ranked, const HitContext& context) {
  std::vector<Hit> hits;
  hits.reserve(ranked.size());
  for (const RankedHit& one : ranked) hits.push_back(make_hit(one, context));
  return hits;
}

}  // namespace dossier
