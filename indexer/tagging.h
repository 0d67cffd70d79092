// Tagging one article: tokens, entity mentions, affiliations and focus countries. Shared by
// --dump-passages and the indexing workers; one Tagger per thread (the Normaliser caches).
#pragma once

#include <vector>

#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

class Tagger {
 public:
  // gazetteer and matcher are shared read-only between threads and must outlive the tagger.
  Tagger(const Gazetteer& gazetteer, const EntityMatcher& matcher) : gazetteer_(gazetteer), matcher_(matcher) {}

  // Fills each passage's entities and affiliations and the article's focus countries; returns
  // the tokens of each passage (the indexer reuses them).
  std::vector<std::vector<Token>> tag(Article& article);

  Normaliser& normaliser() { return normaliser_; }

 private:
  std::vector<std::string> affiliations(const std::vector<EntityMention>& mentions) const;

  const Gazetteer& gazetteer_;
  const EntityMatcher& matcher_;
  Normaliser normaliser_;
};

}  // namespace dossier
