// Tagging one article: tokens, entity mentions, affiliations and focus countries. Shared by
// --dump-passages and the indexing workers; one Tagger per thread (the Normaliser caches).
#pragma once

#include <map>
#include <set>
#include <unordered_set>
#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"
#include "indexer/recogniser.h"
#include "indexer/speakers.h"

namespace dossier {

class Tagger {
 public:
  // gazetteer and matcher are shared read-only between threads and must outlive the tagger.
  Tagger(const Gazetteer& gazetteer, const EntityMatcher& matcher);

  // Fills each passage's entities (gazetteer mentions, then discovered ones: indexer/recogniser.h)
  // and affiliations and the article's focus countries; returns the tokens of each passage (the
  // indexer reuses them).
  std::vector<std::vector<Token>> tag(Article& article);

  Normaliser& normaliser() { return normaliser_; }

  // The discovered entities met since the last call ("facet:id" -> entity), for the database's
  // table of them; clears them.
  std::map<std::string, DiscoveredEntity> take_discovered();
  // The gazetteer entries ("facet:id") mentioned since the last call; clears them.
  std::set<std::string> take_used();

 private:
  // An actor's type and affiliation: the gazetteer's, else those of the entity discovered.
  struct ActorFacts {
    std::string_view type, affiliation;
  };
  ActorFacts actor_facts(const std::string& id) const;
  std::vector<std::string> affiliations(const std::vector<EntityMention>& mentions) const;
  // Fills each attribution's speaker (indexer/speakers.h), with the actors of tagged attributions.
  void resolve_article_speakers(Article& article, CyrillicScheme scheme, bool inflected);

  const Gazetteer& gazetteer_;
  const EntityMatcher& matcher_;
  Normaliser normaliser_;
  Recogniser recogniser_;  // after normaliser_, which it uses
  std::map<std::string, DiscoveredEntity> discovered_;
  std::set<std::string> used_;
  WordSet given_names_;  // indexer/speakers.h
};

}  // namespace dossier
