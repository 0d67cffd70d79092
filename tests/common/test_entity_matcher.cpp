// Tests for common/entity_matcher.cpp: longest match, word boundaries, exact case, cues, vetoes,
// categories and byte offsets, then the seed article through the shipped gazetteer.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"
#include "test_support.h"

using dossier::CyrillicScheme;
using dossier::EntityMention;
using dossier::schema::Facet;

namespace {

const char* const kCountries =
    "@facet country\n"
    "@cue embassy\n"
    "id: MK\nname: North Macedonia\nalias: North Macedonia | Macedonia | Северна Македонија\n"
    "id: GR\nname: Greece\nalias: Greece\nplace: Macedonia region\n"
    "id: RU\nname: Russia\nalias: Russia\ndemonym: Russian\nmetonym: Moscow | the Kremlin | Москва\n"
    "id: US\nname: United States\nalias: United States\nexact: US | U.S.\nmetonym: Washington\n"
    "veto: Washington Post\n"
    "id: XK\nname: Kosovo\nalias: Kosovo\nmetonym: Pristina\n"
    "id: GE\nname: Georgia\nambiguous: Georgia\ncue: Tbilisi | Caucasus\nveto: Georgia Tech\n";

const char* const kWeapons =
    "@facet weapon\n"
    "@cue missile | anti-tank\n"
    "@cue-window 3\n"
    "id: atgm\nname: Anti-tank guided missile\ntype: category\nalias: ATGM | anti-tank guided missile\n"
    "id: fgm-148\nname: FGM-148 Javelin\ncategory: atgm\nalias: FGM-148\nambiguous: Javelin\n"
    "id: manpads\nname: MANPADS\ntype: category\nalias: MANPADS\n"
    "id: fim-92\nname: FIM-92 Stinger\ncategory: manpads\nalias: FIM-92 | Stinger missile\n";

const char* const kActors =
    "@facet actor\n"
    "id: maria-zakharova\nname: Maria Zakharova\ntype: person\naffiliation: russian-mfa\n"
    "alias: Maria Zakharova | Zakharova | Мария Захарова\n"
    "id: russian-mfa\nname: Russian Foreign Ministry\ntype: ministry\naffiliation: RU\n"
    "alias: Russian Foreign Ministry | Russian Ministry of Foreign Affairs\n";

struct Tagger {
  dossier::Normaliser normaliser;
  dossier::Gazetteer gazetteer;
  std::unique_ptr<dossier::EntityMatcher> matcher;

  explicit Tagger(dossier::Gazetteer g) : gazetteer(std::move(g)) {
    matcher = std::make_unique<dossier::EntityMatcher>(gazetteer, normaliser);
  }
  Tagger()
      : Tagger(dossier::make_gazetteer({dossier::parse_gazetteer(kCountries, "countries.gaz"),
                                        dossier::parse_gazetteer(kWeapons, "weapons.gaz"),
                                        dossier::parse_gazetteer(kActors, "actors.gaz")})) {}

  std::vector<EntityMention> tag(std::string_view text, CyrillicScheme scheme = CyrillicScheme::Auto) {
    const auto mentions = matcher->match(text, normaliser.tokenize(text, scheme));
    for (const auto& m : mentions) {
      // Every mention's offsets select exactly its mention text.
      REQUIRE(m.begin < m.end);
      REQUIRE(m.end <= text.size());
      CHECK(text.substr(m.begin, m.end - m.begin) == m.mention);
    }
    return mentions;
  }
};

// "facet:id:mention:rule" for each mention, in order.
std::vector<std::string> summary(const std::vector<EntityMention>& mentions) {
  std::vector<std::string> out;
  for (const auto& m : mentions) out.push_back(m.facet + ":" + m.id + ":" + m.mention + ":" + m.rule);
  return out;
}

bool has(const std::vector<EntityMention>& mentions, const std::string& facet, const std::string& id) {
  return std::any_of(mentions.begin(), mentions.end(),
                     [&](const EntityMention& m) { return m.facet == facet && m.id == id; });
}

}  // namespace

TEST_CASE("EntityMatcher: table of matches") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"longest match wins", "North Macedonia joined NATO.", {"country:MK:North Macedonia:alias"}},
      {"shorter name alone", "Macedonia joined NATO.", {"country:MK:Macedonia:alias"}},
      {"longer place name of another entry", "The Macedonia region of Greece",
       {"country:GR:Macedonia region:place", "country:GR:Greece:alias"}},
      {"demonym", "Russian troops", {"country:RU:Russian:demonym"}},
      {"no match inside a word", "Prussian troops and Russians", {}},
      {"case and diacritics folded", "RUSSIA and rússia", {"country:RU:RUSSIA:alias", "country:RU:rússia:alias"}},
      {"metonym", "Moscow said", {"country:RU:Moscow:metonym"}},
      {"multi-word metonym", "a statement from the Kremlin", {"country:RU:the Kremlin:metonym"}},
      {"metonym before an apostrophe", "Washington’s plans", {"country:US:Washington:metonym"}},
      {"veto phrase", "The Washington Post reported", {}},
      {"exact case matches", "US troops", {"country:US:US:alias"}},
      {"exact case with dots", "U.S. troops", {"country:US:U.S:alias"}},
      {"exact case does not match lower case", "let us go", {}},
      {"exact case does not match mixed case", "Us and them", {}},
      {"ambiguous without cue", "Georgia is on my mind", {}},
      {"ambiguous with entry cue", "Georgia and the Caucasus", {"country:GE:Georgia:cue"}},
      {"ambiguous with file cue", "the embassy of Georgia", {"country:GE:Georgia:cue"}},
      {"veto beats ambiguous", "Georgia Tech in the Caucasus", {}},
      {"weapon system tags its category",
       "FGM-148 launchers",
       {"weapon:fgm-148:FGM-148:alias", "weapon:atgm:FGM-148:category"}},
      {"name split by hyphen matches spaced form", "fgm 148", {"weapon:fgm-148:fgm 148:alias", "weapon:atgm:fgm 148:category"}},
      {"ambiguous weapon with a cue", "Javelin anti-tank missile systems",
       {"weapon:fgm-148:Javelin:cue", "weapon:atgm:Javelin:category"}},
      {"ambiguous weapon with a cue before it", "the missile known as Javelin",
       {"weapon:fgm-148:Javelin:cue", "weapon:atgm:Javelin:category"}},
      {"sports javelin", "She threw the javelin 80 metres", {}},
      {"cue outside the window", "Javelin a b c missile", {}},
      {"cue at the window edge", "Javelin a b missile", {"weapon:fgm-148:Javelin:cue", "weapon:atgm:Javelin:category"}},
      {"category alias directly", "an ATGM team", {"weapon:atgm:ATGM:alias"}},
      {"actor", "Maria Zakharova said", {"actor:maria-zakharova:Maria Zakharova:alias"}},
      {"actor and country overlap in different facets",
       "the Russian Foreign Ministry",
       {"actor:russian-mfa:Russian Foreign Ministry:alias", "country:RU:Russian:demonym"}},
      {"nothing", "Nothing to see here.", {}},
      {"empty", "", {}},
  };
  Tagger tagger;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CAPTURE(c.text);
    CHECK(summary(tagger.tag(c.text)) == c.expected);
  }
}

TEST_CASE("EntityMatcher: mentions carry display names and exact byte offsets") {
  Tagger tagger;
  const std::string text = "Москва — «Захарова»: Kosovo’s Pristina, Moscow.";
  const auto mentions = tagger.tag(text);
  struct Expect {
    const char* id;
    const char* mention;
    const char* name;
    const char* rule;
  };
  const std::vector<Expect> expected = {
      {"RU", "Москва", "Russia", "metonym"},
      {"maria-zakharova", "Захарова", "Maria Zakharova", "alias"},
      {"XK", "Kosovo", "Kosovo", "alias"},
      {"XK", "Pristina", "Kosovo", "metonym"},
      {"RU", "Moscow", "Russia", "metonym"},
  };
  REQUIRE(mentions.size() == expected.size());
  std::size_t from = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    const std::size_t at = text.find(expected[i].mention, from);
    REQUIRE(at != std::string::npos);
    CHECK(mentions[i].id == expected[i].id);
    CHECK(mentions[i].name == expected[i].name);
    CHECK(mentions[i].rule == expected[i].rule);
    CHECK(mentions[i].begin == at);
    CHECK(mentions[i].end == at + std::string(expected[i].mention).size());
    from = at + 1;
  }
  // Literal offsets for the first two, counted by hand: Москва is 12 bytes, " — «" 7 more.
  CHECK(mentions[0].begin == 0);
  CHECK(mentions[0].end == 12);
  CHECK(mentions[1].begin == 19);
  CHECK(mentions[1].end == 35);
}

TEST_CASE("EntityMatcher: Cyrillic text matches a Latin alias and Latin text a Cyrillic alias") {
  Tagger tagger;
  // Serbian Cyrillic "Приштина" folds to "pristina" like the alias "Pristina".
  auto mentions = tagger.tag("Влада у Приштини и Приштина", CyrillicScheme::Serbian);
  CHECK(summary(mentions) == std::vector<std::string>{"country:XK:Приштина:metonym"});
  // A Latin text matches a name written only in Cyrillic.
  mentions = tagger.tag("Severna Makedonija i Rusija");
  CHECK(summary(mentions) == std::vector<std::string>{"country:MK:Severna Makedonija:alias"});
  // Russian spelling of the actor's name.
  mentions = tagger.tag("Мария Захарова заявила");
  CHECK(summary(mentions) == std::vector<std::string>{"actor:maria-zakharova:Мария Захарова:alias"});
}

TEST_CASE("EntityMatcher: results are ordered by offset and not duplicated") {
  Tagger tagger;
  const auto mentions = tagger.tag("Kosovo, Kosovo and Russia; FGM-148 and an ATGM.");
  for (std::size_t i = 1; i < mentions.size(); ++i) CHECK(mentions[i - 1].begin <= mentions[i].begin);
  CHECK(summary(mentions) == std::vector<std::string>{
                                 "country:XK:Kosovo:alias", "country:XK:Kosovo:alias", "country:RU:Russia:alias",
                                 "weapon:fgm-148:FGM-148:alias", "weapon:atgm:FGM-148:category",
                                 "weapon:atgm:ATGM:alias"});
}

TEST_CASE("EntityMatcher: the seed article through the shipped gazetteer") {
  const std::string path = dossier::testing::shared_dir() + "/seed/javelin-kosovo.txt";
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: ../shared absent");
    return;
  }
  const std::string content = dossier::testing::read_file(path);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= content.size()) {
    std::size_t newline = content.find('\n', start);
    if (newline == std::string::npos) newline = content.size();
    lines.push_back(content.substr(start, newline - start));
    start = newline + 1;
  }
  auto passages = dossier::make_passages(lines);
  REQUIRE(passages.size() == 5);
  CHECK(passages[0].attribution.kind == "Source");
  CHECK(passages[1].attribution.kind == "Attribution");
  CHECK(passages[2].attribution.kind == "Source");
  CHECK(passages[3].attribution.kind == "Context");
  CHECK(passages[4].attribution.kind == "Analyst perspective");
  CHECK(passages[4].attribution.text == "on arms transfers and regional risk");

  Tagger tagger(dossier::load_gazetteer_dir(dossier::testing::source_dir() + "/corpus/gazetteers"));
  std::vector<std::vector<EntityMention>> tagged;
  for (auto& p : passages) tagged.push_back(tagger.tag(p.text));

  const auto& p0 = tagged[0];
  CHECK(has(p0, "country", "RU"));
  CHECK(has(p0, "country", "US"));
  CHECK(has(p0, "country", "XK"));
  CHECK(has(p0, "actor", "maria-zakharova"));
  CHECK(has(p0, "actor", "russian-mfa"));
  CHECK(has(p0, "weapon", "fgm-148"));  // "Javelin anti-tank systems"

  const auto& p2 = tagged[2];
  CHECK(has(p2, "weapon", "fgm-148"));
  CHECK(has(p2, "country", "US"));
  CHECK(has(p2, "country", "XK"));
  CHECK(has(p2, "actor", "us-state-department"));
  CHECK(has(p2, "actor", "dsca"));

  // Kosovo appears in every passage.
  for (std::size_t i = 0; i < tagged.size(); ++i) {
    CAPTURE(i);
    CHECK(has(tagged[i], "country", "XK"));
  }
  // "Moscow" in passage 0 is a metonym for Russia.
  const auto moscow = std::find_if(p0.begin(), p0.end(), [](const EntityMention& m) { return m.mention == "Moscow"; });
  REQUIRE(moscow != p0.end());
  CHECK(moscow->id == "RU");
  CHECK(moscow->rule == "metonym");
  CHECK(moscow->begin == 0);
}

TEST_CASE("EntityMatcher: inflected matching compares case-ending-stripped keys") {
  Tagger tagger;
  const auto tag_inflected = [&](std::string_view text) {
    return tagger.matcher->match(text, tagger.normaliser.tokenize(text, CyrillicScheme::Serbian), true);
  };
  // "Kosovu" (locative) and "Moskvi" match Kosovo and Москва only in inflected mode.
  CHECK(summary(tagger.tag("na Kosovu i u Moskvi")).empty());
  CHECK(summary(tag_inflected("na Kosovu i u Moskvi")) ==
        std::vector<std::string>{"country:XK:Kosovu:alias", "country:RU:Moskvi:metonym"});
  // Exact-case names keep their exact-case rule in inflected mode.
  CHECK(summary(tag_inflected("US")) == std::vector<std::string>{"country:US:US:alias"});
  CHECK(summary(tag_inflected("us")).empty());
}
