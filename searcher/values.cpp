#include "searcher/values.h"

#include <algorithm>

#include "common/error.h"

namespace dossier {

ValuesRequest parse_values_request(const std::string& text) {
  ValuesRequest values;
  const std::size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  if (!parse_facet_name(name, values.facet)) {
    throw UsageError("--values takes a facet (country, actor or weapon), optionally with :PREFIX (e.g. actor:vuc), not '" + name + "'");
  }
  if (colon != std::string::npos) values.prefix = text.substr(colon + 1);
  return values;
}

std::vector<FacetValue> facet_values(const SearchResult& result, const ValuesRequest& values, Normaliser& normaliser) {
  const auto summary = result.facets.find(std::string(schema::facet_name(values.facet)));
  if (summary == result.facets.end()) return {};
  const std::string prefix = values.prefix.empty() ? std::string() : normaliser.fold_phrase(values.prefix);
  const auto starts = [&](const std::string& text) { return text.compare(0, prefix.size(), prefix) == 0; };
  std::vector<FacetValue> out;
  for (const FacetValue& value : summary->second.values) {
    bool keep = prefix.empty() || starts(normaliser.fold_phrase(value.id)) || starts(normaliser.fold_phrase(value.name));
    // A word of the name: "vuc" finds "Aleksandar Vučić", "kfor" finds "Kosovo Force (KFOR)".
    for (const Token& token : prefix.empty() || keep ? std::vector<Token>{} : normaliser.tokenize(value.name)) {
      if (starts(token.folded)) {
        keep = true;
        break;
      }
    }
    if (keep) out.push_back(value);
  }
  return out;
}

}  // namespace dossier
