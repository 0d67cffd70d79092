// The recogniser's rules, each with its vetoes, on a small gazetteer written here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "indexer/recogniser.h"
#include "indexer/tagging.h"

namespace {

using dossier::Article;
using dossier::EntityMention;

const char* const kCountries =
    "@facet country\n"
    "id: IQ\nname: Iraq\nalias: Iraq\ndemonym: Iraqi | Iraqis\n\n"
    "id: RU\nname: Russia\nalias: Russia\ndemonym: Russian\n\n"
    "id: TR\nname: Turkey\nalias: Türkiye\ndemonym: Turkish\n\n"
    "id: GB\nname: United Kingdom\nalias: Britain\nplace: Manchester\n";
const char* const kActors =
    "@facet actor\n"
    "id: vladimir-putin\nname: Vladimir Putin\ntype: person\naffiliation: RU\nalias: Vladimir Putin\n\n"
    "id: russian-armed-forces\nname: Russian Armed Forces\ntype: military\naffiliation: RU\nalias: Russian Armed Forces\n\n"
    "id: nato\nname: NATO\ntype: organisation\nexact: NATO\n";
const char* const kWeapons =
    "@facet weapon\n"
    "@cue tanks | tank | artillery | fired\n"
    "id: mbt\nname: Main battle tank\ntype: category\nalias: main battle tank | tanks\n\n"
    "id: artillery\nname: Artillery\ntype: category\nalias: howitzer\n\n"
    "id: t-72\nname: T-72\ncategory: mbt\nalias: T-72\n\n"
    "id: t-90\nname: T-90\ncategory: mbt\nalias: T-90\n\n"
    "id: armoured-vehicle\nname: Armoured vehicle\ntype: category\nalias: armoured vehicle\n\n"
    "id: m113\nname: M113\ncategory: armoured-vehicle\nalias: M113\n\n"
    "id: m777\nname: M777\ncategory: artillery\nalias: M777\n";

struct Fixture {
  dossier::Gazetteer gazetteer = dossier::make_gazetteer({dossier::parse_gazetteer(kCountries, "countries.gaz"),
                                                          dossier::parse_gazetteer(kActors, "actors.gaz"),
                                                          dossier::parse_gazetteer(kWeapons, "weapons.gaz")});
  dossier::Normaliser normaliser;
  dossier::EntityMatcher matcher{gazetteer, normaliser};
  dossier::Tagger tagger{gazetteer, matcher};

  // The passages' mentions, each "facet:id:mention:rule[:d]" (":d" when discovered).
  std::vector<std::vector<std::string>> tag(const std::vector<std::string>& paragraphs) {
    Article article;
    article.meta.id = "a";
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      dossier::Passage passage;
      passage.index = i;
      passage.text = paragraphs[i];
      article.passages.push_back(passage);
    }
    tagger.tag(article);
    std::vector<std::vector<std::string>> out;
    for (const auto& passage : article.passages) {
      std::vector<std::string> mentions;
      for (const EntityMention& m : passage.entities) {
        mentions.push_back(m.facet + ":" + m.id + ":" + m.mention + ":" + m.rule + (m.discovered ? ":d" : ""));
      }
      out.push_back(mentions);
    }
    return out;
  }
  std::vector<std::string> tag(const std::string& text) { return tag(std::vector<std::string>{text}).at(0); }

  bool has(const std::vector<std::string>& mentions, const std::string& wanted) {
    for (const auto& m : mentions) {
      if (m == wanted) return true;
    }
    return false;
  }
  // No discovered mention at all.
  bool none_discovered(const std::vector<std::string>& mentions) {
    for (const auto& m : mentions) {
      if (m.size() > 2 && m.substr(m.size() - 2) == ":d") return false;
    }
    return true;
  }
};

}  // namespace

TEST_CASE("discovered_id: the slug of the folded name") {
  dossier::Normaliser normaliser;
  CHECK(dossier::discovered_id(normaliser, "Jane Doe") == "jane-doe");
  CHECK(dossier::discovered_id(normaliser, "Kurdistan Workers' Party") == "kurdistan-workers-party");
  CHECK(dossier::discovered_id(normaliser, "Ahmed al-Šarif") == "ahmed-al-sarif");
}

TEST_CASE("title rule: a title, then a capitalised name of two words or more") {
  Fixture f;
  const auto m = f.tag("Defence Minister Jane Doe visited the front.");
  CHECK(f.has(m, "actor:jane-doe:Jane Doe:title:d"));
  SUBCASE("further title words are skipped, not taken as the name") {
    CHECK(f.has(f.tag("Chief Executive John Smith resigned."), "actor:john-smith:John Smith:title:d"));
    CHECK(f.has(f.tag("Lt. Gen. Omar Farouk arrived."), "actor:omar-farouk:Omar Farouk:title:d"));
  }
  SUBCASE("veto: one name word after a title that is not an honorific") {
    CHECK(f.none_discovered(f.tag("Colonel Khalil arrived.")));
  }
  SUBCASE("one name word after Mr/Mrs/Ms/Dr") {
    CHECK(f.has(f.tag("Mr Blair arrived."), "actor:blair:Blair:title:d"));
  }
  SUBCASE("veto: a name over a place") {
    CHECK(f.none_discovered(f.tag("President Manchester Smith arrived.")));
  }
  SUBCASE("veto: an all-capital word") {
    CHECK(f.none_discovered(f.tag("Chief Executive Sky TV said no.")));
  }
  SUBCASE("veto: a name that runs into a facility") {
    CHECK(f.none_discovered(f.tag("the army closed Imam Khomeini International Airport on Monday")));
  }
}

TEST_CASE("speaker rule: a name known to start like a person's, next to a verb of saying") {
  Fixture f;
  CHECK(f.has(f.tag("The talks failed, Vladimir Petrov said."), "actor:vladimir-petrov:Vladimir Petrov:speaker:d"));
  CHECK(f.has(f.tag("The talks failed, said Vladimir Petrov on Monday."), "actor:vladimir-petrov:Vladimir Petrov:speaker:d"));
  CHECK(f.has(f.tag("The talks failed, according to Vladimir Petrov."), "actor:vladimir-petrov:Vladimir Petrov:speaker:d"));
  SUBCASE("veto: a first word that no known person's name starts with") {
    CHECK(f.none_discovered(f.tag("Profits rose, Deutsche Bank said.")));
  }
  SUBCASE("veto: a name over a place") {
    CHECK(f.none_discovered(f.tag("The match was won, Manchester United said.")));
  }
  SUBCASE("a gazetteer person is not discovered again") {
    const auto m = f.tag("Vladimir Putin said no.");
    CHECK(f.has(m, "actor:vladimir-putin:Vladimir Putin:alias"));
    CHECK(f.none_discovered(m));
  }
}

TEST_CASE("org rule: a capitalised run ending in an organisation head word") {
  Fixture f;
  CHECK(f.has(f.tag("the Rapid Support Forces attacked"), "actor:rapid-support-forces:Rapid Support Forces:org:d"));
  CHECK(f.has(f.tag("the Kurdistan Workers' Party said"), "actor:kurdistan-workers-party:Kurdistan Workers' Party:org:d"));
  CHECK(f.has(f.tag("the Ministry of Peshmerga Affairs"), "actor:ministry-of-peshmerga-affairs:Ministry of Peshmerga Affairs:org:d"));
  SUBCASE("lower-case joints inside, a place after the head") {
    CHECK(f.has(f.tag("filed with the Securities and Exchange Commission on Monday"),
                "actor:securities-and-exchange-commission:Securities and Exchange Commission:org:d"));
    CHECK(f.has(f.tag("the Tourism Authority of Thailand said"),
                "actor:tourism-authority-of-thailand:Tourism Authority of Thailand:org:d"));
  }
  SUBCASE("an organisation may contain a country word") {
    CHECK(f.has(f.tag("the Free Syrian Army"), "actor:free-syrian-army:Free Syrian Army:org:d"));
  }
  SUBCASE("veto: generic words only (whose ministry?)") {
    CHECK(f.none_discovered(f.tag("The Defence Ministry said")));
    CHECK(f.none_discovered(f.tag("the Ministry of Defence")));
    CHECK(f.none_discovered(f.tag("the Armed Forces")));
  }
  SUBCASE("veto: a head that a longer capitalised name goes on from") {
    CHECK(f.none_discovered(f.tag("the Swiss Army Knife from 1891")));
  }
  SUBCASE("veto: a lower-case head") {
    CHECK(f.none_discovered(f.tag("rebel forces advanced")));
  }
}

TEST_CASE("acronym rule: Long Name (LN), then LN") {
  Fixture f;
  const auto m = f.tag(std::vector<std::string>{"the Syrian Democratic Forces (SDF) advanced", "later the SDF withdrew"});
  CHECK(f.has(m[0], "actor:syrian-democratic-forces:SDF:acronym:d"));
  CHECK(f.has(m[1], "actor:syrian-democratic-forces:SDF:acronym:d"));
  SUBCASE("a long name without a head word, by its initials") {
    const auto k = f.tag("fighters of Hayat Tahrir al-Sham (HTS) said the HTS would hold");
    CHECK(f.has(k, "actor:hayat-tahrir-al-sham:Hayat Tahrir al-Sham:acronym:d"));
    CHECK(f.has(k, "actor:hayat-tahrir-al-sham:HTS:acronym:d"));
  }
  SUBCASE("veto: initials of words that name no organisation, with no conflict word near") {
    CHECK(f.none_discovered(f.tag("phones based on the High Speed Downlink Packet Access (HSDPA) standard")));
  }
  SUBCASE("veto: initials that do not spell the acronym") {
    CHECK(f.none_discovered(f.tag("the Regional Government (XYZ) said")));
  }
}

TEST_CASE("surname rule: a person's last name alone, after the full name") {
  Fixture f;
  const auto m = f.tag(std::vector<std::string>{"Doe was not there.", "Defence Minister Jane Doe spoke.", "Doe left early."});
  CHECK(f.none_discovered(m[0]));  // before the full name: nothing to refer to
  CHECK(f.has(m[2], "actor:jane-doe:Doe:surname:d"));
  SUBCASE("a gazetteer person's surname too (not discovered: the gazetteer's id)") {
    const auto p = f.tag(std::vector<std::string>{"Vladimir Putin spoke.", "Putin left."});
    CHECK(f.has(p[1], "actor:vladimir-putin:Putin:surname"));
  }
}

TEST_CASE("force rule: a nationality and an agent noun") {
  Fixture f;
  const auto m = f.tag("Iraqi security forces and Turkish troops advanced.");
  CHECK(f.has(m, "actor:iraqi-security-forces:Iraqi security forces:force:d"));
  CHECK(f.has(m, "actor:turkish-armed-forces:Turkish troops:force:d"));
  CHECK(f.has(m, "country:IQ:Iraqi:demonym"));  // the country mention stays
  SUBCASE("affiliated with the nationality's country") {
    dossier::Article article;
    article.meta.id = "a";
    article.passages.push_back({0, "Iraqi soldiers advanced.", {}, {}, {}});
    f.tagger.tag(article);
    CHECK(article.passages[0].affiliations == std::vector<std::string>{"IQ"});
    const auto found = f.tagger.take_discovered();
    REQUIRE(found.count("actor:iraqi-armed-forces") == 1);
    CHECK(found.at("actor:iraqi-armed-forces").affiliation == "IQ");
  }
  SUBCASE("a name the gazetteer has is its entry, not discovered") {
    CHECK(f.has(f.tag("Russian soldiers advanced."), "actor:russian-armed-forces:Russian soldiers:force"));
  }
  SUBCASE("through the country: Ukraine's army, Armenia's Defence Ministry, a US-led coalition") {
    const auto c = f.tag("Iraq's army and Iraq's Interior Ministry joined the Turkish-led coalition.");
    CHECK(f.has(c, "actor:iraqi-armed-forces:Iraq's army:force:d"));
    CHECK(f.has(c, "actor:iraqi-interior-ministry:Iraq's Interior Ministry:org:d"));
    CHECK(f.has(c, "actor:turkish-led-coalition:Turkish-led coalition:force:d"));
  }
  SUBCASE("veto: an agent noun that qualifies the next noun") {
    CHECK(f.none_discovered(f.tag("Iraqi military intelligence officers met Iraq's military spokesman.")));
  }
  SUBCASE("veto: no agent noun") {
    CHECK(f.none_discovered(f.tag("Iraqi officials met Turkish bankers.")));
  }
}

TEST_CASE("designation rule: a known family's shape next to a weapon cue") {
  Fixture f;
  const auto m = f.tag("They fired T-64 tanks at the town.");
  CHECK(f.has(m, "weapon:t-64:T-64:designation:d"));
  CHECK(f.has(m, "weapon:mbt:T-64:category"));
  SUBCASE("a known system stays the gazetteer's") {
    CHECK(f.has(f.tag("T-72 tanks"), "weapon:t-72:T-72:alias"));
  }
  SUBCASE("veto: no cue nearby") {
    CHECK(f.none_discovered(f.tag("The T-64 was in the museum.")));
  }
  SUBCASE("veto: a family whose known systems have several categories (M113, M777)") {
    CHECK(f.none_discovered(f.tag("They fired M109 guns and tanks.")));
  }
  SUBCASE("veto: a family the gazetteer does not know") {
    CHECK(f.none_discovered(f.tag("COVID-19 hit the tank factory.")));
  }
  SUBCASE("veto: a one-letter family without a hyphen (airliners, phones)") {
    CHECK(f.none_discovered(f.tag("They ordered T640 tanks.")));
  }
  SUBCASE("veto: one digit, or a year") {
    CHECK(f.none_discovered(f.tag("The T-9 tanks and T2000 tanks.")));
  }
  SUBCASE("veto: a cue of the file that names no weapon category (sales, fired)") {
    CHECK(f.none_discovered(f.tag("They fired the T-64 in the sales meeting.")));
  }
}

TEST_CASE("business and sport sentences stay untagged") {
  Fixture f;
  for (const char* text : {"The striker fired a rocket into the top corner, the manager said.",
                           "Shares in Deutsche Bank rose, analysts said.",
                           "The Football Association said the match would go ahead.",
                           "Chief Executive Officer said profits were up."}) {
    INFO(text);
    CHECK(f.none_discovered(f.tag(text)));
  }
}
