// Output of search results: human text (colour only when asked, width-aware, sanitised) and
// the --json contract documented in docs/json.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "searcher/article_view.h"
#include "searcher/search.h"
#include "searcher/values.h"

namespace dossier {

struct TextStyle {
  bool colour = false;
  std::size_t width = 100;  // terminal columns for wrapping
  bool explain = false;
  bool interactive = false;  // paging hints name :next, not --offset; facet values numbered
};

void render_text(const SearchResult& result, const SearchRequest& request, const TextStyle& style, std::ostream& out);
// The search's filters as the header lists them, in the order given: "country Serbia [RS]",
// "since 2024" (sanitised).
std::vector<std::string> filter_items(const SearchResult& result);

// One hit of render_text: title, date and source, snippet, attribution, copies (and --explain's
// lines), without the blank line after it.
void render_hit_text(const Hit& hit, const TextStyle& style, std::ostream& out);

// --timeline's part of render_text (searcher/render_timeline.cpp): a bar per period, or with
// --by-facet a sparkline per value, within style.width.
void render_timeline_text(const Timeline& timeline, const TextStyle& style, std::ostream& out);

// The facet values render_text shows, in the order it shows them (country, actor, then each
// weapon category with its systems): interactive output numbers them [1], [2], ... in this order,
// and :pick N takes the Nth. The pointers are into result.
struct ShownFacetValue {
  std::string facet;  // "country", "actor" or "weapon"
  const FacetValue* value = nullptr;
};
std::vector<ShownFacetValue> shown_facet_values(const SearchResult& result);

// The --json document (one object, one line). Safe to print on a terminal.
std::string render_json(const SearchResult& result, const SearchRequest& request, bool explain);

// --format jsonl: one line per hit (the objects of --json's "hits", plus "type": "hit"), then
// one line with everything else ("type": "summary"). Each line ends in '\n'.
std::string render_jsonl(const SearchResult& result, const SearchRequest& request, bool explain);

// The snippet with highlighted ranges wrapped in ANSI bold+colour (when colour) and every part
// sanitised for the terminal.
std::string render_snippet(const Snippet& snippet, bool colour);

// An attribution as text, not yet sanitised: "Inline: he → Tony Blair", "Source: NATO",
// "Inline: she (unresolved)". The speaker is added when the words do not already name it.
std::string attribution_label(const Attribution& attribution);

// --show ID and :open N: one article in full (searcher/article_view.h), its passages wrapped at the
// width with the highlights painted, then the entities it mentions; or as one JSON object (the
// article, its origin, and each passage with its attribution, entities and highlights).
void render_article_text(const ArticleView& view, const TextStyle& style, std::ostream& out);
std::string render_article_json(const ArticleView& view);

// --format tsv: one line per hit, tab-separated: article id, date, title, score, source path (for
// fzf, cut, xargs); tabs, line breaks and control characters in a field become spaces.
std::string render_tsv(const SearchResult& result);

// --values: one facet's values (searcher/values.h), as aligned lines or one JSON object.
void render_values_text(const SearchResult& result, const ValuesRequest& request, const std::vector<FacetValue>& values,
                        const TextStyle& style, std::ostream& out);
std::string render_values_json(const SearchResult& result, const ValuesRequest& request, const std::vector<FacetValue>& values);

}  // namespace dossier
