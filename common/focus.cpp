#include "common/focus.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace dossier {

namespace {

constexpr std::size_t kMaxDateline = 80;

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string lower_letters(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_alpha(c)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The first dash of head that can close a dateline: position and length (with the space after).
std::pair<std::size_t, std::size_t> first_dash(std::string_view head) {
  std::size_t best = std::string_view::npos, length = 0;
  for (std::string_view dash : {" - ", " -- ", " — ", " – "}) {
    const std::size_t at = head.find(dash);
    if (at != std::string_view::npos && at < best) best = at, length = dash.size();
  }
  // "Feb 26- Shr 39 cts": a hyphen glued to the day.
  for (std::size_t i = 1; i + 1 < head.size() && i < best; ++i) {
    if (head[i] == '-' && is_digit(head[i - 1]) && head[i + 1] == ' ') {
      best = i, length = 2;
      break;
    }
  }
  return {best, length};
}

bool is_month(std::string_view word) {
  static const std::set<std::string, std::less<>> kMonths = {
      "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
      "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
      "december"};
  return kMonths.count(lower_letters(word)) != 0;
}

bool all_digits(std::string_view word, std::size_t min, std::size_t max) {
  return word.size() >= min && word.size() <= max && std::all_of(word.begin(), word.end(), is_digit);
}

// True when before (the text ahead of the dash) ends with an English date: "Feb 26",
// "March 3, 2024", "12 March", "12 March 2024".
bool ends_with_date(std::string_view before) {
  // The last three words, split at spaces and commas, dots dropped.
  std::vector<std::string_view> words;
  std::size_t end = before.size();
  while (words.size() < 3) {
    while (end > 0 && (before[end - 1] == ' ' || before[end - 1] == ',' || before[end - 1] == '.')) --end;
    std::size_t begin = end;
    while (begin > 0 && before[begin - 1] != ' ' && before[begin - 1] != ',') --begin;
    if (begin == end) break;
    std::string_view word = before.substr(begin, end - begin);
    while (!word.empty() && word.back() == '.') word.remove_suffix(1);
    words.insert(words.begin(), word);
    end = begin;
  }
  if (words.size() >= 3 && all_digits(words.back(), 4, 4)) words.pop_back();  // a year
  if (words.size() < 2) return false;
  const std::string_view a = words[words.size() - 2], b = words.back();
  return (is_month(a) && all_digits(b, 1, 2)) || (all_digits(a, 1, 2) && is_month(b));
}

// Wire abbreviations of US states (AP style) and Canadian provinces, as they follow the city in a
// dateline ("LOUISVILLE, Ky.,", "W. Va.", "N.Y.", "Scarborough, Ont.,"), letters only, folded.
const std::map<std::string, std::string, std::less<>>& region_abbreviations() {
  static const std::map<std::string, std::string, std::less<>> kRegions = [] {
    std::map<std::string, std::string, std::less<>> regions;
    for (const char* state : {"ala", "ariz", "ark", "calif", "cal", "colo", "conn", "dc", "del", "fla", "ga",
                              "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss",
                              "mo", "mont", "neb", "nev", "nh", "nj", "nm", "ny", "nc", "nd", "okla", "ore",
                              "pa", "penn", "ri", "sc", "sd", "tenn", "tex", "vt", "va", "wash", "wva", "wis",
                              "wyo"}) {
      regions.emplace(state, "US");
    }
    for (const char* province : {"ont", "que", "alta", "bc", "man", "sask", "ns", "nb", "nfld", "pei", "nwt"}) {
      regions.emplace(province, "CA");
    }
    return regions;
  }();
  return kRegions;
}

// The country of a "CITY, St.," dateline, or empty.
std::string dateline_region_country(std::string_view dateline) {
  const std::size_t first = dateline.find(',');
  if (first == std::string_view::npos) return {};
  std::string_view region = dateline.substr(first + 1);
  const std::size_t second = region.find_first_of(",-");
  if (second == std::string_view::npos) return {};  // "CITY, Feb 26 -": no region
  region = region.substr(0, second);
  while (!region.empty() && region.front() == ' ') region.remove_prefix(1);
  if (region.empty() || !is_upper(region.front()) || region.size() > 8) return {};
  const auto& regions = region_abbreviations();
  const auto it = regions.find(lower_letters(region));
  return it == regions.end() ? std::string() : it->second;
}

}  // namespace

std::size_t find_dateline_end(std::string_view lead) {
  if (lead.empty() || !is_upper(lead.front())) return 0;
  const std::string_view head = lead.substr(0, std::min(lead.size(), kMaxDateline));
  const auto [at, length] = first_dash(head);
  if (at == std::string_view::npos || at < 3) return 0;
  // A dateline opens with a word in capitals (NEW YORK, BELGRADE) ...
  std::size_t upper = 0;
  while (upper < at && (is_upper(lead[upper]) || lead[upper] == ' ' || lead[upper] == '.' || lead[upper] == '-')) {
    ++upper;
  }
  // ... or ends with a date (Toronto, Feb 26 -).
  if (upper < 3 && !ends_with_date(head.substr(0, at))) return 0;
  return at + length;
}

std::vector<std::string> focus_countries(const FocusInput& input) {
  std::set<std::string> focus;
  std::set<std::string> named;  // anywhere in the article
  std::map<std::string, std::size_t> mentions;
  std::set<std::string> in_lead;
  for (const auto& mention : input.title) {
    if (mention.facet != "country") continue;
    focus.insert(mention.id);
    named.insert(mention.id);
  }
  if (input.passages != nullptr && !input.passages->empty()) {
    // The dateline's country: a region abbreviation, else the country named last in it, so
    // that a qualifier wins over the city it qualifies (VIENNA, Va.; LIMA, Ohio; OSAKA, Japan).
    const std::string& lead = input.passages->front().text;
    const std::size_t dateline_end = std::min(input.dateline_end, lead.size());
    std::string dateline_country = dateline_end == 0 ? std::string()
                                                     : dateline_region_country(std::string_view(lead).substr(0, dateline_end));
    if (dateline_country.empty()) {
      for (const auto& mention : input.passages->front().entities) {
        if (mention.facet == "country" && mention.end <= dateline_end) dateline_country = mention.id;
      }
    }
    if (!dateline_country.empty()) focus.insert(dateline_country);
    for (const Passage& passage : *input.passages) {
      for (const auto& mention : passage.entities) {
        if (mention.facet != "country") continue;
        // A dateline city of another country than the dateline's is a namesake: not named.
        const bool in_dateline = passage.index == 0 && mention.end <= dateline_end;
        if (in_dateline && mention.id != dateline_country) continue;
        ++mentions[mention.id];
        named.insert(mention.id);
        if (passage.index == 0) in_lead.insert(mention.id);
      }
    }
  }
  std::size_t most = 0;
  for (const auto& [id, count] : mentions) most = std::max(most, count);
  for (const auto& [id, count] : mentions) {
    if (count >= 2 && count * 2 >= most) focus.insert(id);
  }
  if (in_lead.size() == 1) focus.insert(*in_lead.begin());
  if (named.size() == 1) focus.insert(*named.begin());
  return {focus.begin(), focus.end()};
}

}  // namespace dossier
