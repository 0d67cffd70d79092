// --format tsv: one line per hit for fzf, cut and xargs (searcher/render.h).
#include <fmt/format.h>

#include "common/terminal.h"
#include "searcher/render.h"

namespace dossier {

namespace {

// A field on one line: sanitise_for_terminal turns tabs and line breaks (which would split the
// row) into spaces, and drops every other control character and escape sequence.
std::string tsv_field(const std::string& text) { return sanitise_for_terminal(text); }

}  // namespace

std::string render_tsv(const SearchResult& result) {
  std::string out;
  for (const Hit& hit : result.hits) {
    const ArticleMeta& article = hit.record.article;
    out += tsv_field(article.id) + '\t' + tsv_field(article.date) + '\t' + tsv_field(article.title) + '\t' +
           fmt::format("{:.4f}", hit.score) + '\t' + tsv_field(hit.record.origin.path) + '\n';
  }
  return out;
}

}  // namespace dossier
