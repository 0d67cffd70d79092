// Query-biased snippets: the best sentences of a passage for the query, with the matching words
// (any stemmed, folded or transliterated form) marked by byte ranges. Works on the original text
// with the indexer's normaliser; escaping and colour are the renderer's job.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/normalise.h"
#include "searcher/match_terms.h"
#include "searcher/request.h"  // SnippetOptions
#include "searcher/result.h"   // Snippet

namespace dossier {

// A non-ASCII token also matches when one of its folds under another Cyrillic scheme does (the
// index holds those folds too), hence the normaliser.
// mentions: byte ranges of text that match too, whatever their words (the mentions of an entity
// the search filters by or names): the snippet centres on them and highlights them.
using ByteRanges = std::vector<std::pair<std::size_t, std::size_t>>;
Snippet make_snippet(std::string_view text, const std::vector<Token>& tokens, const MatchTerms& terms,
                     const SnippetOptions& options, Normaliser& normaliser, const ByteRanges& mentions = {});

// Every token of text that make_snippet would highlight, as byte ranges in order: a whole
// passage highlighted (dossier-search --show).
ByteRanges highlight_ranges(std::string_view text, const std::vector<Token>& tokens, const MatchTerms& terms,
                            Normaliser& normaliser, const ByteRanges& mentions = {});

}  // namespace dossier
