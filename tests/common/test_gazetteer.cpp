// Tests for common/gazetteer.cpp: parsing, validation with file:line messages, loading the
// shipped gazetteers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "test_support.h"

using dossier::Gazetteer;
using dossier::GazetteerError;
using dossier::GazetteerFile;
using dossier::schema::Facet;

namespace {

// The message of the GazetteerError thrown by f, or "" when nothing was thrown.
template <typename F>
std::string gazetteer_error_of(F&& f) {
  try {
    f();
  } catch (const GazetteerError& e) {
    return e.what();
  }
  return "";
}

const char* const kCountries =
    "# countries for tests\n"
    "@facet country\n"
    "@cue embassy | ambassador\n"
    "@cue sanctions\n"
    "@cue-window 5\n"
    "\n"
    "id: RU\n"
    "name: Russia\n"
    "alias: Russia | Russian Federation | Россия\n"
    "exact: РФ\n"
    "demonym: Russian | Russians\n"
    "metonym: Moscow | the Kremlin\n"
    "place: Kursk\n"
    "historical: USSR\n"
    "\n"
    "   # an indented comment\n"
    "id: GE\n"
    "name: Georgia\n"
    "ambiguous: Georgia\n"
    "cue: Tbilisi | Caucasus\n"
    "veto: Georgia Tech\n";

}  // namespace

TEST_CASE("parse_gazetteer reads a valid file") {
  const GazetteerFile file = dossier::parse_gazetteer(kCountries, "countries.gaz");
  CHECK(file.facet == Facet::Country);
  CHECK(file.path == "countries.gaz");
  CHECK(file.cues == std::vector<std::string>{"embassy", "ambassador", "sanctions"});
  CHECK(file.cue_window == 5);
  REQUIRE(file.entries.size() == 2);

  const auto& ru = file.entries[0];
  CHECK(ru.id == "RU");
  CHECK(ru.name == "Russia");
  CHECK(ru.facet == Facet::Country);
  CHECK(ru.origin == "countries.gaz:7");
  struct Name {
    std::string text, rule;
    bool exact, ambiguous;
  };
  const std::vector<Name> expected = {
      {"Russia", "alias", false, false},   {"Russian Federation", "alias", false, false},
      {"Россия", "alias", false, false},   {"РФ", "alias", true, false},
      {"Russian", "demonym", false, false}, {"Russians", "demonym", false, false},
      {"Moscow", "metonym", false, false}, {"the Kremlin", "metonym", false, false},
      {"Kursk", "place", false, false},    {"USSR", "historical", false, false},
  };
  REQUIRE(ru.names.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(ru.names[i].text == expected[i].text);
    CHECK(ru.names[i].rule == expected[i].rule);
    CHECK(ru.names[i].exact == expected[i].exact);
    CHECK(ru.names[i].ambiguous == expected[i].ambiguous);
  }

  const auto& ge = file.entries[1];
  CHECK(ge.id == "GE");
  CHECK(ge.origin == "countries.gaz:17");
  REQUIRE(ge.names.size() == 1);
  CHECK(ge.names[0].ambiguous);
  CHECK(ge.names[0].rule == "alias");
  CHECK(ge.cues == std::vector<std::string>{"Tbilisi", "Caucasus"});
  CHECK(ge.vetoes == std::vector<std::string>{"Georgia Tech"});
}

TEST_CASE("parse_gazetteer reads actors and weapons with their keys") {
  const GazetteerFile actors = dossier::parse_gazetteer(
      "@facet actor\r\n"
      "id: maria-zakharova\r\n"
      "name: Maria Zakharova\r\n"
      "type: person\r\n"
      "affiliation: russian-mfa\r\n"
      "alias: Zakharova | Захарова\r\n",
      "actors.gaz");
  CHECK(actors.facet == Facet::Actor);
  CHECK(actors.cue_window == 8);  // default
  REQUIRE(actors.entries.size() == 1);
  CHECK(actors.entries[0].id == "maria-zakharova");
  CHECK(actors.entries[0].type == "person");
  CHECK(actors.entries[0].affiliation == "russian-mfa");
  CHECK(actors.entries[0].names.size() == 2);

  const GazetteerFile weapons = dossier::parse_gazetteer(
      "@facet weapon\n"
      "id: atgm\nname: Anti-tank guided missile\ntype: category\n"
      "id: fgm-148\nname: FGM-148 Javelin\ncategory: atgm\nalias: FGM-148\nambiguous: Javelin\n",
      "weapons.gaz");
  REQUIRE(weapons.entries.size() == 2);
  CHECK(weapons.entries[0].type == "category");
  CHECK(weapons.entries[1].type == "");  // defaulted by make_gazetteer
  CHECK(weapons.entries[1].category == "atgm");
  const Gazetteer g = dossier::make_gazetteer({weapons});
  REQUIRE(g.find(Facet::Weapon, "fgm-148") != nullptr);
  CHECK(g.find(Facet::Weapon, "fgm-148")->type == "system");
  CHECK(g.find(Facet::Country, "fgm-148") == nullptr);
  CHECK(g.entry_count() == 2);
}

TEST_CASE("parse_gazetteer rejects every kind of malformed line with path:line") {
  struct Case {
    const char* name;
    std::string content;
    std::string location;  // expected "path:line" prefix
    std::string detail;    // expected part of the message
  };
  const std::vector<Case> cases = {
      {"unknown key", "@facet country\nid: RU\nname: Russia\nfoo: bar\n", "t.gaz:4", "unknown key 'foo'"},
      {"actor key in country file", "@facet country\nid: RU\nname: Russia\naffiliation: UN\n", "t.gaz:4", "unknown key"},
      {"demonym in actor file", "@facet actor\nid: a\nname: A\ndemonym: Aish\n", "t.gaz:4", "unknown key"},
      {"missing colon", "@facet country\nid: RU\nname Russia\n", "t.gaz:3", "key: value"},
      {"empty value", "@facet country\nid: RU\nname:\n", "t.gaz:3", "empty value"},
      {"empty value between bars", "@facet country\nid: RU\nname: Russia\nalias: A |  | B\n", "t.gaz:4", "empty value"},
      {"empty @cue value", "@facet country\n@cue a || b\n", "t.gaz:2", "empty value"},
      {"@facet missing", "id: RU\nname: Russia\n", "t.gaz:1", "@facet"},
      {"@facet missing after comments", "# comment\n\nid: RU\n", "t.gaz:3", "@facet"},
      {"@facet twice", "@facet country\n@facet actor\n", "t.gaz:2", "twice"},
      {"unknown facet", "@facet place\n", "t.gaz:1", "unknown facet"},
      {"unknown directive", "@facet country\n@window 3\n", "t.gaz:2", "unknown directive"},
      {"lower-case country id", "@facet country\nid: ru\nname: Russia\n", "t.gaz:2", "invalid id 'ru'"},
      {"three-letter country id", "@facet country\nid: RUS\n", "t.gaz:2", "invalid id"},
      {"actor id with spaces", "@facet actor\nid: maria zakharova\n", "t.gaz:2", "invalid id"},
      {"actor id in upper case", "@facet actor\nid: Maria\n", "t.gaz:2", "invalid id"},
      {"weapon id with underscore", "@facet weapon\nid: fgm_148\n", "t.gaz:2", "invalid id"},
      {"key before id", "@facet country\nname: Russia\n", "t.gaz:2", "before the first 'id:'"},
      {"name twice", "@facet country\nid: RU\nname: Russia\nname: Russland\n", "t.gaz:4", "twice"},
      {"bad weapon type", "@facet weapon\nid: x\nname: X\ntype: gadget\n", "t.gaz:4", "weapon type"},
      {"bad actor type", "@facet actor\nid: x\nname: X\ntype: company\n", "t.gaz:4", "unknown actor type"},
      {"@cue-window zero", "@facet country\n@cue-window 0\n", "t.gaz:2", "@cue-window"},
      {"@cue-window too big", "@facet country\n@cue-window 101\n", "t.gaz:2", "@cue-window"},
      {"@cue-window not a number", "@facet country\n@cue-window many\n", "t.gaz:2", "@cue-window"},
      {"@cue-window trailing junk", "@facet country\n@cue-window 5x\n", "t.gaz:2", "@cue-window"},
      {"@cue-window negative", "@facet country\n@cue-window -3\n", "t.gaz:2", "@cue-window"},
      {"@cue-window missing", "@facet country\n@cue-window\n", "t.gaz:2", "@cue-window"},
      {"invalid UTF-8", "@facet country\nid: RU\nname: Rus\xFFsia\n", "t.gaz:3", "invalid UTF-8"},
      {"line numbers count comments and CRLF", "# c\r\n\r\n@facet country\r\n  # c\r\nid: RU\r\nbogus\r\n", "t.gaz:6",
       "key: value"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string message = gazetteer_error_of([&] { dossier::parse_gazetteer(c.content, "t.gaz"); });
    CAPTURE(message);
    CHECK(message.rfind(c.location + ": ", 0) == 0);
    CHECK(message.find(c.detail) != std::string::npos);
  }
}

TEST_CASE("parse_gazetteer: a file without any @facet is an error naming the file") {
  const std::string message = gazetteer_error_of([] { dossier::parse_gazetteer("# only comments\n\n", "empty.gaz"); });
  CHECK(message.rfind("empty.gaz: ", 0) == 0);
  CHECK(message.find("@facet") != std::string::npos);
  CHECK(gazetteer_error_of([] { dossier::parse_gazetteer("", "e.gaz"); }) != "");
}

TEST_CASE("make_gazetteer validates entries across files") {
  struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> files;  // content, path
    std::string location;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"duplicate id within a file",
       {{"@facet country\nid: RU\nname: Russia\nid: RU\nname: Russia again\n", "a.gaz"}}, "a.gaz:4", "duplicate id 'RU'"},
      {"duplicate id across files",
       {{"@facet country\nid: RU\nname: Russia\n", "a.gaz"}, {"@facet country\n\nid: RU\nname: Russia\n", "b.gaz"}},
       "b.gaz:3", "first at a.gaz:2"},
      {"missing name", {{"@facet country\nid: RU\nalias: Russia\n", "a.gaz"}}, "a.gaz:2", "no 'name'"},
      {"weapon system with unknown category",
       {{"@facet weapon\nid: atgm\nname: ATGM\ntype: category\nid: fgm-148\nname: Javelin\ncategory: manpads\n", "w.gaz"}},
       "w.gaz:5", "unknown category 'manpads'"},
      {"category naming a system is not a category",
       {{"@facet weapon\nid: atgm\nname: ATGM\ntype: category\nid: a\nname: A\ncategory: atgm\n"
         "id: b\nname: B\ncategory: a\n",
         "w.gaz"}},
       "w.gaz:8", "unknown category 'a'"},
      {"system without category", {{"@facet weapon\nid: fgm-148\nname: Javelin\ntype: system\n", "w.gaz"}}, "w.gaz:2",
       "no 'category'"},
      {"weapon without type defaults to system and needs a category",
       {{"@facet weapon\nid: fgm-148\nname: Javelin\n", "w.gaz"}}, "w.gaz:2", "no 'category'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string message = gazetteer_error_of([&] {
      std::vector<GazetteerFile> files;
      for (const auto& [content, path] : c.files) files.push_back(dossier::parse_gazetteer(content, path));
      dossier::make_gazetteer(std::move(files));
    });
    CAPTURE(message);
    CHECK(message.rfind(c.location + ": ", 0) == 0);
    CHECK(message.find(c.detail) != std::string::npos);
  }

  // The same id in two facets is fine; a category in another file is found.
  std::vector<GazetteerFile> files;
  files.push_back(dossier::parse_gazetteer("@facet weapon\nid: atgm\nname: ATGM\ntype: category\n", "cat.gaz"));
  files.push_back(dossier::parse_gazetteer("@facet weapon\nid: fgm-148\nname: Javelin\ncategory: atgm\n", "sys.gaz"));
  files.push_back(dossier::parse_gazetteer("@facet actor\nid: atgm\nname: Some group\n", "act.gaz"));
  const Gazetteer g = dossier::make_gazetteer(std::move(files));
  CHECK(g.entry_count() == 3);
  REQUIRE(g.find(Facet::Actor, "atgm") != nullptr);
  CHECK(g.find(Facet::Actor, "atgm")->name == "Some group");
  CHECK(g.find(Facet::Weapon, "atgm")->name == "ATGM");
}

TEST_CASE("load_gazetteer_dir loads the shipped gazetteers") {
  const std::string dir = dossier::testing::source_dir() + "/corpus/gazetteers";
  const Gazetteer g = dossier::load_gazetteer_dir(dir);
  CHECK(g.files.size() >= 3);
  CHECK(g.entry_count() > 200);
  CHECK_FALSE(g.version.empty());
  struct Expect {
    Facet facet;
    const char* id;
    const char* name;
  };
  const std::vector<Expect> expected = {
      {Facet::Country, "RU", "Russia"},
      {Facet::Country, "US", "United States"},
      {Facet::Country, "XK", "Kosovo"},
      {Facet::Country, "RS", "Serbia"},
      {Facet::Weapon, "fgm-148", nullptr},
  };
  for (const auto& e : expected) {
    CAPTURE(e.id);
    const auto* entry = g.find(e.facet, e.id);
    REQUIRE(entry != nullptr);
    CHECK(entry->facet == e.facet);
    if (e.name != nullptr) CHECK(entry->name == e.name);
  }
  const auto* javelin = g.find(Facet::Weapon, "fgm-148");
  REQUIRE(javelin != nullptr);
  CHECK(javelin->type == "system");
  REQUIRE_FALSE(javelin->category.empty());
  CHECK(g.find(Facet::Weapon, javelin->category) != nullptr);
  CHECK(g.find(Facet::Country, "ZZ") == nullptr);
  CHECK(g.find(Facet::Actor, "RU") == nullptr);

  // Loading twice gives the same content hash.
  CHECK(dossier::load_gazetteer_dir(dir).version == g.version);
}

TEST_CASE("load_gazetteer_dir: errors and the content hash") {
  dossier::testing::TempDir tmp;
  CHECK_THROWS_AS(dossier::load_gazetteer_dir(tmp.file("missing")), GazetteerError);
  CHECK_THROWS_AS(dossier::load_gazetteer_dir(tmp.path().string()), GazetteerError);  // no *.gaz files

  tmp.write("README.txt", "not a gazetteer\n");
  tmp.write("b.gaz", "@facet country\nid: RU\nname: Russia\n");
  tmp.write("a.gaz", "@facet weapon\nid: atgm\nname: ATGM\ntype: category\n");
  const Gazetteer g = dossier::load_gazetteer_dir(tmp.path().string());
  REQUIRE(g.files.size() == 2);
  CHECK(g.files[0].facet == Facet::Weapon);  // sorted by name: a.gaz first
  CHECK(g.files[1].facet == Facet::Country);
  const std::string first_version = g.version;
  CHECK(dossier::load_gazetteer_dir(tmp.path().string()).version == first_version);

  tmp.write("b.gaz", "@facet country\nid: RU\nname: Russian Federation\n");
  CHECK(dossier::load_gazetteer_dir(tmp.path().string()).version != first_version);

  tmp.write("c.gaz", "@facet country\nid: XK\nbroken line\n");
  const std::string message = gazetteer_error_of([&] { dossier::load_gazetteer_dir(tmp.path().string()); });
  CHECK(message.find("c.gaz:3: ") != std::string::npos);
}
