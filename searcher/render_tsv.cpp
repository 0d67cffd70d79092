// --format tsv: one line per hit for fzf, cut and xargs (searcher/render.h).
#include <fmt/format.h>

#include "common/terminal.h"
#include "searcher/render.h"

namespace dossier {

std::string render_tsv(const SearchResult& result) {
  std::string out;
  // sanitise_for_terminal turns tabs and line breaks (which would split the row) into spaces, and
  // drops every other control character and escape sequence.
  for (const Hit& hit : result.hits) {
    const ArticleMeta& article = hit.record.article;
    out += sanitise_for_terminal(article.id) + '\t' + sanitise_for_terminal(article.date) + '\t' + sanitise_for_terminal(article.title) + '\t' +
           fmt::format("{:.4f}", hit.score) + '\t' + sanitise_for_terminal(hit.record.origin.path) + '\n';
  }
  return out;
}

}  // namespace dossier
