// Which countries an article is ABOUT, as opposed to every country it names: the "focus" flag
// the searcher filters on with --country-focus. Reuters' PLACES labels are of this kind: they
// follow the dateline city, the headline and the countries the story keeps coming back to.
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

// End of a dateline at the start of a lead ("NEW YORK, March 3 - ...", "BELGRADE (Reuters) -"):
// the offset just past the dash, or 0 when the lead has none.
std::size_t find_dateline_end(std::string_view lead);

// Country ids in focus, sorted. The rules (documented in the README):
//  - named in the title or the dateline;
//  - or named in at least 2 passages' worth of mentions (2+ mentions) and at least half as
//    often as the most-mentioned country;
//  - or the only country named in the lead passage.
std::vector<std::string> focus_countries(const FocusInput& input);

}  // namespace dossier
