// Tests for common/entity_table.cpp: the JSON the indexer writes, read back by EntityTable (names,
// resolution of ids and names), and what malformed tables do.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/entity_table.h"
#include "common/error.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "test_support.h"

using dossier::EntityInfo;
using dossier::EntityTable;
using dossier::schema::Facet;

namespace {

dossier::Gazetteer small_gazetteer() {
  return dossier::make_gazetteer(
      {dossier::parse_gazetteer("@facet country\n"
                                "id: RU\nname: Russia\nalias: Russia | Россия\ndemonym: Russian\n"
                                "id: GE\nname: Georgia\nambiguous: Georgia\n"
                                "id: XK\nname: Kosovo\nalias: Kosovo | Kosova\nmetonym: Pristina\n",
                                "countries.gaz"),
       dossier::parse_gazetteer("@facet weapon\n"
                                "id: atgm\nname: Anti-tank guided missile\ntype: category\nalias: ATGM\n"
                                "id: fgm-148\nname: FGM-148 Javelin\ncategory: atgm\nalias: FGM-148 | Javelin\n",
                                "weapons.gaz"),
       dossier::parse_gazetteer("@facet actor\n"
                                "id: maria-zakharova\nname: Maria Zakharova\ntype: person\naffiliation: RU\n"
                                "alias: Zakharova | Мария Захарова\n"
                                "id: georgia-state\nname: Georgia State Police\ntype: organisation\n"
                                "alias: Georgia\n",
                                "actors.gaz")});
}

// The message of the DatabaseError thrown while reading json, or "" when nothing was thrown.
std::string error_reading(const std::string& json) {
  try {
    EntityTable table(json);
  } catch (const dossier::DatabaseError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("encode_entity_table: the documented JSON shape, byte for byte") {
  dossier::Normaliser normaliser;
  const auto gazetteer = dossier::make_gazetteer({dossier::parse_gazetteer(
      "@facet country\nid: RU\nname: Russia\nmetonym: Moscow\nalias: Russia | RUSSIA\ndemonym: Russian\n", "countries.gaz")});
  // Sorted keys, no spaces; the display name's fold first, repeated folds once; the own names
  // before the places and metonyms, and how many they are.
  CHECK(dossier::encode_entity_table(gazetteer, normaliser) ==
        R"({"country":{"RU":{"affiliation":"","name":"Russia","names":["russia","russian","moscow"],"own":2,"parent":"","type":""}}})");
}

TEST_CASE("own names: a query word names a country by its own names, never by its places or metonyms") {
  dossier::Normaliser normaliser;
  const auto gazetteer = dossier::make_gazetteer({dossier::parse_gazetteer(
      "@facet country\nid: AU\nname: Australia\nplace: Sydney\nalias: Australia\nexact: AUS\n"
      "place-exact: Sidnei\nmetonym: Canberra\nmetonym-ambiguous: Oz\ndemonym: Australian\nhistorical: New Holland\n"
      "cue: kangaroo\n",
      "countries.gaz")});
  const EntityTable table(dossier::encode_entity_table(gazetteer, normaliser));
  const EntityInfo* australia = table.find(Facet::Country, "AU");
  REQUIRE(australia != nullptr);
  CHECK(australia->own_count() == 4);  // australia, aus, australian, new holland
  for (const char* own : {"australia", "aus", "australian", "new holland", "newholland"}) {
    CAPTURE(own);
    CHECK(table.named_by(own) == std::vector<EntityTable::EntityRef>{{Facet::Country, "AU"}});
    CHECK(table.named_by_scan(own) == table.named_by(own));
  }
  for (const char* place : {"sydney", "sidnei", "canberra", "oz"}) {
    CAPTURE(place);
    CHECK(table.named_by(place).empty());
    CHECK(table.named_by_scan(place).empty());
    CHECK(table.resolve(Facet::Country, place, normaliser) == std::optional<std::string>("AU"));  // filters still take them
  }
}

TEST_CASE("own names: a table written before \"own\" counts every name as the entity's own") {
  const EntityTable table(R"({"country":{"RU":{"affiliation":"","name":"Russia","names":["russia","moscow"],"parent":"","type":""}}})");
  CHECK(table.named_by("moscow") == std::vector<EntityTable::EntityRef>{{Facet::Country, "RU"}});
  CHECK_THROWS_AS(EntityTable(R"({"country":{"RU":{"name":"Russia","names":["russia"],"own":"1"}}})"), dossier::DatabaseError);
  CHECK_THROWS_AS(EntityTable(R"({"country":{"RU":{"name":"Russia","names":["russia"],"own":-1}}})"), dossier::DatabaseError);
}

TEST_CASE("encode_entity_table: every entry with its six keys") {
  dossier::Normaliser normaliser;
  const auto json = nlohmann::json::parse(dossier::encode_entity_table(small_gazetteer(), normaliser));
  CHECK(json.size() == 3);
  const auto& javelin = json.at("weapon").at("fgm-148");
  CHECK(javelin.at("name") == "FGM-148 Javelin");
  CHECK(javelin.at("parent") == "atgm");
  CHECK(javelin.at("type") == "system");
  CHECK(javelin.at("affiliation") == "");
  const auto& zakharova = json.at("actor").at("maria-zakharova");
  CHECK(zakharova.at("affiliation") == "RU");
  CHECK(zakharova.at("type") == "person");
  CHECK(zakharova.at("names").front() == normaliser.fold_phrase("Maria Zakharova"));
  for (const auto& [facet, entries] : json.items()) {
    for (const auto& [id, entry] : entries.items()) {
      CAPTURE(id);
      CHECK(entry.size() == 6);
      for (const char* key : {"name", "parent", "type", "affiliation"}) CHECK(entry.at(key).is_string());
      CHECK(entry.at("names").is_array());
      CHECK(entry.at("own").get<std::size_t>() <= entry.at("names").size());
    }
  }
}

TEST_CASE("EntityTable reads what encode_entity_table writes") {
  dossier::Normaliser normaliser;
  const EntityTable table(dossier::encode_entity_table(small_gazetteer(), normaliser));

  const EntityInfo* russia = table.find(Facet::Country, "RU");
  REQUIRE(russia != nullptr);
  CHECK(russia->name == "Russia");
  CHECK(russia->parent.empty());
  CHECK(russia->type.empty());
  CHECK(russia->folded_names ==
        std::vector<std::string>{"russia", normaliser.fold_phrase("Россия"), normaliser.fold_phrase("Russian")});
  const EntityInfo* javelin = table.find(Facet::Weapon, "fgm-148");
  REQUIRE(javelin != nullptr);
  CHECK(javelin->parent == "atgm");
  CHECK(javelin->type == "system");
  CHECK(table.find(Facet::Weapon, "RU") == nullptr);  // per facet
  CHECK(table.find(Facet::Country, "ru") == nullptr);  // ids exactly

  CHECK(table.display_name(Facet::Country, "XK") == "Kosovo");
  CHECK(table.display_name(Facet::Country, "ZZ") == "ZZ");

  // Ids in any case, then names folded, display names before aliases.
  CHECK(table.resolve(Facet::Country, "ru", normaliser) == "RU");
  CHECK(table.resolve(Facet::Country, "Kosova", normaliser) == "XK");
  CHECK(table.resolve(Facet::Country, "PRISTINA", normaliser) == "XK");
  CHECK(table.resolve(Facet::Country, "Россия", normaliser) == "RU");
  CHECK(table.resolve(Facet::Actor, "Мария Захарова", normaliser) == "maria-zakharova");
  CHECK(table.resolve(Facet::Weapon, "javelin", normaliser) == "fgm-148");
  CHECK(table.resolve(Facet::Actor, "Georgia", normaliser) == "georgia-state");  // an alias when no display name
  CHECK(table.resolve(Facet::Country, "Georgia", normaliser) == "GE");
  CHECK_FALSE(table.resolve(Facet::Country, "Atlantis", normaliser).has_value());
  CHECK_FALSE(table.resolve(Facet::Country, "", normaliser).has_value());
  CHECK_FALSE(table.resolve(Facet::Country, "  ", normaliser).has_value());
}

TEST_CASE("EntityTable::resolve: the index finds what the scan in id order finds") {
  dossier::Normaliser normaliser;
  // Ties: two entries share a display name, an alias, an id's case and a spaceless form; the
  // first in id order wins, display names before aliases before spaceless forms.
  const EntityTable ties(dossier::encode_entity_table(
      dossier::make_gazetteer({dossier::parse_gazetteer(
          "@facet actor\n"
          "id: zz-9\nname: Shared Name\ntype: organisation\nalias: S 400 | Both\n"
          "id: aa-1\nname: Both\ntype: organisation\nalias: Shared Name | SA 400\n"
          "id: aa-1x\nname: Other\ntype: organisation\nalias: s 400 | Shared Name\n",
          "actors.gaz")}),
      normaliser));
  CHECK(ties.resolve(Facet::Actor, "shared name", normaliser) == "zz-9");  // display name over alias
  CHECK(ties.resolve(Facet::Actor, "both", normaliser) == "aa-1");
  CHECK(ties.resolve(Facet::Actor, "AA-1X", normaliser) == "aa-1x");
  CHECK(ties.resolve(Facet::Actor, "s400", normaliser) == "aa-1x");  // smallest id with the form
  CHECK(ties.resolve(Facet::Actor, "sa400", normaliser) == "aa-1");

  // Ids, names and aliases of the shipped gazetteers, in several spellings, plus misses.
  const auto gazetteer = dossier::load_gazetteer_dir(dossier::testing::source_dir() + "/corpus/gazetteers");
  const std::string json = dossier::encode_entity_table(gazetteer, normaliser);
  const EntityTable table(json);
  const auto parsed = nlohmann::json::parse(json);
  std::size_t compared = 0;
  for (const auto& [facet_name, entries] : parsed.items()) {
    Facet facet;
    REQUIRE(dossier::schema::parse_facet_name(facet_name, facet));
    std::size_t seen = 0;
    for (const auto& [id, entry] : entries.items()) {
      if (seen++ % 307 != 0) continue;  // a spread of entries: the scan costs a pass over all per text
      std::vector<std::string> texts{id, entry.at("name").get<std::string>(), id + "x"};
      for (const auto& name : entry.at("names")) {
        std::string spaceless = name.get<std::string>();
        std::erase(spaceless, ' ');
        texts.push_back(name.get<std::string>());
        texts.push_back(spaceless);
      }
      for (const std::string& text : texts) {
        INFO(facet_name << ": " << text);
        CHECK(table.resolve(facet, text, normaliser) == table.resolve_by_scan(facet, text, normaliser));
        ++compared;
      }
    }
  }
  CHECK(compared > 300);
}

TEST_CASE("EntityTable: an empty table knows nothing") {
  dossier::Normaliser normaliser;
  for (const EntityTable& table : {EntityTable(), EntityTable("{}")}) {
    CHECK(table.find(Facet::Country, "RU") == nullptr);
    CHECK(table.display_name(Facet::Country, "RU") == "RU");
    CHECK_FALSE(table.resolve(Facet::Country, "Russia", normaliser).has_value());
  }
}

TEST_CASE("EntityTable: optional keys and unknown facets") {
  const EntityTable table(R"({"country": {"RU": {"name": "Russia", "names": ["russia"]}},
                              "planet": {"mars": {"whatever": 1}}})");
  const EntityInfo* russia = table.find(Facet::Country, "RU");
  REQUIRE(russia != nullptr);
  CHECK(russia->parent.empty());
  CHECK(russia->type.empty());
  CHECK(russia->folded_names == std::vector<std::string>{"russia"});
}

TEST_CASE("EntityTable: read as it was written, unknown facets and fields skipped whatever they hold") {
  dossier::Normaliser normaliser;
  const auto gazetteer = dossier::load_gazetteer_dir(dossier::testing::source_dir() + "/corpus/gazetteers");
  const std::string json = dossier::encode_entity_table(gazetteer, normaliser);
  const EntityTable table(json);
  // The reference: the document tree, entry by entry.
  std::size_t entries = 0;
  const auto document = nlohmann::json::parse(json);
  for (const auto& [facet_name, facet_entries] : document.items()) {
    Facet facet;
    REQUIRE(dossier::schema::parse_facet_name(facet_name, facet));
    for (const auto& [id, entry] : facet_entries.items()) {
      const EntityInfo* info = table.find(facet, id);
      REQUIRE(info != nullptr);
      CHECK(info->name == entry.at("name").get<std::string>());
      CHECK(info->parent == entry.value("parent", ""));
      CHECK(info->type == entry.value("type", ""));
      CHECK(info->folded_names == entry.at("names").get<std::vector<std::string>>());
      ++entries;
    }
  }
  CHECK(entries > 1000);
  const EntityTable extra(R"({"planet": {"x": {"name": "X", "names": [[1], {"a": 2}]}}, "ship": 3,
      "country": {"RU": {"name": "Russia", "names": ["russia"], "extra": {"deep": [1, {"x": null}]}, "rank": 2, "note": [true]},
                  "XK": {"names": ["kosovo"], "name": "Kosovo", "parent": ""}}})");
  REQUIRE(extra.find(Facet::Country, "RU") != nullptr);
  CHECK(extra.find(Facet::Country, "RU")->folded_names == std::vector<std::string>{"russia"});
  REQUIRE(extra.find(Facet::Country, "XK") != nullptr);
  CHECK(extra.find(Facet::Country, "XK")->name == "Kosovo");
}

TEST_CASE("EntityTable: a malformed table is a DatabaseError") {
  const std::string prefix = "corrupt entity table in the database metadata: ";
  const std::vector<std::string> bad = {
      "",                                                                  // not JSON (IndexReader reads "" as "{}")
      "{\"country\": ",                                                    // cut short
      R"({"country": {"RU": {"names": ["russia"]}}})",                     // no name
      R"({"country": {"RU": {"name": "Russia"}}})",                        // no names
      R"({"country": {"RU": {"name": 7, "names": []}}})",                  // name not a string
      R"({"country": {"RU": {"name": "Russia", "names": [1]}}})",          // a folded name not a string
      R"({"country": {"RU": {"name": "Russia", "names": [], "parent": 5}}})",  // parent not a string
      R"({"country": {"RU": "Russia"}})",                                  // entry not an object
      R"({"country": 3})",                                                 // facet not an object
      R"({"country": {"RU": {"name": "Russia", "names": "russia"}}})",     // names not an array
      R"({"country": {"RU": {"name": "Russia", "names": [["russia"]]}}})", // a name inside an array
      R"({"country": {"RU": {"name": {"x": 1}, "names": []}}})",           // name an object
      R"(["country"])",                                                    // not an object
      R"({"country": {"RU": {"name": "Russia", "names": []}}} trailing)",  // more after the table
  };
  for (const std::string& json : bad) {
    CAPTURE(json);
    const std::string message = error_reading(json);
    CHECK(message.rfind(prefix, 0) == 0);
  }
}

TEST_CASE("the discovered table: written, read back, and joined to the entity table") {
  dossier::Normaliser normaliser;
  dossier::DiscoveredEntities found;
  found["actor:jane-doe"] = {"actor", "jane-doe", "Jane Doe", "person", "", "", ""};
  found["actor:iraqi-armed-forces"] = {"actor", "iraqi-armed-forces", "Iraqi Armed Forces", "military", "IQ", "", ""};
  found["weapon:t-64"] = {"weapon", "t-64", "T-64", "system", "", "mbt", ""};
  const std::string json = dossier::encode_discovered(found, normaliser);
  const dossier::DiscoveredEntities back = dossier::parse_discovered(json);
  REQUIRE(back.size() == 3);
  CHECK(back.at("actor:iraqi-armed-forces").affiliation == "IQ");
  CHECK(back.at("weapon:t-64").parent == "mbt");
  CHECK(back.at("actor:jane-doe").folded_name == "jane doe");
  CHECK(dossier::parse_discovered("").empty());
  CHECK_THROWS_AS(dossier::parse_discovered("{\"actor\": {\"x\": {}}}"), dossier::DatabaseError);

  dossier::EntityTable table("{\"actor\":{\"jane-doe\":{\"name\":\"Jane Doe (gazetteer)\",\"names\":[\"jane doe\"]}}}");
  table.add_discovered(json);
  CHECK(table.display_name(dossier::schema::Facet::Actor, "jane-doe") == "Jane Doe (gazetteer)");  // the gazetteer's wins
  CHECK_FALSE(table.find(dossier::schema::Facet::Actor, "jane-doe")->discovered);
  REQUIRE(table.find(dossier::schema::Facet::Actor, "iraqi-armed-forces") != nullptr);
  CHECK(table.find(dossier::schema::Facet::Actor, "iraqi-armed-forces")->discovered);
  CHECK(table.resolve(dossier::schema::Facet::Actor, "Iraqi Armed Forces", normaliser) == "iraqi-armed-forces");
  CHECK(table.find(dossier::schema::Facet::Weapon, "t-64")->parent == "mbt");

  // Read straight from the JSON: the entries parse_discovered reads (the gazetteer's jane-doe kept).
  for (const auto& [key, entity] : back) {
    dossier::schema::Facet facet;
    REQUIRE(dossier::schema::parse_facet_name(entity.facet, facet));
    const EntityInfo* info = table.find(facet, entity.id);
    REQUIRE(info != nullptr);
    if (!info->discovered) continue;
    CHECK(info->name == entity.name);
    CHECK(info->parent == entity.parent);
    CHECK(info->type == entity.type);
    CHECK(info->folded_names == std::vector<std::string>{entity.folded_name});
  }
  dossier::EntityTable direct;
  CHECK_THROWS_AS(direct.add_discovered(std::string("{\"actor\": {\"x\": {}}}")), dossier::DatabaseError);
}

TEST_CASE("encode_entity_table with used entries: those, what they point to, and nothing else") {
  dossier::Normaliser normaliser;
  const auto gazetteer = dossier::make_gazetteer(
      {dossier::parse_gazetteer("@facet country\nid: RU\nname: Russia\nalias: Russia\n\nid: FR\nname: France\nalias: France\n",
                                "countries.gaz"),
       dossier::parse_gazetteer("@facet actor\nid: nato\nname: NATO\nexact: NATO\n\nid: kfor\nname: KFOR\naffiliation: nato\n"
                                "alias: KFOR\n\nid: lavrov\nname: Sergei Lavrov\naffiliation: RU\nalias: Sergei Lavrov\n",
                                "actors.gaz"),
       dossier::parse_gazetteer("@facet weapon\nid: mbt\nname: Tank\ntype: category\nalias: tank\n\nid: t-72\nname: T-72\n"
                                "category: mbt\nalias: T-72\n",
                                "weapons.gaz")});
  const std::set<std::string> used{"actor:kfor", "actor:lavrov", "weapon:t-72", "actor:not-in-gazetteer"};
  const std::string json = dossier::encode_entity_table(gazetteer, normaliser, &used);
  CHECK(dossier::entity_table_keys(json) ==
        std::set<std::string>{"actor:kfor", "actor:lavrov", "actor:nato", "country:RU", "weapon:mbt", "weapon:t-72"});
  const EntityTable table(json);
  CHECK(table.find(Facet::Country, "FR") == nullptr);  // never mentioned
  CHECK(table.resolve(Facet::Actor, "Sergei Lavrov", normaliser) == "lavrov");
  CHECK(dossier::entity_table_keys(dossier::encode_entity_table(gazetteer, normaliser)).size() == 7);  // no used: all
  CHECK_THROWS_AS(dossier::entity_table_keys("{"), dossier::DatabaseError);
}

TEST_CASE("named_by finds entities by a folded name or alias, designations without their spaces, never by id") {
  const dossier::EntityTable table(
      R"({"country":{"XK":{"name":"Kosovo","names":["kosovo","kosova"],"parent":"","type":"","affiliation":""}},)"
      R"("weapon":{"s-400":{"name":"S-400 Triumf","names":["s 400 triumf","s 400"],"parent":"air-defence","type":"system","affiliation":""}}})");
  using Ref = dossier::EntityTable::EntityRef;
  CHECK(table.named_by("kosova") == std::vector<Ref>{{dossier::schema::Facet::Country, "XK"}});
  CHECK(table.named_by("s 400") == std::vector<Ref>{{dossier::schema::Facet::Weapon, "s-400"}});
  CHECK(table.named_by("s400") == std::vector<Ref>{{dossier::schema::Facet::Weapon, "s-400"}});
  CHECK(table.named_by("xk").empty());  // an id is not a name
  CHECK(table.named_by("kos").empty());
}

TEST_CASE("named_by: the index (after the first lookups) finds what the scan finds, in the same order") {
  dossier::Normaliser normaliser;
  const EntityTable table(dossier::encode_entity_table(
      dossier::load_gazetteer_dir(dossier::testing::source_dir() + "/corpus/gazetteers"), normaliser));
  // Names shared by several entities, names of several parts met without spaces, misses.
  const std::vector<std::string> texts{"georgia", "s 400", "s400", "nato", "kosovo", "javelin", "russia", "united states",
                                       "unitedstates", "f 16", "f16", "no such name", "", "bayraktar tb2", "bayraktartb2"};
  std::size_t found = 0;
  for (int pass = 0; pass < 3; ++pass) {  // the first lookups scan, the later ones use the index
    for (const std::string& text : texts) {
      INFO(pass << ": " << text);
      const auto refs = table.named_by(text);
      CHECK(refs == table.named_by_scan(text));
      found += refs.size();
    }
  }
  CHECK(found > 20);
  CHECK(texts.size() > static_cast<std::size_t>(EntityTable::kScansBeforeIndex));  // so the index was used
}
