#include "searcher/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "common/terminal.h"
#include "common/utf8.h"
#include "searcher/render_style.h"

namespace dossier {

namespace {

using style::kBold;
using style::kDim;
using style::kHighlight;
using style::kSelected;
using style::paint;
constexpr const char* kSelectedMark = "▸";  // before a facet value the search filters by


std::string wrap(const std::string& text, std::size_t width, const std::string& indent,
                 const std::string& first_prefix);

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  return wrap(text, width, indent, indent);
}

// Items joined by " · ", a line break only between items; continuation lines are indented
// under the first item.
std::string wrap_items(const std::vector<std::string>& items, std::size_t width, const std::string& prefix) {
  const std::size_t indent = visible_width(prefix);
  std::string out = prefix;
  std::size_t column = indent;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t w = visible_width(items[i]);
    // After an item ending in ':' (a weapon category) the next item follows with a space.
    const std::string separator = i > 0 && items[i - 1].back() == ':' ? " " : " · ";
    // Room for this item and, unless it is the last, the " ·" that may end its line.
    const std::size_t after = i + 1 < items.size() && items[i].back() != ':' ? 2 : 0;
    if (i > 0 && column + display_width(separator) + w + after > width) {
      out += (separator == " " ? "" : " ·") + std::string("\n") + std::string(indent, ' ');
      column = indent;
    } else if (i > 0) {
      out += separator;
      column += display_width(separator);
    }
    if (column + w + after > width && w > 0) {
      // Wider than a whole line ("European External Action Service [eeas] 1" in 50 columns):
      // wrapped between its words, the continuation under the first item.
      const std::string pad(indent, ' ');
      std::string wrapped = wrap(items[i], width > after ? width - after : width, pad, pad).substr(indent);
      const std::size_t last_line = wrapped.rfind('\n');
      column = last_line == std::string::npos ? column + visible_width(wrapped)
                                              : visible_width(wrapped.substr(last_line + 1));
      out += wrapped;
      continue;
    }
    out += items[i];
    column += w;
  }
  return out;
}

// The weapon facet is two-level: each category on its own line, its systems after a colon.
// Systems whose category is not among the values shown are listed on a last line.
struct WeaponLines {
  std::vector<std::pair<const FacetValue*, std::vector<const FacetValue*>>> categories;  // with their systems
  std::vector<const FacetValue*> orphans;
};

WeaponLines weapon_lines(const FacetSummary& summary) {
  WeaponLines lines;
  for (const FacetValue& value : summary.values) {
    if (value.parent.empty()) lines.categories.push_back({&value, {}});
  }
  for (const FacetValue& value : summary.values) {
    if (value.parent.empty()) continue;
    const auto category = std::find_if(lines.categories.begin(), lines.categories.end(),
                                       [&](const auto& c) { return c.first->id == value.parent; });
    if (category == lines.categories.end()) lines.orphans.push_back(&value);
    else category->second.push_back(&value);
  }
  return lines;
}

template <typename Item>
void render_weapon_facet(const FacetSummary& summary, const TextStyle& style, std::ostream& out, const Item& item) {
  bool first = true;
  const auto prefix = [&] {
    std::string text = first ? "  weapon  " : "          ";
    first = false;
    return text;
  };
  const WeaponLines lines = weapon_lines(summary);
  for (const auto& [category, systems] : lines.categories) {
    std::vector<std::string> items{item(*category) + (systems.empty() ? "" : ":")};
    for (const FacetValue* value : systems) items.push_back(item(*value));
    out << wrap_items(items, style.width, prefix()) << '\n';
  }
  std::vector<std::string> rest;
  for (const FacetValue* value : lines.orphans) rest.push_back(item(*value));
  if (summary.more > 0) rest.push_back(fmt::format("+{} more", summary.more));
  if (!rest.empty()) out << wrap_items(rest, style.width, prefix()) << '\n';
}

std::string wrap(const std::string& text, std::size_t width, const std::string& indent, const std::string& first_prefix) {
  return wrap_words(text, width, indent, first_prefix);
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

// "country Serbia [RS] · actor NATO [nato] · since 2020": the request's filters, in the order given.
std::vector<std::string> filter_items(const SearchResult& result) {
  std::vector<std::string> items;
  for (const ActiveFilter& filter : result.filters) {
    const bool date = filter.field == "since" || filter.field == "until";
    items.push_back(date ? filter.field + " " + sanitise_for_terminal(filter.id)
                         : filter.field + " " + sanitise_for_terminal(filter.name) + " [" + sanitise_for_terminal(filter.id) + "]");
  }
  return items;
}

namespace {

void render_header(const SearchResult& result, const SearchRequest& request, const TextStyle& style, std::ostream& out) {
  const std::string unit = request.by_passage ? "passage" : "article";
  std::string head = fmt::format("{}{} {}{} match{}", result.counts_sampled ? "≈" : "", result.total, unit, result.total == 1 ? "" : "s",
                                 result.total == 1 ? "es" : "");
  const std::string how = !result.missing_shards.empty() ? "(partial)"
                          : result.counts_sampled        ? "(estimated from " + examined_share(result) + " of the matches; --exact-facets counts all)"
                          : result.total_exact           ? "(exact)"
                                                         : "(estimated)";
  std::string order;
  if (result.sort != request.sort) order = " · newest first (no words to rank by)";
  else if (result.sort == SortOrder::DateDescending) order = " · newest first";
  else if (result.sort == SortOrder::DateAscending) order = " · oldest first";
  out << wrap(how + fmt::format(" · {:.1f} ms", result.seconds * 1000) + order, style.width, "  ",
              paint(head, kBold, style.colour) + " ")
      << '\n';
  if (!result.filters.empty()) out << wrap_items(filter_items(result), style.width, "Filters: ") << '\n';
  if (!result.missing_shards.empty()) {
    // Never easy to miss: every count below leaves these shards out.
    std::string missing;
    for (const MissingShard& shard : result.missing_shards) {
      missing += (missing.empty() ? "" : "; ") + sanitise_for_terminal(shard.location) + " (" + sanitise_for_terminal(shard.reason) + ")";
    }
    out << wrap(missing, style.width, "  ",
                paint(fmt::format("partial result: {} of {} shards missing:", result.missing_shards.size(), result.shards), kBold,
                      style.colour) + " ")
        << '\n';
  }
  if (style.explain) out << wrap(paint(sanitise_for_terminal(result.parsed_readable.empty() ? result.parsed : result.parsed_readable), kDim, style.colour),
                               style.width, "  ", "query: ") << '\n';
  if (!result.suggestion.empty()) {
    out << wrap(paint(sanitise_for_terminal(result.suggestion), kBold, style.colour) + " ?", style.width, "  ", "Did you mean: ")
        << '\n';
  }
}

void render_facets(const SearchResult& result, const SearchRequest& request, const TextStyle& style, std::ostream& out) {
  std::map<const FacetValue*, std::size_t> numbers;
  for (const ShownFacetValue& shown : shown_facet_values(result)) numbers.emplace(shown.value, numbers.size() + 1);
  bool any_facet = false;
  for (const char* facet : {"country", "actor", "weapon", "speaker"}) {
    const auto it = result.facets.find(facet);
    if (it == result.facets.end() || it->second.values.empty()) continue;
    if (!any_facet) {
      const bool passages = request.facet_unit == CountUnit::Passages;
      const std::string estimated = result.counts_sampled ? "; estimated from " + examined_share(result) + " of the matches" : "";
      const std::string pick = style.interactive ? "; :pick N filters by [N]" : "";
      out << wrap(paint(fmt::format("Facets ({} per value{}{})", passages ? "passages" : "articles", estimated, pick), kBold, style.colour),
                  style.width, "  ", "")
          << '\n';
      if (std::any_of(result.filters.begin(), result.filters.end(), [](const ActiveFilter& f) { return f.field == "country" || f.field == "actor" || f.field == "weapon" || f.field == "speaker"; })) {
        out << wrap(paint(std::string(kSelectedMark) + " your filter; the counts of a filtered facet leave its own filter out", kDim, style.colour),
                    style.width, "    ", "  ")
            << '\n';
      }
    }
    any_facet = true;
    const auto item = [&](const FacetValue& value) {
      const std::string count = fmt::format("{}{}", result.counts_sampled ? "≈" : "", value.count);
      // Interactive output numbers each value for :pick N, which stands in for typing its id.
      std::string text = style.interactive
                             ? fmt::format("[{}] {} {}", numbers[&value], sanitise_for_terminal(value.name), count)
                             : fmt::format("{} [{}] {}", sanitise_for_terminal(value.name), sanitise_for_terminal(value.id), count);
      return value.selected ? paint(kSelectedMark + text, kSelected, style.colour) : text;
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
}

}  // namespace

std::string attribution_label(const Attribution& attribution) {
  std::string label = attribution.kind;
  if (!attribution.text.empty()) label += (label.empty() ? "" : ": ") + attribution.text;
  const std::string& name = attribution.speaker.name;
  if (!name.empty() && lower_case(attribution.text).find(lower_case(name)) == std::string::npos) label += " → " + name;
  if (attribution.unresolved) label += " (unresolved)";
  return label;
}

std::vector<ShownFacetValue> shown_facet_values(const SearchResult& result) {
  std::vector<ShownFacetValue> shown;
  for (const char* facet : {"country", "actor", "weapon", "speaker"}) {
    const auto it = result.facets.find(facet);
    if (it == result.facets.end()) continue;
    if (std::string(facet) != "weapon") {
      for (const FacetValue& value : it->second.values) shown.push_back({facet, &value});
      continue;
    }
    const WeaponLines lines = weapon_lines(it->second);
    for (const auto& [category, systems] : lines.categories) {
      shown.push_back({facet, category});
      for (const FacetValue* value : systems) shown.push_back({facet, value});
    }
    for (const FacetValue* value : lines.orphans) shown.push_back({facet, value});
  }
  return shown;
}

void render_hit_text(const Hit& hit, const TextStyle& style, std::ostream& out) {
  const ArticleMeta& article = hit.record.article;
  const std::string head = fmt::format("{:>3}. ", hit.rank);
  out << wrap(paint(sanitise_for_terminal(article.title), kBold, style.colour), style.width, "     ", head) << '\n';
  std::vector<std::string> details{article.date.empty() ? "(undated)" : article.date};
  if (!article.source.empty()) details.push_back(sanitise_for_terminal(article.source));
  // Numbered as in --json and --dump-passages: the article's first passage is passage 0.
  details.push_back("passage " + std::to_string(hit.record.passage.index));
  if (!hit.record.passage.attribution.kind.empty()) details.push_back(sanitise_for_terminal(hit.record.passage.attribution.kind));
  // A search without words scores every hit 0: nothing to show.
  if (hit.score != 0) details.push_back(fmt::format("score {:.2f}", hit.score));
  std::string meta = wrap_items(details, style.width, "     ");
  out << paint(meta, kDim, style.colour) << '\n';
  out << wrap(render_snippet(hit.snippet, style.colour), style.width, "     ") << '\n';
  const Attribution& attribution = hit.record.passage.attribution;
  if (!attribution.empty()) {
    out << wrap(paint("[" + sanitise_for_terminal(attribution_label(attribution)) + "]", kDim, style.colour), style.width,
                "     ")
        << '\n';
  }
  if (!hit.copies.empty()) out << paint(copies_line(hit.copies, style.width), kDim, style.colour) << '\n';
  if (style.explain) {
    std::vector<std::string> matched;
    for (const auto& term : hit.matched) matched.push_back(sanitise_for_terminal(term));
    if (matched.empty()) matched.push_back("(filters only)");
    out << wrap_items(matched, style.width, "     matched: ") << '\n';
    for (const EntityMention& m : hit.record.passage.entities) {
      const std::string line = m.facet + " " + sanitise_for_terminal(m.name) + " [" + sanitise_for_terminal(m.id) + "] from \"" +
                               sanitise_for_terminal(m.mention) + "\" at " + std::to_string(m.begin) + "-" + std::to_string(m.end) +
                               " by " + m.rule + (m.discovered ? " (discovered: no gazetteer lists it)" : "");
      out << wrap(line, style.width, "       ", "     ") << '\n';
    }
    if (!hit.record.origin.path.empty()) {
      const SourceOrigin& origin = hit.record.origin;
      out << wrap(sanitise_for_terminal(origin.path) + (origin.line > 0 ? ":" + std::to_string(origin.line) : ""), style.width,
                  "       ", "     from ")
          << '\n';
    }
  }
}

void render_text(const SearchResult& result, const SearchRequest& request, const TextStyle& style, std::ostream& out) {
  render_header(result, request, style, out);
  out << '\n';
  for (const Hit& hit : result.hits) {
    render_hit_text(hit, style, out);
    out << '\n';
  }
  render_facets(result, request, style, out);
  if (result.timeline) {
    out << '\n';
    render_timeline_text(*result.timeline, style, out);
  }
  if (!result.hits.empty()) {
    const std::size_t first = result.hits.front().rank;
    const std::size_t last = result.hits.back().rank;
    std::string showing = fmt::format("Showing {}-{} of {}{}", first, last, result.counts_sampled ? "≈" : "", result.total);
    if (result.more) showing += style.interactive ? "; next page: :next" : fmt::format("; next page: --offset {}", last);
    out << '\n' << wrap(showing, style.width, "  ", "") << '\n';
  }
}

void render_values_text(const SearchResult& result, const ValuesRequest& request, const std::vector<FacetValue>& values,
                        const TextStyle& style, std::ostream& out) {
  const std::string facet(schema::facet_name(request.facet));
  std::string head = fmt::format("{} {} value{}", values.size(), facet, values.size() == 1 ? "" : "s");
  if (!request.prefix.empty()) head += " starting with '" + sanitise_for_terminal(request.prefix) + "'";
  head += fmt::format(" in {}{} matching article{} ({} per value{})", result.counts_sampled ? "≈" : "", result.total,
                      result.total == 1 ? "" : "s", "articles", result.counts_sampled ? ", estimated" : "");
  out << wrap(paint(head, kBold, style.colour), style.width, "  ", "") << '\n';
  if (!result.filters.empty()) out << wrap_items(filter_items(result), style.width, "Filters: ") << '\n';
  std::size_t id_width = 0, count_width = 1;
  for (const FacetValue& value : values) {
    id_width = std::max(id_width, display_width(sanitise_for_terminal(value.id)));
    count_width = std::max(count_width, std::to_string(value.count).size());
  }
  // Ids longer than a third of the line do not push every name to the right.
  id_width = std::min(id_width, style.width / 3);
  for (const FacetValue& value : values) {
    const std::string id = sanitise_for_terminal(value.id);
    std::string line = fmt::format("{:>{}}  {}{}  ", value.count, count_width, value.selected ? kSelectedMark : " ", id);
    const std::size_t shown = display_width(id);
    if (shown < id_width) line += std::string(id_width - shown, ' ');
    std::string name = sanitise_for_terminal(value.name);
    if (!value.parent.empty()) name += " (" + sanitise_for_terminal(value.parent) + ")";
    if (value.discovered) name += " (discovered)";
    out << wrap(name, style.width, std::string(count_width + 3 + id_width + 2, ' '), line) << '\n';
  }
}

}  // namespace dossier
