// Tests for common/focus.cpp: where a dateline ends, and which countries an article is about
// (title, dateline and its region abbreviation, repeated mentions, the lead, the only country).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/focus.h"
#include "common/passage.h"
#include "test_support.h"

using dossier::EntityMention;
using dossier::Passage;

namespace {

// A country mention of id over [begin, end) of text (text must contain it there).
EntityMention country(const std::string& id, std::size_t begin = 0, std::size_t end = 1) {
  return {"country", id, id, "", begin, end, "alias"};
}

// A country mention of id at the first occurrence of word in text.
EntityMention country_at(const std::string& text, const std::string& id, const std::string& word) {
  const std::size_t at = text.find(word);
  REQUIRE(at != std::string::npos);
  return country(id, at, at + word.size());
}

Passage passage(std::size_t index, std::string text, std::vector<EntityMention> entities = {}) {
  Passage p;
  p.index = index;
  p.text = std::move(text);
  p.entities = std::move(entities);
  return p;
}

}  // namespace

TEST_CASE("find_dateline_end: table") {
  struct Case {
    const char* name;
    std::string lead;
    std::string dateline;  // expected lead.substr(0, end); empty: no dateline
  };
  const std::vector<Case> cases = {
      {"wire dateline", "NEW YORK, March 3 - The company said", "NEW YORK, March 3 - "},
      {"agency dateline", "BELGRADE (Reuters) - Serbia said", "BELGRADE (Reuters) - "},
      {"double dash", "KYIV -- Ukraine said", "KYIV -- "},
      {"en dash", "PRISTINA – Kosovo police", "PRISTINA – "},
      {"em dash", "SKOPJE — North Macedonia", "SKOPJE — "},
      {"state after the city", "WALTHAM, Mass., March 2 - Raytheon said", "WALTHAM, Mass., March 2 - "},
      {"hyphen glued to the day", "MONTREAL, Feb 26- Shr 45 cts", "MONTREAL, Feb 26- "},
      {"mixed case with a date", "Toronto, Feb 26 - Shr loss 11 cts", "Toronto, Feb 26 - "},
      {"mixed case with day month year", "Sarajevo, 12 March 2024 - EUFOR said", "Sarajevo, 12 March 2024 - "},
      {"mixed case with month day, year", "Chicago, March 3, 1987 - Grain", "Chicago, March 3, 1987 - "},
      {"first dash counts", "LONDON, March 9 - FIXTURE - Ship", "LONDON, March 9 - "},
      {"mixed case without a date", "Kosovo - a short history", ""},
      {"sentence with a dash", "The minister said - in a statement - that", ""},
      {"lower case start", "according to NATO - more troops", ""},
      {"hyphenated capitals are not a dash", "ANTI-TANK missiles were delivered", ""},
      {"short capitals", "F-16 deliveries - report", ""},
      {"dash too far", "NEW YORK" + std::string(80, ' ') + " - late", ""},
      {"number range is no dash", "BELGRADE 1999-2000 review", ""},
      {"empty", "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CAPTURE(c.lead);
    CHECK(c.lead.substr(0, dossier::find_dateline_end(c.lead)) == c.dateline);
  }
}

TEST_CASE("focus_countries: table") {
  struct Case {
    const char* name;
    std::vector<EntityMention> title;
    std::vector<Passage> passages;
    std::vector<std::string> expected;
  };
  const std::string vienna = "VIENNA, Va., March 2 - The company said";
  const std::string lima = "LIMA, Ohio, March 2 - The refinery said";
  const std::string london = "LONDON, March 3 - Britain and France agreed";
  const std::string belgrade = "BELGRADE (Reuters) - Serbia and Russia";
  const std::vector<Case> cases = {
      {"nothing named", {}, {passage(0, "Shr 45 cts vs 58 cts")}, {}},
      {"title", {country("JP")},
       {passage(0, "The ministry said"), passage(1, "x", {country("FR")}), passage(2, "x", {country("DE")})},
       {"JP"}},
      {"dateline", {},
       {passage(0, london, {country_at(london, "GB", "LONDON"), country_at(london, "GB", "Britain"),
                            country_at(london, "FR", "France")})},
       {"GB"}},
      {"dateline, and a country named twice", {},
       {passage(0, belgrade, {country_at(belgrade, "RS", "BELGRADE"), country_at(belgrade, "RS", "Serbia"),
                              country_at(belgrade, "RU", "Russia")}),
        passage(1, "x", {country("RU"), country("US")})},
       {"RS", "RU"}},
      {"US state abbreviation in the dateline", {}, {passage(0, "WALTHAM, Mass., March 2 - Shr 59 cts")}, {"US"}},
      {"Canadian province abbreviation", {}, {passage(0, "Scarborough, Ont., Feb 26 - Shr 45 cts")}, {"CA"}},
      {"state abbreviation beats a namesake city", {},
       {passage(0, vienna, {country_at(vienna, "AT", "VIENNA")}), passage(1, "x", {country("FR")}),
        passage(2, "x", {country("DE")})},
       {"US"}},
      {"the last country of the dateline qualifies the city", {},
       {passage(0, lima, {country_at(lima, "PE", "LIMA"), country_at(lima, "US", "Ohio")})},
       {"US"}},
      {"a date is no region", {}, {passage(0, "PARIS, May 3 - Shr", {country("FR", 0, 5)})}, {"FR"}},
      {"repeated: 2+ mentions and at least half the most", {},
       {passage(0, "The talks", {}), passage(1, "x", {country("RU"), country("UA"), country("US")}),
        passage(2, "x", {country("RU"), country("UA")}), passage(3, "x", {country("RU"), country("RU")})},
       {"RU", "UA"}},
      {"repeated twice but under half the most", {},
       {passage(0, "The talks", {}), passage(1, "x", {country("RU"), country("RU"), country("RU"), country("RU")}),
        passage(2, "x", {country("RU"), country("UA"), country("UA"), country("US")})},
       {"RU"}},
      {"the only country of the lead", {},
       {passage(0, "Kosovo police said", {country("XK", 0, 6)}), passage(1, "x", {country("RS")}),
        passage(2, "x", {country("US")})},
       {"XK"}},
      {"two countries in the lead, once each, and a third", {},
       {passage(0, "Kosovo and Serbia", {country("XK", 0, 6), country("RS", 11, 17)}), passage(1, "x", {country("US")})},
       {}},
      {"the only country of the article, named late", {},
       {passage(0, "The company said"), passage(1, "x"), passage(2, "x", {country("BR")})},
       {"BR"}},
      {"two countries once each in the body", {},
       {passage(0, "The talks"), passage(1, "x", {country("FR"), country("DE")})},
       {}},
      {"other facets are ignored", {EntityMention{"actor", "nato", "NATO", "NATO", 0, 4, "alias"}},
       {passage(0, "NATO said", {EntityMention{"weapon", "atgm", "ATGM", "ATGM", 0, 4, "alias"}})},
       {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    dossier::FocusInput input;
    input.title = c.title;
    input.passages = &c.passages;
    if (!c.passages.empty()) input.dateline_end = dossier::find_dateline_end(c.passages.front().text);
    CHECK(dossier::focus_countries(input) == c.expected);
  }
}

TEST_CASE("focus_countries: no passages") {
  dossier::FocusInput input;
  input.title = {country("RS")};
  CHECK(dossier::focus_countries(input) == std::vector<std::string>{"RS"});
  input.title.clear();
  CHECK(dossier::focus_countries(input).empty());
}
