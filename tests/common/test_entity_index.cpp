// Tests for common/entity_index.cpp: a table read through the entity index answers exactly what
// the table parsed whole answers (find, resolve, named_by), reads few keys for it, loads the
// whole table when lookups are many or every entry is needed; and the index as written into a
// Xapian database (stale keys removed, the version key last, invalidation).
#include "common/entity_index.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "test_support.h"

using dossier::EntityTable;
using dossier::schema::Facet;

namespace {

// The shipped gazetteers, ties of every kind, a long name, and discovered entries (one with an id
// the gazetteer has too).
struct Tables {
  std::string json, discovered;
};

Tables sample_tables(dossier::Normaliser& normaliser) {
  auto gazetteer = dossier::load_gazetteer_dir(dossier::testing::source_dir() + "/corpus/gazetteers");
  const std::string long_name(300, 'x');
  gazetteer.files.push_back(dossier::parse_gazetteer(
      "@facet actor\n"
      "id: zz-9\nname: Shared Name\ntype: organisation\nalias: S 400 | Both\n"
      "id: aa-1\nname: Both\ntype: organisation\nalias: Shared Name | SA 400\n"
      "id: aa-1x\nname: Other\ntype: organisation\nalias: s 400 | Shared Name | Россия\n"
      "id: long-one\nname: " + long_name + " a\ntype: person\nalias: " + long_name + " b\n",
      "extra-actors.gaz"));
  Tables tables;
  tables.json = dossier::encode_entity_table(dossier::make_gazetteer(std::move(gazetteer.files)), normaliser);
  dossier::DiscoveredEntities found;
  found["actor:jane-doe"] = {"actor", "jane-doe", "Jane Doe", "person", "", "", ""};
  found["actor:zz-9"] = {"actor", "zz-9", "Not The Gazetteer's", "person", "", "", ""};
  found["weapon:t-64"] = {"weapon", "t-64", "T-64", "system", "", "mbt", ""};
  tables.discovered = dossier::encode_discovered(found, normaliser);
  return tables;
}

EntityTable whole(const Tables& tables) {
  EntityTable table(tables.json);
  table.add_discovered(tables.discovered);
  return table;
}

struct Indexed {
  const std::map<std::string, std::string>* records = nullptr;
  int reads = 0;
  int loads = 0;
  EntityTable table;
};

void open_indexed(Indexed& indexed, const Tables& tables, const std::map<std::string, std::string>& records) {
  indexed.records = &records;
  EntityTable::Source source;
  source.get = [&indexed](const std::string& key) {
    ++indexed.reads;
    const auto it = indexed.records->find(key);
    return it == indexed.records->end() ? std::string() : it->second;
  };
  source.load = [&indexed, tables](EntityTable& table) {
    ++indexed.loads;
    table.read_json(tables.json);
    table.add_discovered(tables.discovered);
  };
  indexed.table = EntityTable::through_index(std::move(source));
}

// Texts to look up: every id and name of a spread of entries, in several spellings, and misses.
std::vector<std::pair<Facet, std::string>> probes(const Tables& tables) {
  std::vector<std::pair<Facet, std::string>> out;
  for (const std::string& json : {tables.json, tables.discovered}) {
    const nlohmann::json parsed = nlohmann::json::parse(json);
    for (const auto& [facet_name, entries] : parsed.items()) {
      Facet facet;
      REQUIRE(dossier::schema::parse_facet_name(facet_name, facet));
      std::size_t seen = 0;
      for (const auto& [id, entry] : entries.items()) {
        if (seen++ % 97 != 0 && id.find("zz") == std::string::npos && id.find("aa") == std::string::npos &&
            id != "long-one") {
          continue;
        }
        out.emplace_back(facet, id);
        out.emplace_back(facet, id + "x");
        std::string upper = id;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.emplace_back(facet, upper);
        out.emplace_back(facet, entry.at("name").get<std::string>());
        for (const auto& name : entry.at("names")) {
          std::string spaceless = name.get<std::string>();
          std::erase(spaceless, ' ');
          out.emplace_back(facet, name.get<std::string>());
          out.emplace_back(facet, spaceless);
        }
      }
    }
  }
  for (const char* miss : {"", "no such name", "s400", "SA-400", "Россия", "georgia", "Kosova"}) {
    for (Facet facet : {Facet::Country, Facet::Actor, Facet::Weapon}) out.emplace_back(facet, miss);
  }
  return out;
}

}  // namespace

TEST_CASE("entity index: every answer through the index is the whole table's") {
  dossier::Normaliser normaliser;
  const Tables tables = sample_tables(normaliser);
  const EntityTable reference = whole(tables);
  const auto records = dossier::entity_index_records(reference);
  const auto texts = probes(tables);
  REQUIRE(texts.size() > 200);

  std::size_t compared = 0;
  for (std::size_t start = 0; start < texts.size(); start += 25) {
    // A fresh table every 25 probes, so that all of them are answered through the index.
    Indexed indexed;
    open_indexed(indexed, tables, records);
    for (std::size_t i = start; i < std::min(texts.size(), start + 25); ++i) {
      const auto& [facet, text] = texts[i];
      INFO(dossier::schema::facet_name(facet) << ": " << text);
      CHECK(indexed.table.resolve(facet, text, normaliser) == reference.resolve(facet, text, normaliser));
      const std::string folded = normaliser.fold_phrase(text);
      CHECK(indexed.table.named_by(folded) == reference.named_by(folded));  // tested against the scan in test_entity_table
      const dossier::EntityInfo* want = reference.find(facet, text);
      const dossier::EntityInfo* got = indexed.table.find(facet, text);
      REQUIRE((want == nullptr) == (got == nullptr));
      if (want != nullptr) {
        CHECK(got->name == want->name);
        CHECK(got->folded_names == want->folded_names);
        CHECK(got->parent == want->parent);
        CHECK(got->type == want->type);
        CHECK(got->discovered == want->discovered);
      }
      CHECK(indexed.table.display_name(facet, text) == reference.display_name(facet, text));
      // Without the names, in a table of its own (so that find() above has not read the entry).
      Indexed names_apart;
      open_indexed(names_apart, tables, records);
      const dossier::EntityInfo* named = names_apart.table.find_without_names(facet, text);
      REQUIRE((want == nullptr) == (named == nullptr));
      if (want != nullptr) {
        CHECK(named->name == want->name);
        CHECK(named->folded_names.empty());
        CHECK(named->parent == want->parent);
        CHECK(named->type == want->type);
        CHECK(named->discovered == want->discovered);
        // An entry find() has read whole is given whole.
        CHECK(indexed.table.find_without_names(facet, text)->folded_names == want->folded_names);
      }
      ++compared;
    }
    CHECK(indexed.loads == 0);
    CHECK(indexed.reads < EntityTable::kLookupsBeforeLoad);
  }
  CHECK(compared == texts.size());
  // The gazetteer's entry wins over a discovered one with its id, as in the whole table.
  Indexed indexed;
  open_indexed(indexed, tables, records);
  CHECK(indexed.table.display_name(Facet::Actor, "zz-9") == "Shared Name");
  CHECK_FALSE(indexed.table.find(Facet::Actor, "zz-9")->discovered);
  CHECK(indexed.table.find(Facet::Actor, "jane-doe")->discovered);
}

TEST_CASE("entity index: many lookups load the whole table once; so does listing ids") {
  dossier::Normaliser normaliser;
  const Tables tables = sample_tables(normaliser);
  const EntityTable reference = whole(tables);
  const auto records = dossier::entity_index_records(reference);
  Indexed indexed;
  open_indexed(indexed, tables, records);
  const dossier::EntityInfo* early = indexed.table.find(Facet::Country, "RU");
  REQUIRE(early != nullptr);
  const auto texts = probes(tables);
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [facet, text] : texts) {
      CHECK(indexed.table.resolve(facet, text, normaliser) == reference.resolve(facet, text, normaliser));
    }
  }
  CHECK(indexed.loads == 1);
  CHECK(indexed.reads < EntityTable::kLookupsBeforeLoad + 40);  // one lookup's reads past the limit at most
  CHECK(indexed.table.find(Facet::Country, "RU") == early);  // entries read before the load stay where they were
  CHECK(dossier::entity_ids(indexed.table, Facet::Actor, "aa") == dossier::entity_ids(reference, Facet::Actor, "aa"));

  Indexed listing;
  open_indexed(listing, tables, records);
  CHECK(dossier::entity_ids(listing.table, Facet::Country, "r") == dossier::entity_ids(reference, Facet::Country, "r"));
  CHECK(listing.loads == 1);
}

TEST_CASE("entity index: keys within Xapian's limit, records and refs read back, corrupt records refused") {
  dossier::Normaliser normaliser;
  const auto records = dossier::entity_index_records(whole(sample_tables(normaliser)));
  for (const auto& [key, value] : records) {
    INFO(key);
    CHECK(key.size() <= 240);
    CHECK_FALSE(value.empty());
  }
  const std::string long_text(500, 'y');
  CHECK(dossier::entity_index_key('n', long_text) != dossier::entity_index_key('n', long_text + "z"));
  CHECK(dossier::entity_index_key('n', long_text).size() <= 240);

  const std::vector<EntityTable::EntityRef> refs{{Facet::Actor, "a-b"}, {Facet::Weapon, "s-400"}};
  CHECK(dossier::decode_entity_refs(dossier::encode_entity_refs(refs)) == refs);
  CHECK(dossier::decode_entity_refs("").empty());
  CHECK(dossier::decode_entity_refs("?x\nAok\n").size() == 1);  // an unknown facet is skipped
  dossier::EntityInfo info;
  info.name = "Name";
  info.folded_names = {"name", "alias"};
  info.parent = "p";
  info.type = "t";
  info.discovered = true;
  const dossier::EntityInfo back = dossier::decode_entity_record(dossier::encode_entity_record(info));
  CHECK(back.name == "Name");
  CHECK(back.folded_names == info.folded_names);
  CHECK(back.discovered);
  CHECK(back.parent == "p");
  CHECK(back.type == "t");
  CHECK_THROWS_AS(dossier::decode_entity_record("{\"name\": 1}"), dossier::DatabaseError);
  CHECK_THROWS_AS(dossier::decode_entity_record("not json"), dossier::DatabaseError);
}

TEST_CASE("entity records: every encoded record reads back; any other shape is a DatabaseError") {
  // The reader fills the EntityInfo as it parses (no JSON tree): checked against records of every
  // shape the writer makes, and against the shapes it never makes.
  for (const bool discovered : {false, true}) {
    for (const std::size_t names : {0U, 1U, 40U}) {
      dossier::EntityInfo info;
      info.name = "Aleksandar Vu\u010di\u0107 \"A.V.\" \\ \t";
      for (std::size_t i = 0; i < names; ++i) info.folded_names.push_back("name " + std::to_string(i));
      info.parent = discovered ? "" : "parent-id";
      info.type = names == 1 ? "" : "person";
      info.discovered = discovered;
      for (const std::size_t own : {dossier::EntityInfo::kAllOwn, std::size_t{0}, names / 2}) {
        info.own_names = own;
        const dossier::EntityInfo back = dossier::decode_entity_record(dossier::encode_entity_record(info));
        CHECK(back.name == info.name);
        CHECK(back.folded_names == info.folded_names);
        CHECK(back.parent == info.parent);
        CHECK(back.type == info.type);
        CHECK(back.discovered == info.discovered);
        CHECK(back.own_names == info.own_names);
        // Without the names: every other field, and no names.
        const dossier::EntityInfo named =
            dossier::decode_entity_record(dossier::encode_entity_record(info), dossier::RecordNames::Skip);
        CHECK(named.name == info.name);
        CHECK(named.folded_names.empty());
        CHECK(named.parent == info.parent);
        CHECK(named.type == info.type);
        CHECK(named.discovered == info.discovered);
        CHECK(named.own_names == info.own_names);
      }
    }
  }
  // Fields in another order, and one the writer does not know, read the same.
  const dossier::EntityInfo reordered = dossier::decode_entity_record(
      R"({"discovered": false, "extra": 3, "type": "t", "parent": "", "names": ["a", "b"], "name": "N"})");
  CHECK(reordered.name == "N");
  CHECK(reordered.folded_names == std::vector<std::string>{"a", "b"});
  const std::vector<std::string> bad = {
      "",
      "[]",
      "\"name\"",
      "1",
      R"({"names": [], "parent": "", "type": "", "discovered": false})",           // no name
      R"({"name": "N", "parent": "", "type": "", "discovered": false})",           // no names
      R"({"name": "N", "names": [], "parent": "", "type": ""})",                   // no discovered
      R"({"name": "N", "names": "a", "parent": "", "type": "", "discovered": false})",
      R"({"name": "N", "names": [1], "parent": "", "type": "", "discovered": false})",
      R"({"name": "N", "names": [["a"]], "parent": "", "type": "", "discovered": false})",
      R"({"name": "N", "names": [], "parent": null, "type": "", "discovered": false})",
      R"({"name": "N", "names": [], "parent": "", "type": "", "discovered": "yes"})",
      R"({"name": {"first": "N"}, "names": [], "parent": "", "type": "", "discovered": false})",
      R"({"name": "N", "names": [], "parent": "", "type": "", "discovered": false)",  // cut short
      R"({"name": "N", "names": [], "parent": "", "type": "", "discovered": false, "own": "1"})",
      R"({"name": "N", "names": [], "parent": "", "type": "", "discovered": false, "own": -1})",
      R"({"name": "N", "names": [], "parent": "", "type": "", "discovered": false, "own": [1]})",
  };
  for (const std::string& record : bad) {
    CAPTURE(record);
    CHECK_THROWS_AS(dossier::decode_entity_record(record), dossier::DatabaseError);
    CHECK_THROWS_AS(dossier::decode_entity_record(record, dossier::RecordNames::Skip), dossier::DatabaseError);
  }
  // Names read by nlohmann (a record in another layout) are left out too.
  CHECK(dossier::decode_entity_record(R"({"discovered": false, "type": "t", "parent": "", "names": ["a", "b"], "name": "N"})",
                                      dossier::RecordNames::Skip)
            .folded_names.empty());
}

TEST_CASE("entity index in a database: written whole, rewritten without stale keys, invalidated") {
  dossier::Normaliser normaliser;
  dossier::testing::TempDir dir;
  Xapian::WritableDatabase meta(dir.file("meta"), Xapian::DB_CREATE_OR_OPEN);
  const Tables tables = sample_tables(normaliser);
  meta.set_metadata(std::string(dossier::schema::kMetaEntityTable), tables.json);
  meta.set_metadata(std::string(dossier::schema::kMetaDiscovered), tables.discovered);
  CHECK_FALSE(dossier::entity_index_current(meta));
  dossier::write_entity_index(meta, dossier::read_entity_tables(meta));
  meta.commit();
  CHECK(dossier::entity_index_current(meta));
  const auto keys = [&] {
    std::map<std::string, std::string> out;
    const std::string prefix(dossier::schema::kMetaEntityIndexPrefix);
    for (auto key = meta.metadata_keys_begin(prefix); key != meta.metadata_keys_end(prefix); ++key) {
      out[*key] = meta.get_metadata(*key);
    }
    return out;
  };
  auto expected = dossier::entity_index_records(whole(tables));
  expected[std::string(dossier::schema::kMetaEntityIndexPrefix) + "version"] = "1";
  CHECK(keys() == expected);

  // A smaller table: the keys of the entries it lost are gone.
  const std::string smaller = R"({"country":{"RU":{"name":"Russia","names":["russia"],"parent":"","type":""}}})";
  meta.set_metadata(std::string(dossier::schema::kMetaEntityTable), smaller);
  meta.set_metadata(std::string(dossier::schema::kMetaDiscovered), "");
  dossier::invalidate_entity_index(meta);
  CHECK_FALSE(dossier::entity_index_current(meta));
  dossier::write_entity_index(meta, dossier::read_entity_tables(meta));
  meta.commit();
  expected = dossier::entity_index_records(EntityTable(smaller));
  expected[std::string(dossier::schema::kMetaEntityIndexPrefix) + "version"] = "1";
  CHECK(keys() == expected);
  CHECK(expected.size() == 5);  // e, n, r.i, r.n and version
}
