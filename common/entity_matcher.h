// Tags text with gazetteer entities: a trie over folded token sequences per facet, so matching
// is linear in the number of tokens (times the longest name), and the longest match wins.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

class EntityMatcher {
 public:
  // Keeps a reference to gazetteer, which must outlive the matcher.
  EntityMatcher(const Gazetteer& gazetteer, Normaliser& normaliser);
  ~EntityMatcher();
  EntityMatcher(const EntityMatcher&) = delete;
  EntityMatcher& operator=(const EntityMatcher&) = delete;

  // Mentions in text, ordered by offset. tokens must be normaliser.tokenize(text, ...).
  // inflected: the text is in a language with case endings (is_inflected_language), so names
  // and tokens are compared by inflection_key (Beogradu matches Beograd).
  std::vector<EntityMention> match(std::string_view text, const std::vector<Token>& tokens,
                                   bool inflected = false) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
