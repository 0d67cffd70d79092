// The passage and entity model: what the indexer produces and the searcher reads back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/attribution.h"

namespace dossier {

struct EntityMention {
  std::string facet;    // "country", "actor", "weapon"
  std::string id;       // gazetteer id ("RU", "maria-zakharova", "fgm-148")
  std::string name;     // gazetteer display name
  std::string mention;  // the exact text matched
  std::size_t begin = 0;  // byte offsets into Passage::text
  std::size_t end = 0;
  std::string rule;     // "alias", "demonym", "metonym", "place", "historical", "cue", "category";
                        // discovered ones: "title", "speaker", "org", "acronym", "surname", "force",
                        // "designation" (indexer/recogniser.h)
  bool discovered = false;  // found by the recogniser, not listed in a gazetteer
};

struct Passage {
  std::size_t index = 0;  // 0-based position in the article
  std::string text;       // paragraph body, attribution tag removed
  Attribution attribution;
  std::vector<EntityMention> entities;
  // Ids of the countries/organisations that the actors mentioned here belong to. Kept apart
  // from the country facet, which holds only countries named (or referred to by metonymy).
  std::vector<std::string> affiliations;
};

struct ArticleMeta {
  std::string id;
  std::string title;
  std::string date;  // ISO 8601 (YYYY-MM-DD), empty when unknown
  std::string source;
  std::string url;
  std::string language;
  std::vector<std::string> focus_countries;  // what the article is about (common/focus.h)
  bool title_is_fallback = false;            // made from the first sentence: not the author's words
};

// Where an article was read: the file (absolute) and, for JSON Lines, the line (0: a plain text
// file, one article from its first line). Stored with each passage (common/record.h); empty in
// records written before it was.
struct SourceOrigin {
  std::string path;
  std::size_t line = 0;
};

struct Article {
  ArticleMeta meta;
  std::vector<Passage> passages;
  std::string origin;  // "path" or "path:line", for messages
  SourceOrigin location;  // the same, stored with each passage
  std::uint64_t source_hash = 0;  // hash of the article's raw input (incremental re-indexing)
  // The label of its group of near-duplicates (common/copy_index.h), given by the indexing run
  // (indexer/copy_groups.h) before the article is written; empty: copy_label(meta.id), its own.
  std::string copy_group;
  // The indexing run stamped on its passages (schema::kPrefixRun): the run writing it, or the run
  // that last wrote its text when a run only tags it again. Set by the indexing run.
  std::uint64_t run = 0;
};

// The kinds recognised in a bracketed tag without a colon ("[Analyst perspective on ...]").
const std::vector<std::string>& known_attribution_kinds();

// Splits a trailing "[Kind: text]" (or "[Known kind words ...]") tag off paragraph, returning
// it; paragraph keeps the body with trailing spaces trimmed. Returns an empty Attribution and
// leaves paragraph unchanged when there is no such tag.
Attribution take_trailing_attribution(std::string& paragraph);

// Builds passages from paragraph bodies (already joined and trimmed); empty paragraphs are
// dropped and the remaining ones numbered from 0.
std::vector<Passage> make_passages(const std::vector<std::string>& paragraphs);

// A title for articles that have none: the first sentence of the first passage, at most
// max_bytes, cut at a word boundary.
std::string fallback_title(const std::vector<Passage>& passages, std::size_t max_bytes = 100);

// Trims ASCII and Unicode spaces (incl. NBSP) from both ends.
std::string_view trim(std::string_view text);

}  // namespace dossier
