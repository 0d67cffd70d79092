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
    passage.affiliations = affiliations(passage.entities);
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
    const GazetteerEntry* entry = gazetteer_.find(schema::Facet::Actor, mention.id);
    if (entry != nullptr && !entry->affiliation.empty() &&
        std::find(out.begin(), out.end(), entry->affiliation) == out.end()) {
      out.push_back(entry->affiliation);
    }
  }
  return out;
}

}  // namespace dossier
