// The --json and --format jsonl contract (docs/json.md): fields are added, never renamed
// or dropped.
#include "searcher/render.h"
#include "searcher/render_json.h"

#include <nlohmann/json.hpp>

#include "common/terminal.h"
#include "searcher/timeline.h"

namespace dossier {

namespace {

// The highlights' byte ranges as ranges of code points (what jq, JavaScript and Python slice by).
std::vector<std::pair<std::size_t, std::size_t>> highlight_chars(const Snippet& snippet) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t byte = 0, chars = 0;
  const auto advance_to = [&](std::size_t target) {
    for (; byte < target && byte < snippet.text.size(); ++byte) {
      if ((static_cast<unsigned char>(snippet.text[byte]) & 0xC0) != 0x80) ++chars;  // not a continuation byte
    }
    return chars;
  };
  for (const auto& [begin, end] : snippet.highlights) {
    if (begin < byte) continue;  // out of order: never written so
    const std::size_t first = advance_to(begin);
    out.emplace_back(first, advance_to(end));
  }
  return out;
}

nlohmann::json facet_value_json(schema::Facet facet, const FacetValue& value) {
  nlohmann::json entry = {{"id", value.id}, {"name", value.name}, {"count", value.count}};
  if (facet == schema::Facet::Weapon) entry["parent"] = value.parent;  // a system's category; "" for categories
  if (value.discovered) entry["discovered"] = true;  // only where true: the contract grows, never changes
  if (value.selected) entry["selected"] = true;      // a value of the search's own filter
  return entry;
}

// The request's filters as the header shows them: {"country": [{"id", "name"}], ..., "since", "until"}.
nlohmann::json summary_json_filters(const SearchResult& result) {
  using nlohmann::json;
  json filters = {{"country", json::array()}, {"focus", json::array()}, {"actor", json::array()}, {"weapon", json::array()},
                  {"speaker", json::array()}, {"since", nullptr}, {"until", nullptr}};
  for (const ActiveFilter& filter : result.filters) {
    if (filter.field == "since" || filter.field == "until") filters[filter.field] = filter.id;
    else filters[filter.field].push_back({{"id", filter.id}, {"name", filter.name}});
  }
  return filters;
}

// --timeline: {"unit", "periods": [{"start", "articles"}], "articles", "undated"} and, with
// --by-facet, "facet" and "rows": [{"id", "name", "articles": [per period], "total"}].
nlohmann::json timeline_json(const Timeline& timeline) {
  using nlohmann::json;
  json periods = json::array();
  for (const TimelinePeriod& period : timeline.periods) periods.push_back({{"start", period.start}, {"articles", period.articles}});
  json out = {{"unit", std::string(time_unit_name(timeline.unit))},
              {"periods", std::move(periods)},
              {"articles", timeline.articles},
              {"undated", timeline.undated},
              {"exact", true}};
  if (!timeline.facet.empty()) {
    json rows = json::array();
    for (const TimelineRow& row : timeline.rows) {
      rows.push_back({{"id", row.value.id}, {"name", row.value.name}, {"articles", row.articles}, {"total", row.value.count}});
    }
    out["facet"] = timeline.facet;
    out["rows"] = std::move(rows);
    out["more_values"] = timeline.more_values;
  }
  return out;
}

// Everything but the hits.
nlohmann::json summary_json(const SearchResult& result, const SearchRequest& request) {
  using nlohmann::json;
  json facets = json::object();
  for (const auto& [facet, summary] : result.facets) {
    json values = json::array();
    schema::Facet which = schema::Facet::Country;
    parse_facet_name(facet, which);
    for (const FacetValue& value : summary.values) values.push_back(facet_value_json(which, value));
    facets[facet] = std::move(values);
  }
  json missing = json::array();
  for (const MissingShard& shard : result.missing_shards) missing.push_back(shard.location);
  json filters = summary_json_filters(result);
  const char* sort = result.sort == SortOrder::Relevance ? "relevance" : result.sort == SortOrder::DateAscending ? "date" : "-date";
  json summary = {{"query", result.query},
          {"parsed", result.parsed},
          {"unit", request.by_passage ? "passage" : "article"},
          {"total", {{"value", result.total}, {"exact", result.total_exact}}},
          {"offset", request.offset},
          {"more", result.more},
          {"filters", std::move(filters)},
          {"sort", sort},
          {"facets", std::move(facets)},
          {"facet_unit", request.facet_unit == CountUnit::Articles ? "article" : "passage"},
          {"suggestion", result.suggestion.empty() ? json(nullptr) : json(result.suggestion)},
          {"partial", !result.missing_shards.empty()},
          {"counts_sampled", result.counts_sampled},
          {"examined_fraction", result.examined_fraction},
          {"missing_shards", std::move(missing)},
          {"took_ms", result.seconds * 1000}};
  if (result.timeline) summary["timeline"] = timeline_json(*result.timeline);  // only with --timeline
  return summary;
}

// replace: a damaged record with invalid UTF-8 still prints (as U+FFFD) instead of throwing.

}  // namespace

nlohmann::json hit_json(const Hit& hit, bool explain) {
  using nlohmann::json;
  json highlights = json::array();
  for (const auto& [begin, end] : hit.snippet.highlights) highlights.push_back({begin, end});
  json facets = json::object();
  for (const char* facet : {"country", "actor", "weapon", "speaker"}) {
    const auto it = hit.facets.find(facet);
    facets[facet] = it == hit.facets.end() ? json::array() : json(it->second);
  }
  json highlights_chars = json::array();
  for (const auto& [begin, end] : highlight_chars(hit.snippet)) highlights_chars.push_back({begin, end});
  const ArticleMeta& article = hit.record.article;
  const SourceOrigin& origin = hit.record.origin;
  json entry = {{"rank", hit.rank},
                {"score", hit.score},
                {"article", {{"id", article.id}, {"title", article.title}, {"date", article.date.empty() ? json(nullptr) : json(article.date)},
                             {"source", article.source}, {"url", article.url}, {"lang", article.language},
                             {"focus", article.focus_countries}}},
                {"passage",
                 {{"index", hit.record.passage.index},
                  {"text", hit.record.passage.text},
                  {"attribution", attribution_json(hit.record.passage.attribution)}}},
                {"snippet", hit.snippet.text},
                {"highlights", std::move(highlights)},
                {"highlights_chars", std::move(highlights_chars)},
                {"facets", std::move(facets)},
                {"affiliations", hit.record.passage.affiliations},
                {"copies", hit.copies},
                // Where the article was read (null in a database indexed before origins were stored).
                {"origin", origin.path.empty() ? json(nullptr)
                                               : json{{"path", origin.path}, {"line", origin.line == 0 ? json(nullptr) : json(origin.line)}}}};
  if (explain) {
    json mentions = json::array();
    for (const auto& mention : hit.record.passage.entities) mentions.push_back(mention_json(mention));
    entry["explain"] = {{"matched_terms", hit.matched_terms}, {"matched", hit.matched}, {"entities", std::move(mentions)}};
  }
  return entry;
}

std::string dump_for_terminal(const nlohmann::json& value) {
  return escape_json_for_terminal(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string render_json(const SearchResult& result, const SearchRequest& request, bool explain) {
  nlohmann::json document = summary_json(result, request);
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : result.hits) hits.push_back(hit_json(hit, explain));
  document["hits"] = std::move(hits);
  return dump_for_terminal(document);
}

std::string render_jsonl(const SearchResult& result, const SearchRequest& request, bool explain) {
  std::string out;
  for (const Hit& hit : result.hits) {
    nlohmann::json line = hit_json(hit, explain);
    line["type"] = "hit";
    out += dump_for_terminal(line) + '\n';
  }
  nlohmann::json summary = summary_json(result, request);
  summary["type"] = "summary";
  out += dump_for_terminal(summary) + '\n';
  return out;
}

std::string render_values_json(const SearchResult& result, const ValuesRequest& request, const std::vector<FacetValue>& values) {
  using nlohmann::json;
  json list = json::array();
  for (const FacetValue& value : values) list.push_back(facet_value_json(request.facet, value));
  json document = summary_json_filters(result);
  document = {{"facet", schema::facet_name(request.facet)},
              {"prefix", request.prefix},
              {"query", result.query},
              {"filters", std::move(document)},
              {"total", {{"value", result.total}, {"exact", result.total_exact}}},
              {"values", std::move(list)}};
  return dump_for_terminal(document);
}

std::string render_article_json(const ArticleView& view) {
  using nlohmann::json;
  json passages = json::array();
  for (std::size_t i = 0; i < view.passages.size(); ++i) {
    const Passage& passage = view.passages[i];
    const Snippet highlighted{passage.text, view.highlights[i]};
    json highlights = json::array();
    for (const auto& [begin, end] : highlighted.highlights) highlights.push_back({begin, end});
    json highlights_chars = json::array();
    for (const auto& [begin, end] : highlight_chars(highlighted)) highlights_chars.push_back({begin, end});
    json mentions = json::array();
    for (const EntityMention& mention : passage.entities) mentions.push_back(mention_json(mention));
    passages.push_back({{"index", passage.index},
                        {"text", passage.text},
                        {"attribution", attribution_json(passage.attribution)},
                        {"entities", std::move(mentions)},
                        {"affiliations", passage.affiliations},
                        {"highlights", std::move(highlights)},
                        {"highlights_chars", std::move(highlights_chars)}});
  }
  const SourceOrigin& origin = view.origin;
  json article = article_json(view.article);
  if (view.article.date.empty()) article["date"] = nullptr;  // as in --json's hits
  const json document = {
      {"article", std::move(article)},
      {"origin", origin.path.empty() ? json(nullptr) : json{{"path", origin.path}, {"line", origin.line == 0 ? json(nullptr) : json(origin.line)}}},
      {"passages", std::move(passages)}};
  return dump_for_terminal(document);
}

}  // namespace dossier
