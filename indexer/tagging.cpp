#include "indexer/tagging.h"

#include <algorithm>

#include "common/focus.h"

namespace dossier {

std::vector<std::vector<Token>> Tagger::tag(Article& article) {
  const CyrillicScheme scheme = scheme_for_language(article.meta.language);
  const bool inflected = is_inflected_language(article.meta.language);
  std::vector<std::vector<Token>> tokens;
  tokens.reserve(article.passages.size());
  for (Passage& passage : article.passages) {
    tokens.push_back(normaliser_.tokenize(passage.text, scheme));
    passage.entities = matcher_.match(passage.text, tokens.back(), inflected);
  }
  recogniser_.recognise(article, tokens, discovered_);
  for (Passage& passage : article.passages) {
    passage.affiliations = affiliations(passage.entities);
    for (const EntityMention& mention : passage.entities) {
      if (!mention.discovered) used_.insert(mention.facet + ":" + mention.id);
    }
  }
  FocusInput focus;
  focus.title = matcher_.match(article.meta.title, normaliser_.tokenize(article.meta.title, scheme), inflected);
  focus.passages = &article.passages;
  focus.dateline_end = article.passages.empty() ? 0 : find_dateline_end(article.passages.front().text);
  article.meta.focus_countries = focus_countries(focus);
  return tokens;
}

std::vector<std::string> Tagger::affiliations(const std::vector<EntityMention>& mentions) const {
  std::vector<std::string> out;
  for (const auto& mention : mentions) {
    if (mention.facet != "actor") continue;
    std::string affiliation;
    if (const GazetteerEntry* entry = gazetteer_.find(schema::Facet::Actor, mention.id); entry != nullptr) {
      affiliation = entry->affiliation;
    } else if (const auto found = discovered_.find("actor:" + mention.id); found != discovered_.end()) {
      affiliation = found->second.affiliation;
    }
    if (!affiliation.empty() && std::find(out.begin(), out.end(), affiliation) == out.end()) out.push_back(affiliation);
  }
  return out;
}

}  // namespace dossier

namespace dossier {

std::map<std::string, DiscoveredEntity> Tagger::take_discovered() {
  std::map<std::string, DiscoveredEntity> out;
  out.swap(discovered_);
  return out;
}

}  // namespace dossier

namespace dossier {

std::set<std::string> Tagger::take_used() {
  std::set<std::string> out;
  out.swap(used_);
  return out;
}

}  // namespace dossier
