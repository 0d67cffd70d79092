// Tab completion for dossier-search -i, as a pure function of the line and the cursor so that
// it is tested without a terminal; main.cpp only hands libedit its answer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/entity_table.h"

namespace dossier {

// Where a word ends and another begins: libedit is told the same characters
// (rl_basic_word_break_characters), so that it replaces the word complete() completed.
inline constexpr const char* kCompletionWordBreaks = " \t\n\"'()";

struct Completion {
  std::size_t start = 0;                // where the word being completed begins (a byte offset)
  std::vector<std::string> candidates;  // each a whole word to put in place of [start, cursor)
  // false for a query field name ("country:"): its value follows without a space.
  bool ends_word = true;
};

// The candidates for the word before the cursor:
//   a ':' command in the first word of a line that starts with ':';
//   an id of the facet after :country, :actor, :weapon, :focus (a country) and :drop FACET;
//   a facet name after :drop and :values, article|passage after :by, and so on;
//   in a query, a field name ("cou" -> "country:"), or after country:, actor:, weapon: or focus:
//   an id of that facet (ids of the open database's entity table, ASCII case ignored).
// Empty candidates when nothing fits.
Completion complete(std::string_view line, std::size_t cursor, const EntityTable& entities);

// The commands complete() offers, without the ':' (InteractiveSession::handle knows each).
const std::vector<std::string>& completion_commands();

}  // namespace dossier
