#include "indexer/tagging.h"

#include <algorithm>

#include "common/focus.h"
#include "indexer/speakers.h"

namespace dossier {

Tagger::Tagger(const Gazetteer& gazetteer, const EntityMatcher& matcher)
    : gazetteer_(gazetteer), matcher_(matcher), recogniser_(gazetteer, normaliser_), given_names_(given_names(gazetteer)) {}

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
  resolve_article_speakers(article, scheme, inflected);
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

void Tagger::resolve_article_speakers(Article& article, CyrillicScheme scheme, bool inflected) {
  SpeakerContext context;
  context.given_names = &given_names_;
  context.actor_type = [this](const EntityMention& mention) { return std::string(actor_facts(mention.id).type); };
  for (const Passage& passage : article.passages) {
    const Attribution& attribution = passage.attribution;
    std::vector<EntityMention> tagged;
    if (!attribution.empty() && attribution.kind != "Inline") {
      tagged = matcher_.match(attribution.text, normaliser_.tokenize(attribution.text, scheme), inflected);
    }
    context.tagged.push_back(std::move(tagged));
  }
  resolve_speakers(article, context);
  // A speaker named only in a tag ("[Source: European External Action Service]") is no mention
  // of the passage, but the searcher names it from the same table.
  for (const Passage& passage : article.passages) {
    const std::string& id = passage.attribution.speaker.id;
    if (!id.empty() && gazetteer_.find(schema::Facet::Actor, id) != nullptr) used_.insert("actor:" + id);
  }
}

Tagger::ActorFacts Tagger::actor_facts(const std::string& id) const {
  if (const GazetteerEntry* entry = gazetteer_.find(schema::Facet::Actor, id); entry != nullptr) {
    return {entry->type, entry->affiliation};
  }
  if (const auto found = discovered_.find("actor:" + id); found != discovered_.end()) {
    return {found->second.type, found->second.affiliation};
  }
  return {};
}

std::vector<std::string> Tagger::affiliations(const std::vector<EntityMention>& mentions) const {
  std::vector<std::string> out;
  for (const auto& mention : mentions) {
    if (mention.facet != "actor") continue;
    const std::string affiliation(actor_facts(mention.id).affiliation);
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
