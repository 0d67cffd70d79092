#include "common/focus.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace dossier {

std::size_t find_dateline_end(std::string_view lead) {
  constexpr std::size_t kMaxDateline = 80;
  if (lead.empty() || std::isupper(static_cast<unsigned char>(lead.front())) == 0) return 0;
  const std::string_view head = lead.substr(0, std::min(lead.size(), kMaxDateline));
  for (std::string_view dash : {" - ", " -- ", " — ", " – "}) {
    const std::size_t at = head.find(dash);
    if (at == std::string_view::npos || at < 3) continue;
    // A dateline opens with a word in capitals (NEW YORK, BELGRADE).
    std::size_t upper = 0;
    while (upper < at && (std::isupper(static_cast<unsigned char>(lead[upper])) != 0 || lead[upper] == ' ' ||
                          lead[upper] == '.' || lead[upper] == '-')) {
      ++upper;
    }
    if (upper < 3) continue;
    return at + dash.size();
  }
  return 0;
}

std::vector<std::string> focus_countries(const FocusInput& input) {
  std::set<std::string> focus;
  std::map<std::string, std::size_t> mentions;
  std::set<std::string> in_lead;
  for (const auto& mention : input.title) {
    if (mention.facet == "country") focus.insert(mention.id);
  }
  if (input.passages != nullptr) {
    for (const Passage& passage : *input.passages) {
      for (const auto& mention : passage.entities) {
        if (mention.facet != "country") continue;
        ++mentions[mention.id];
        if (passage.index == 0) {
          in_lead.insert(mention.id);
          if (mention.end <= input.dateline_end) focus.insert(mention.id);
        }
      }
    }
  }
  std::size_t most = 0;
  for (const auto& [id, count] : mentions) most = std::max(most, count);
  for (const auto& [id, count] : mentions) {
    if (count >= 2 && count * 2 >= most) focus.insert(id);
  }
  if (in_lead.size() == 1) focus.insert(*in_lead.begin());
  return {focus.begin(), focus.end()};
}

}  // namespace dossier
