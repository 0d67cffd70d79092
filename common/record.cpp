#include "common/record.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace dossier {

using nlohmann::json;

json attribution_json(const Attribution& attribution) {
  if (attribution.empty()) return nullptr;
  return {{"kind", attribution.kind}, {"text", attribution.text}};
}

json mention_json(const EntityMention& mention) {
  return {{"facet", mention.facet}, {"id", mention.id},       {"name", mention.name}, {"mention", mention.mention},
          {"begin", mention.begin}, {"end", mention.end},     {"rule", mention.rule}};
}

json article_json(const ArticleMeta& article) {
  return {{"id", article.id},         {"title", article.title}, {"date", article.date},
          {"source", article.source}, {"url", article.url},     {"lang", article.language},
          {"focus", article.focus_countries}};
}

std::string encode_record(const ArticleMeta& article, const Passage& passage) {
  json entities = json::array();
  for (const auto& mention : passage.entities) entities.push_back(mention_json(mention));
  const json record = {{"article", article_json(article)},
                       {"index", passage.index},
                       {"text", passage.text},
                       {"attribution", attribution_json(passage.attribution)},
                       {"entities", std::move(entities)},
                       {"affiliations", passage.affiliations}};
  return record.dump();
}

PassageRecord decode_record(std::string_view data) {
  try {
    const json record = json::parse(data);
    PassageRecord out;
    const json& article = record.at("article");
    out.article.id = article.at("id").get<std::string>();
    out.article.title = article.at("title").get<std::string>();
    out.article.date = article.at("date").get<std::string>();
    out.article.source = article.at("source").get<std::string>();
    out.article.url = article.at("url").get<std::string>();
    out.article.language = article.at("lang").get<std::string>();
    out.article.focus_countries = article.value("focus", std::vector<std::string>{});
    out.passage.index = record.at("index").get<std::size_t>();
    out.passage.text = record.at("text").get<std::string>();
    if (const json& attribution = record.at("attribution"); !attribution.is_null()) {
      out.passage.attribution = {attribution.at("kind").get<std::string>(), attribution.at("text").get<std::string>()};
    }
    for (const json& e : record.at("entities")) {
      out.passage.entities.push_back({e.at("facet").get<std::string>(), e.at("id").get<std::string>(),
                                      e.at("name").get<std::string>(), e.at("mention").get<std::string>(),
                                      e.at("begin").get<std::size_t>(), e.at("end").get<std::size_t>(),
                                      e.at("rule").get<std::string>()});
    }
    out.passage.affiliations = record.value("affiliations", std::vector<std::string>{});
    return out;
  } catch (const json::exception& e) {
    throw Error(std::string("corrupt passage record: ") + e.what());
  }
}

}  // namespace dossier
