// --show ID and the interactive :open N, as text: the article's head, then each passage wrapped
// at the width with the query's words highlighted and its attribution under it, then the
// entities the article mentions. Everything from the database is sanitised for the terminal.
#include <fmt/format.h>

#include <map>
#include <set>

#include "common/terminal.h"
#include "searcher/render.h"
#include "searcher/render_style.h"

namespace dossier {

namespace {

// "Countries: Serbia [RS] · Kosovo [XK]", one line per facet, in order of first mention.
std::vector<std::string> entity_lines(const ArticleView& view) {
  static const std::pair<const char*, const char*> kFacets[] = {{"country", "Countries"}, {"actor", "Actors"}, {"weapon", "Weapons"}};
  std::vector<std::string> lines;
  for (const auto& [facet, label] : kFacets) {
    std::vector<std::string> items;
    std::set<std::string> seen;
    for (const Passage& passage : view.passages) {
      for (const EntityMention& mention : passage.entities) {
        if (mention.facet != facet || !seen.insert(mention.id).second) continue;
        items.push_back(sanitise_for_terminal(mention.name.empty() ? mention.id : mention.name) + " [" + sanitise_for_terminal(mention.id) + "]");
      }
    }
    if (items.empty()) continue;
    std::string line = std::string(label) + ": ";
    for (std::size_t i = 0; i < items.size(); ++i) line += (i > 0 ? " · " : "") + items[i];
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

void render_article_text(const ArticleView& view, const TextStyle& text_style, std::ostream& out) {
  const ArticleMeta& article = view.article;
  const std::size_t width = text_style.width;
  const bool colour = text_style.colour;
  out << wrap_words(style::paint(sanitise_for_terminal(article.title), style::kBold, colour), width, "", "") << '\n';
  std::vector<std::string> details{article.date.empty() ? std::string("undated") : sanitise_for_terminal(article.date)};
  if (!article.source.empty()) details.push_back(sanitise_for_terminal(article.source));
  details.push_back("id " + sanitise_for_terminal(article.id));
  if (!article.language.empty()) details.push_back(sanitise_for_terminal(article.language));
  details.push_back(fmt::format("{} passage{}", view.passages.size(), view.passages.size() == 1 ? "" : "s"));
  std::string line;
  for (std::size_t i = 0; i < details.size(); ++i) line += (i > 0 ? " · " : "") + details[i];
  out << style::paint(wrap_words(line, width, "", ""), style::kDim, colour) << '\n';
  if (!article.url.empty()) out << style::paint(wrap_words(sanitise_for_terminal(article.url), width, "", ""), style::kDim, colour) << '\n';
  if (!view.origin.path.empty()) {
    const std::string where = view.origin.path + (view.origin.line > 0 ? ":" + std::to_string(view.origin.line) : std::string());
    out << style::paint(wrap_words("from " + sanitise_for_terminal(where), width, "", ""), style::kDim, colour) << '\n';
  }
  for (std::size_t i = 0; i < view.passages.size(); ++i) {
    const Passage& passage = view.passages[i];
    const std::string number = "[" + std::to_string(passage.index) + "] ";
    out << '\n' << wrap_words(render_snippet(Snippet{passage.text, view.highlights[i]}, colour), width, std::string(number.size(), ' '), number) << '\n';
    if (!passage.attribution.empty()) {
      const std::string said = sanitise_for_terminal(attribution_label(passage.attribution));
      out << style::paint(wrap_words(said, width, std::string(number.size() + 2, ' '), std::string(number.size(), ' ') + "— "), style::kDim, colour)
          << '\n';
    }
  }
  const std::vector<std::string> entities = entity_lines(view);
  if (!entities.empty()) out << '\n';
  for (const std::string& entity_line : entities) out << wrap_words(entity_line, width, "  ", "") << '\n';
}

}  // namespace dossier
