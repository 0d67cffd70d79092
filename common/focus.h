// Which countries an article is ABOUT, as opposed to every country it names: the "focus" flag
// the searcher filters on with --country-focus. Reuters' PLACES labels are of this kind: they
// follow the dateline city, the headline and the countries the story keeps coming back to.
// Measured against them by bench/eval_countries.cpp (docs/evaluation.md, "Country facets on
// Reuters-21578").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/passage.h"

namespace dossier {

struct FocusInput {
  std::vector<EntityMention> title;                    // mentions in the title
  const std::vector<Passage>* passages = nullptr;      // tagged passages, in order
  std::size_t dateline_end = 0;                        // bytes of passage 0 that are its dateline
};

// End of a dateline at the start of a lead: the offset just past its dash (and the space after
// it), or 0 when the lead has none. A dateline is the text before the first dash (" - ", " -- ",
// " – ", " — ", or "-" glued to a digit: "Feb 26- ") within the first 80 bytes, when either
//  - it opens with a word in capitals, 3+ letters (NEW YORK, March 3 -; BELGRADE (Reuters) -), or
//  - it opens with a capital and ends with an English date, a month name and a day, maybe a
//    year ("Toronto, Feb 26 -", "Sarajevo, 12 March 2024 -").
std::size_t find_dateline_end(std::string_view lead);

// Country ids in focus, sorted. A country is in focus when
//  1. it is named in the title; or
//  2. it is the dateline's country (the place the story was filed from): the country of a US
//     state or Canadian province abbreviation after the dateline city (WALTHAM, Mass., March 3
//     -: US; Scarborough, Ont.: CA; these abbreviations are often common words, Mass, Ill, Ore,
//     so the gazetteer cannot match them everywhere, but after a dateline city they are
//     unambiguous), else the country named last in the dateline, so that the qualifier wins
//     over a city it qualifies (VIENNA, Va.: US; LIMA, Ohio: US; OSAKA, Japan: JP). A dateline
//     city that names another country is a namesake and does not count for rules 3-6; or
//  3. it is named 2+ times in the passages and at least half as often as the most-named one; or
//  4. it is the only country named in the lead passage; or
//  5. it is the only country named in the whole article (title and passages).
std::vector<std::string> focus_countries(const FocusInput& input);

}  // namespace dossier
