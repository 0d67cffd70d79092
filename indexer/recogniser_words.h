// The recogniser's word lists (recogniser_words.cpp says what each is for) and the view of a
// passage's text that its rules read. Private to indexer/recogniser.cpp and its tests.
#pragma once

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/normalise.h"

namespace dossier::recogniser {

using Words = std::unordered_set<std::string>;

// The class of an agent noun after a nationality ("troops" -> "<Nationality> Armed Forces").
struct ForceClass {
  const char* suffix;
  const char* type;
};

extern const Words kTitleHeads;
extern const Words kTitleQualifiers;
extern const Words kRoleWords;
extern const Words kHonorifics;
extern const Words kParticles;
extern const Words kSayingVerbs;
extern const Words kNotNames;
extern const std::unordered_map<std::string, std::string> kOrgHeads;
extern const Words kBodyWords;
extern const Words kConflictWords;
extern const Words kFacilityWords;
extern const Words kGenericOrgWords;
extern const Words kGenericWeaponWords;
extern const std::unordered_map<std::string, ForceClass> kAgentNouns;
extern const std::unordered_map<std::string, const char*> kAgentModifiers;

bool title_word(const std::string& word);  // a title head or a word that qualifies one

inline bool upper_initial(std::string_view raw) {
  if (raw.empty()) return false;
  UChar32 c = 0;
  std::int32_t i = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(raw.data()), i, static_cast<std::int32_t>(raw.size()), c);
  return c >= 0 && u_isupper(c);
}

inline bool all_caps_acronym(std::string_view raw) {
  if (raw.size() < 2 || raw.size() > 6) return false;
  std::size_t letters = 0;
  for (char c : raw) {
    if (c >= 'A' && c <= 'Z') ++letters;
    else if (!(c >= '0' && c <= '9')) return false;
  }
  return letters >= 2;
}

struct Span {
  std::size_t begin, end;  // token indices, end exclusive
};

// One passage under recognition.
struct PassageView {
  const std::string& text;
  const std::vector<Token>& tokens;
  std::string_view raw(std::size_t i) const { return std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin); }
  std::string_view gap(std::size_t i) const {  // between token i and i + 1
    return std::string_view(text).substr(tokens[i].end, tokens[i + 1].begin - tokens[i].end);
  }
  const std::string& folded(std::size_t i) const { return tokens[i].folded; }
  bool cap(std::size_t i) const { return upper_initial(raw(i)); }
  // Tokens i and i + 1 belong to one name: a space, a hyphen or an apostrophe between them; a
  // dot after an initial ("John F. Kennedy").
  bool name_joined(std::size_t i) const {
    if (i + 1 >= tokens.size()) return false;
    const std::string_view g = gap(i);
    if (g == " " || g == "-" || g == "'" || g == "\u2019" || g == "' ") return true;
    return g == ". " && raw(i).size() == 1;
  }
  bool is_digit_token(std::size_t i) const { return std::isdigit(static_cast<unsigned char>(raw(i)[0])) != 0; }
  // A capitalised word that may be part of a proper name.
  bool name_word(std::size_t i) const { return cap(i) && !is_digit_token(i) && kNotNames.count(folded(i)) == 0; }
};


}  // namespace dossier::recogniser
