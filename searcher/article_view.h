// One article in full: dossier-search --show ID and the interactive :open N. Every passage in
// order with its attribution and entity mentions, where the article was read, and the words of a
// query (and the mentions of the entities it names or filters by) highlighted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/passage.h"
#include "searcher/index_reader.h"
#include "searcher/match_terms.h"
#include "searcher/request.h"
#include "searcher/result.h"
#include "searcher/snippet.h"

namespace dossier {

struct ArticleView {
  ArticleMeta article;
  SourceOrigin origin;
  std::vector<Passage> passages;         // by index, from 0
  std::vector<ByteRanges> highlights;    // per passage: ranges of its text to highlight (none without a query)
};

// What to highlight: the parsed query's words and the entities they name, and the search's
// filters (their entities' mentions).
struct ArticleHighlight {
  const MatchTerms* terms = nullptr;            // nullptr: no query
  std::vector<ActiveFilter> filters;
};

// nullopt when the database has no article with this id.
std::optional<ArticleView> view_article(IndexReader& index, const std::string& id, const ArticleHighlight& highlight,
                                        Normaliser& normaliser);

// --show ID: the article, highlighted for the request's query and filters (a bad query throws
// QueryError as a search would).
std::optional<ArticleView> show_article(IndexReader& index, const std::string& id, const SearchRequest& request);

}  // namespace dossier
