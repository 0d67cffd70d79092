#include "searcher/match_terms.h"

#include <algorithm>

namespace dossier {

bool MatchTerms::matches(const std::string& folded, const Xapian::Stem& stemmer) const {
  if (words.count(folded) > 0) return true;
  if (!stems.empty() && stems.count(stemmer(folded)) > 0) return true;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return folded.rfind(prefix, 0) == 0; });
}

}  // namespace dossier
