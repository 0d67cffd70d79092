#include "searcher/article_view.h"

#include <chrono>
#include <thread>

#include "common/error.h"

#include "searcher/filters.h"
#include "searcher/hits.h"
#include "searcher/query_builder.h"

namespace dossier {

std::optional<ArticleView> view_article(IndexReader& index, const std::string& id, const ArticleHighlight& highlight,
                                        Normaliser& normaliser) {
  std::vector<PassageRecord> records = index.article(id);
  if (records.empty()) return std::nullopt;
  ArticleView view;
  view.article = records.front().article;
  view.origin = records.front().origin;
  const MatchTerms none;
  const MatchTerms& terms = highlight.terms != nullptr ? *highlight.terms : none;
  const bool any = !terms.empty() || !terms.entities.empty() || !highlight.filters.empty();
  const CyrillicScheme scheme = scheme_for_language(view.article.language);
  for (PassageRecord& record : records) {
    ByteRanges ranges;
    if (any) {
      const std::vector<Token> tokens = normaliser.tokenize(record.passage.text, scheme);
      ranges = highlight_ranges(record.passage.text, tokens, terms, normaliser, filtered_mentions(record.passage, highlight.filters, terms));
    }
    view.highlights.push_back(std::move(ranges));
    view.passages.push_back(std::move(record.passage));
  }
  return view;
}

std::optional<ArticleView> show_article(IndexReader& index, const std::string& id, const SearchRequest& request) {
  constexpr int kAttempts = 5;
  Normaliser normaliser;
  for (int attempt = 1;; ++attempt) {
    try {
      // Parsing reads the database (entity names, term frequencies): an indexer that commits
      // meanwhile can take the revision away, as in a search (Searcher::search retries too).
      QueryBuilder builder(index, normaliser);
      const ParsedQuery parsed = builder.parse(request.query, QueryOptions{request.match_all_words, request.entity_words});
      ArticleHighlight highlight;
      highlight.terms = &parsed.terms;
      highlight.filters = build_filters(builder, parsed, request).active;
      return view_article(index, id, highlight, normaliser);
    } catch (const Xapian::DatabaseError& e) {
      // A commit (or a torn read, index_reader.h) moved the revision away: read the newest one.
      if (!revision_moved(e) || attempt >= kAttempts) throw DatabaseError(index.path() + ": cannot read article " + id + ": " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
      try {
        index.reopen();
      } catch (const Xapian::DatabaseModifiedError&) {
        // the next attempt reopens again
      }
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: named (and the reading stops), or left out with --allow-partial.
      if (attempt >= kAttempts) throw DatabaseError(index.path() + ": cannot read article " + id + ": " + e.get_description());
      index.recover(e);
    } catch (const Xapian::Error& e) {
      throw DatabaseError(index.path() + ": cannot read article " + id + ": " + e.get_description());
    }
  }
}

}  // namespace dossier
