#include "searcher/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/terminal.h"
#include "common/utf8.h"

namespace dossier {

namespace {

constexpr const char* kHighlight = "\x1b[1;31m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

std::string wrap(const std::string& text, std::size_t width, const std::string& indent,
                 const std::string& first_prefix);

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  return wrap(text, width, indent, indent);
}

// Items joined by " · ", a line break only between items; continuation lines are indented
// under the first item.
std::string wrap_items(const std::vector<std::string>& items, std::size_t width, const std::string& prefix) {
  const std::size_t indent = display_width(prefix);
  std::string out = prefix;
  std::size_t column = indent;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t w = display_width(items[i]);
    // After an item ending in ':' (a weapon category) the next item follows with a space.
    const std::string separator = i > 0 && items[i - 1].back() == ':' ? " " : " · ";
    if (i > 0 && column + separator.size() + w > width) {
      out += (separator == " " ? "" : " ·") + std::string("\n") + std::string(indent, ' ');
      column = indent;
    } else if (i > 0) {
      out += separator;
      column += display_width(separator);
    }
    out += items[i];
    column += w;
  }
  return out;
}

// The weapon facet is two-level: each category on its own line, its systems after a colon.
// Systems whose category is not among the values shown are listed on a last line.
template <typename Item>
void render_weapon_facet(const FacetSummary& summary, const TextStyle& style, std::ostream& out, const Item& item) {
  std::vector<const FacetValue*> categories;
  std::vector<const FacetValue*> orphans;
  for (const FacetValue& value : summary.values) {
    if (value.parent.empty()) categories.push_back(&value);
  }
  for (const FacetValue& value : summary.values) {
    if (value.parent.empty()) continue;
    const bool shown = std::any_of(categories.begin(), categories.end(), [&](const FacetValue* c) { return c->id == value.parent; });
    if (!shown) orphans.push_back(&value);
  }
  bool first = true;
  const auto prefix = [&] {
    std::string text = first ? "  weapon  " : "          ";
    first = false;
    return text;
  };
  for (const FacetValue* category : categories) {
    std::vector<std::string> items{item(*category) + (std::any_of(summary.values.begin(), summary.values.end(),
                                                                   [&](const FacetValue& v) { return v.parent == category->id; })
                                                          ? ":"
                                                          : "")};
    for (const FacetValue& value : summary.values) {
      if (value.parent == category->id) items.push_back(item(value));
    }
    out << wrap_items(items, style.width, prefix()) << '\n';
  }
  std::vector<std::string> rest;
  for (const FacetValue* value : orphans) rest.push_back(item(*value));
  if (summary.more > 0) rest.push_back(fmt::format("+{} more", summary.more));
  if (!rest.empty()) out << wrap_items(rest, style.width, prefix()) << '\n';
}

std::string paint(const std::string& text, const char* code, bool colour) {
  return colour ? std::string(code) + text + kReset : text;
}

// Greedy word wrap by display width; ANSI sequences do not count towards the width. The first
// line starts with first_prefix, the others with indent.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent,
                 const std::string& first_prefix) {
  std::string out = first_prefix;
  std::size_t column = display_width(first_prefix);
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t space = text.find(' ', pos);
    if (space == std::string::npos) space = text.size();
    const std::string word = text.substr(pos, space - pos);
    pos = space + 1;
    if (word.empty()) continue;
    std::string visible;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (word[i] == '\x1b') {
        while (i < word.size() && word[i] != 'm') ++i;
        continue;
      }
      visible += word[i];
    }
    const std::size_t w = display_width(visible);
    if (!first && column + 1 + w > width) {
      out += "\n" + indent;
      column = display_width(indent);
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    first = false;
  }
  return out;
}

// "+2 copies: reuters-123, afp-77": the articles collapsed into a hit, the first kCopiesShown by
// id (sanitised), then how many more; wrapped under the hit.
std::string copies_line(const std::vector<std::string>& copies, std::size_t width) {
  constexpr std::size_t kCopiesShown = 8;
  std::string ids;
  for (std::size_t i = 0; i < copies.size() && i < kCopiesShown; ++i) {
    ids += (i == 0 ? "" : ", ") + sanitise_for_terminal(copies[i]);
  }
  if (copies.size() > kCopiesShown) ids += fmt::format(" and {} more", copies.size() - kCopiesShown);
  const std::string head = fmt::format("+{} cop{}: ", copies.size(), copies.size() == 1 ? "y" : "ies");
  return wrap(ids, width, "       ", "     " + head);
}

// "4.8%": the share of the matches a sampled count examined, with two significant digits.
std::string examined_share(const SearchResult& result) {
  const double percent = result.examined_fraction * 100;
  return fmt::format("{:.{}f}%", percent, percent < 1 ? 2 : percent < 10 ? 1 : 0);
}

}  // namespace

std::string render_snippet(const Snippet& snippet, bool colour) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    if (begin < pos) continue;
    out += sanitise_for_terminal(std::string_view(snippet.text).substr(pos, begin - pos));
    out += paint(sanitise_for_terminal(std::string_view(snippet.text).substr(begin, end - begin)), kHighlight, colour);
    pos = end;
  }
  out += sanitise_for_terminal(std::string_view(snippet.text).substr(pos));
  return out;
}

void render_text(const SearchResult& result, const SearchRequest& request, const TextStyle& style, std::ostream& out) {
  const std::string unit = request.by_passage ? "passage" : "article";
  out << paint(fmt::format("{}{} {}{} match{}", result.counts_sampled ? "≈" : "", result.total, unit, result.total == 1 ? "" : "s",
                           result.total == 1 ? "es" : ""),
               kBold, style.colour)
      << (!result.missing_shards.empty() ? " (partial)"
          : result.counts_sampled        ? " (estimated from " + examined_share(result) + " of the matches; --exact-facets counts all)"
          : result.total_exact           ? " (exact)"
                                         : " (estimated)")
      << " · " << fmt::format("{:.1f} ms", result.seconds * 1000) << '\n';
  if (!result.missing_shards.empty()) {
    // Never easy to miss: every count below leaves these shards out.
    std::string missing;
    for (const MissingShard& shard : result.missing_shards) {
      missing += (missing.empty() ? "" : "; ") + sanitise_for_terminal(shard.location) + " (" + sanitise_for_terminal(shard.reason) + ")";
    }
    out << paint(fmt::format("partial result: {} of {} shards missing: ", result.missing_shards.size(), result.shards), kBold,
                 style.colour)
        << missing << '\n';
  }
  if (style.explain) out << paint("query: " + sanitise_for_terminal(result.parsed), kDim, style.colour) << '\n';
  if (!result.suggestion.empty()) {
    out << "Did you mean: " << paint(sanitise_for_terminal(result.suggestion), kBold, style.colour) << " ?\n";
  }
  out << '\n';
  for (const Hit& hit : result.hits) {
    const ArticleMeta& article = hit.record.article;
    std::string head = fmt::format("{:>3}. ", hit.rank);
    std::string meta = article.date.empty() ? "(undated)" : article.date;
    if (!article.source.empty()) meta += " · " + sanitise_for_terminal(article.source);
    out << head << paint(sanitise_for_terminal(article.title), kBold, style.colour) << '\n';
    std::string details = meta + " · passage " + std::to_string(hit.record.passage.index + 1);
    if (!hit.record.passage.attribution.kind.empty()) details += " · " + sanitise_for_terminal(hit.record.passage.attribution.kind);
    details += fmt::format(" · score {:.2f}", hit.score);
    out << "     " << paint(details, kDim, style.colour) << '\n';
    out << wrap(render_snippet(hit.snippet, style.colour), style.width, "     ") << '\n';
    const Attribution& attribution = hit.record.passage.attribution;
    if (!attribution.empty()) {
      out << wrap(paint("[" + sanitise_for_terminal(attribution.kind) + ": " + sanitise_for_terminal(attribution.text) + "]",
                        kDim, style.colour),
                  style.width, "     ")
          << '\n';
    }
    if (!hit.copies.empty()) out << paint(copies_line(hit.copies, style.width), kDim, style.colour) << '\n';
    if (style.explain) {
      std::string terms;
      for (const auto& term : hit.matched_terms) terms += (terms.empty() ? "" : ", ") + sanitise_for_terminal(term);
      out << "     matched terms: " << (terms.empty() ? "(filters only)" : terms) << '\n';
      for (const EntityMention& m : hit.record.passage.entities) {
        out << "     " << m.facet << " " << sanitise_for_terminal(m.id) << " (" << sanitise_for_terminal(m.name)
            << ") from \"" << sanitise_for_terminal(m.mention) << "\" at " << m.begin << "-" << m.end << " by "
            << m.rule << (m.discovered ? " (discovered: no gazetteer lists it)" : "") << '\n';
      }
    }
    out << '\n';
  }
  bool any_facet = false;
  for (const char* facet : {"country", "actor", "weapon"}) {
    const auto it = result.facets.find(facet);
    if (it == result.facets.end() || it->second.values.empty()) continue;
    if (!any_facet) {
      const bool passages = request.facet_unit == CountUnit::Passages;
      const std::string estimated = result.counts_sampled ? "; estimated from " + examined_share(result) + " of the matches" : "";
      out << paint(fmt::format("Facets ({} per value{})", passages ? "passages" : "articles", estimated), kBold, style.colour)
          << '\n';
    }
    any_facet = true;
    const auto item = [&result](const FacetValue& value) {
      return fmt::format("{} [{}] {}{}", sanitise_for_terminal(value.name), sanitise_for_terminal(value.id),
                         result.counts_sampled ? "≈" : "", value.count);
    };
    if (std::string(facet) == "weapon") {
      render_weapon_facet(it->second, style, out, item);
      continue;
    }
    std::vector<std::string> items;
    for (const FacetValue& value : it->second.values) items.push_back(item(value));
    if (it->second.more > 0) items.push_back(fmt::format("+{} more", it->second.more));
    out << wrap_items(items, style.width, fmt::format("  {:<8}", facet)) << '\n';
  }
  if (!result.hits.empty()) {
    const std::size_t first = result.hits.front().rank;
    const std::size_t last = result.hits.back().rank;
    out << '\n' << fmt::format("Showing {}-{} of {}{}", first, last, result.counts_sampled ? "≈" : "", result.total);
    if (result.more) out << fmt::format("; next page: --offset {}", last);
    out << '\n';
  }
}

namespace {

nlohmann::json hit_json(const Hit& hit, bool explain) {
  using nlohmann::json;
  json highlights = json::array();
  for (const auto& [begin, end] : hit.snippet.highlights) highlights.push_back({begin, end});
  json facets = json::object();
  for (const char* facet : {"country", "actor", "weapon"}) {
    const auto it = hit.facets.find(facet);
    facets[facet] = it == hit.facets.end() ? json::array() : json(it->second);
  }
  const ArticleMeta& article = hit.record.article;
  json entry = {{"rank", hit.rank},
                {"score", hit.score},
                {"article", {{"id", article.id}, {"title", article.title}, {"date", article.date}, {"source", article.source},
                             {"url", article.url}, {"lang", article.language}, {"focus", article.focus_countries}}},
                {"passage",
                 {{"index", hit.record.passage.index},
                  {"text", hit.record.passage.text},
                  {"attribution", attribution_json(hit.record.passage.attribution)}}},
                {"snippet", hit.snippet.text},
                {"highlights", std::move(highlights)},
                {"facets", std::move(facets)},
                {"affiliations", hit.record.passage.affiliations},
                {"copies", hit.copies}};
  if (explain) {
    json mentions = json::array();
    for (const auto& mention : hit.record.passage.entities) mentions.push_back(mention_json(mention));
    entry["explain"] = {{"matched_terms", hit.matched_terms}, {"entities", std::move(mentions)}};
  }
  return entry;
}

// Everything but the hits.
nlohmann::json summary_json(const SearchResult& result, const SearchRequest& request) {
  using nlohmann::json;
  json facets = json::object();
  for (const auto& [facet, summary] : result.facets) {
    json values = json::array();
    for (const FacetValue& value : summary.values) {
      json entry = {{"id", value.id}, {"name", value.name}, {"count", value.count}};
      if (facet == "weapon") entry["parent"] = value.parent;  // a system's category; "" for categories
      if (value.discovered) entry["discovered"] = true;      // only where true: the contract grows, never changes
      values.push_back(std::move(entry));
    }
    facets[facet] = std::move(values);
  }
  json missing = json::array();
  for (const MissingShard& shard : result.missing_shards) missing.push_back(shard.location);
  return {{"query", result.query},
          {"parsed", result.parsed},
          {"unit", request.by_passage ? "passage" : "article"},
          {"total", {{"value", result.total}, {"exact", result.total_exact}}},
          {"offset", request.offset},
          {"more", result.more},
          {"facets", std::move(facets)},
          {"facet_unit", request.facet_unit == CountUnit::Articles ? "article" : "passage"},
          {"suggestion", result.suggestion.empty() ? json(nullptr) : json(result.suggestion)},
          {"partial", !result.missing_shards.empty()},
          {"counts_sampled", result.counts_sampled},
          {"examined_fraction", result.examined_fraction},
          {"missing_shards", std::move(missing)},
          {"took_ms", result.seconds * 1000}};
}

// replace: a damaged record with invalid UTF-8 still prints (as U+FFFD) instead of throwing.
std::string dump_for_terminal(const nlohmann::json& value) {
  return escape_json_for_terminal(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

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

}  // namespace dossier
