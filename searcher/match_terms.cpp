#include "searcher/match_terms.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "common/schema.h"

namespace dossier {

bool MatchTerms::may_share_stem(const std::string& folded) const {
  if (folded.empty() || folded.front() == '\'') return true;
  return std::any_of(stems.begin(), stems.end(), [&](const std::string& stem) { return !stem.empty() && stem.front() == folded.front(); });
}

bool MatchTerms::matches(const std::string& folded, const Xapian::Stem& stemmer) const {
  return matches_stemming_if(folded, stemmer, may_share_stem(folded));
}

bool MatchTerms::matches_by_stemming(const std::string& folded, const Xapian::Stem& stemmer) const {
  return matches_stemming_if(folded, stemmer, true);
}

bool MatchTerms::matches_stemming_if(const std::string& folded, const Xapian::Stem& stemmer, bool stem) const {
  if (words.count(folded) > 0) return true;
  if (stem && !stems.empty() && stems.count(stemmer(folded)) > 0) return true;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return folded.rfind(prefix, 0) == 0; });
}

// An index term as the analyst would say it (schema.h lists the prefixes).
std::string describe_term(const std::string& term, const EntityTable& entities) {
  const auto starts = [&](std::string_view prefix) { return term.compare(0, prefix.size(), prefix) == 0; };
  const auto rest = [&](std::string_view prefix) { return term.substr(prefix.size()); };
  const std::pair<std::string_view, schema::Facet> facets[] = {{schema::kPrefixCountryFocus, schema::Facet::Country},
                                                               {schema::kPrefixCountry, schema::Facet::Country},
                                                               {schema::kPrefixActor, schema::Facet::Actor},
                                                               {schema::kPrefixWeapon, schema::Facet::Weapon},
                                                               {schema::kPrefixSpeaker, schema::Facet::Speaker}};
  for (const auto& [prefix, facet] : facets) {
    if (!starts(prefix)) continue;
    const std::string id = rest(prefix);
    const EntityInfo* info = entities.find_without_names(facet, id);
    const std::string label = prefix == schema::kPrefixCountryFocus ? "about country" : std::string(schema::facet_name(facet));
    return label + " " + (info != nullptr ? info->name : id) + " [" + id + "]";
  }
  const std::pair<std::string_view, const char*> fields[] = {
      {schema::kPrefixKind, "kind"}, {schema::kPrefixLanguage, "lang"}, {schema::kPrefixSource, "source"},
      {schema::kPrefixYear, "year"}, {schema::kPrefixMonth, "month"},    {schema::kPrefixDay, "date"}};
  for (const auto& [prefix, label] : fields) {
    if (starts(prefix)) return std::string(label) + " " + rest(prefix);
  }
  // Words: "Z" stems and unstemmed forms, in the body, the title ("S") or the attribution ("XT").
  std::string word = term;
  bool stem = false;
  if (!word.empty() && word[0] == 'Z') {
    stem = true;
    word.erase(0, 1);
  }
  std::string where;
  if (word.compare(0, schema::kPrefixAttribution.size(), schema::kPrefixAttribution) == 0) {
    where = "attribution: ";
    word.erase(0, schema::kPrefixAttribution.size());
  } else if (word.compare(0, schema::kPrefixTitle.size(), schema::kPrefixTitle) == 0) {
    where = "title: ";
    word.erase(0, schema::kPrefixTitle.size());
  }
  return where + word + (stem ? " (stem)" : "");
}

std::string describe_query(const std::string& raw, const EntityTable& entities) {
  // A word that names an entity adds "(PostingSource(...(wt=W)) AND XC:XK)": the entity, read
  // out as its term alone.
  std::string description = raw;
  const std::string source = "PostingSource(Xapian::FixedWeightPostingSource(wt=";
  for (std::size_t at = description.find(source); at != std::string::npos; at = description.find(source, at)) {
    const std::size_t close = description.find(")) AND ", at);
    if (close == std::string::npos) break;
    description.erase(at, close + 7 - at);
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < description.size()) {
    const std::size_t end = description.find_first_of(" ()", pos);
    const std::size_t stop = end == std::string::npos ? description.size() : end;
    std::string token = description.substr(pos, stop - pos);
    // Operators (OR, FILTER, VALUE_RANGE), numbers and <alldocuments> stay; terms are read out.
    const bool operator_word = token.empty() || token == "Query" || token[0] == '<' ||
                               std::all_of(token.begin(), token.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }) ||
                               std::all_of(token.begin(), token.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (!operator_word) {
      const std::size_t at = token.rfind('@');
      if (at != std::string::npos && at > 0) token.erase(at);
      token = "\"" + describe_term(token, entities) + "\"";
    }
    if (token != "Query") out += token;
    if (end == std::string::npos) break;
    out += description[end];
    pos = end + 1;
  }
  return out;
}

}  // namespace dossier
