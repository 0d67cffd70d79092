// The entity table (metadata schema::kMetaEntityTable): every gazetteer entry's display name and
// folded names, written by the indexer and read by the searcher, which thus resolves facet names
// and shows display names with no gazetteer files of its own. Writer and reader live side by side
// here so that the format is defined once.
//
// The value is one JSON object: facet name (schema::facet_name) -> entry id -> entry:
//   {"country": {"RU": {"affiliation": "", "name": "Russia", "names": ["russia", "russian", ...],
//                       "parent": "", "type": ""}, ...},
//    "actor": {...}, "weapon": {...}}
// Keys are written in sorted order (nlohmann::json objects), without whitespace. Every entry has
// all five keys, each a string except "names":
//   "name"         the display name, as written in the gazetteer
//   "parent"       weapon systems: the id of their category entry; otherwise ""
//   "type"         actors: person, organisation, ...; weapons: category or system; otherwise ""
//   "affiliation"  actors: a country or organisation id; otherwise "" (not read by EntityTable)
//   "names"        folded names (Normaliser::fold_phrase): the display name first, then every
//                  other name of the entry, each once: the entry's own names (alias, exact,
//                  ambiguous, demonym, historical) in gazetteer order, then its places and
//                  metonyms (cities, regions, capitals: places of their own, not names of it)
// and, optionally (tables written before it have none, and all their names count as own):
//   "own"          how many of "names", from the first, name the entry itself
// Changing this shape changes what is on disk: bump schema::kFormatVersion (an optional key that
// older readers skip, as "own" is, needs none: they read the table as before).
//
// The discovered table (metadata schema::kMetaDiscovered): the entities that the indexer's
// recogniser found and no gazetteer lists, merged over every run, in the same shape as the entity
// table (facet -> id -> {"affiliation", "name", "names", "parent", "type"}; "names" holds the
// folded name only). The searcher
// reads both; an id in both is the gazetteer's.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/schema.h"

namespace dossier {

// The table of the gazetteer's entries, as JSON (above): every entry, or only those whose
// "facet:id" is in used (the indexer writes the entries its articles mention, and the countries
// and actors those are affiliated with, so that the table grows with the archive, not with the
// gazetteer: a world-scale actor list would otherwise put megabytes into every database and
// into every searcher's start).
std::string encode_entity_table(const Gazetteer& gazetteer, Normaliser& normaliser,
                                const std::set<std::string>* used = nullptr);
// The "facet:id" keys of a table's entries (what encode_entity_table's used was); throws
// DatabaseError when the JSON is malformed.
std::set<std::string> entity_table_keys(const std::string& json);

// An entity found by the recogniser (indexer/recogniser.h), not listed in a gazetteer.
struct DiscoveredEntity {
  std::string facet;  // "actor" or "weapon"
  std::string id;
  std::string name;
  std::string type;         // actor: person, organisation, military, ...; weapon: system
  std::string affiliation;  // actor: a country id (nationality + agent noun), else ""
  std::string parent;       // weapon: its category id
  std::string folded_name;  // read back from the table (encode_discovered folds name)
};
// Keyed "facet:id".
using DiscoveredEntities = std::map<std::string, DiscoveredEntity>;

// The discovered table's JSON (above), and back; parse throws DatabaseError when malformed.
std::string encode_discovered(const DiscoveredEntities& entities, Normaliser& normaliser);
DiscoveredEntities parse_discovered(const std::string& json);

struct EntityInfo {
  std::string name;
  bool discovered = false;  // from the discovered table
  std::string parent;  // weapon systems: their category id
  std::string type;
  std::vector<std::string> folded_names;  // folded display name and aliases
  // folded_names[0, own_names) name the entity itself; the rest are its places and metonyms
  // ("Sydney", "Moscow" for a country): a query word names the entity only by its own names.
  std::size_t own_names = kAllOwn;
  static constexpr std::size_t kAllOwn = static_cast<std::size_t>(-1);
  std::size_t own_count() const { return std::min(own_names, folded_names.size()); }
};

class EntityTable {
 public:
  EntityTable() = default;
  // A table read through the database's entity index (common/entity_index.h) rather than
  // parsed whole: each lookup reads the few keys it needs with get (a metadata read), so that a
  // one-shot search costs the same in an archive with ten actors or a hundred thousand. After
  // kLookupsBeforeLoad reads, or when every entry is needed (entity_ids, the scans), load fills
  // the table (with the JSON constructor's and add_discovered's readers) and get is no longer
  // used: a long-lived searcher ends up with the table in memory, as before.
  struct Source {
    std::function<std::string(const std::string& key)> get;  // "" when the key is absent
    std::function<void(EntityTable&)> load;
  };
  static EntityTable through_index(Source source);
  static constexpr int kLookupsBeforeLoad = 400;
  // Reads encode_entity_table()'s JSON into this table (what the JSON constructor does; an id
  // already present keeps its entry).
  void read_json(const std::string& json);
  // Parses encode_entity_table()'s JSON. Facets with an unknown name are skipped; "parent" and
  // "type" may be missing. Throws DatabaseError when the JSON is malformed or an entry lacks
  // "name" or "names" or has a value of the wrong type.
  explicit EntityTable(const std::string& json);
  // Adds the discovered table's JSON (encode_discovered), read straight into the entries (ids the
  // gazetteer has keep the gazetteer's entry); throws DatabaseError as parse_discovered does.
  void add_discovered(const std::string& json);

  const EntityInfo* find(schema::Facet facet, const std::string& id) const;
  // The same, except that an entry read through the index has no folded_names: what naming a
  // facet value or a filter needs (its name, parent, type). A rare word's facets name dozens of
  // values, and a country's record lists thousands of place names that find() would copy.
  const EntityInfo* find_without_names(schema::Facet facet, const std::string& id) const;
  // Display name, or the id itself when the entry is unknown.
  std::string display_name(schema::Facet facet, const std::string& id) const;
  // An id from an id (any case) or a name/alias (folded comparison); nullopt when unknown.
  std::optional<std::string> resolve(schema::Facet facet, const std::string& text, Normaliser& normaliser) const;
  // The same by a plain scan over every entry, in id order: the reference resolve() is tested
  // against (tests/common/test_entity_table.cpp).
  std::optional<std::string> resolve_by_scan(schema::Facet facet, const std::string& text, Normaliser& normaliser) const;

  // The entities one of whose names (display name or alias, folded; never an id) is exactly
  // folded_text, or is it without spaces for a name of several parts ("s400" is "s 400"): what
  // a query's words name (searcher/query_builder). Sorted by facet, then id.
  struct EntityRef {
    schema::Facet facet;
    std::string id;
    bool operator==(const EntityRef&) const = default;
  };
  std::vector<EntityRef> named_by(const std::string& folded_text) const;
  // The same by a scan over every name, without the index: what named_by does for its first
  // kScansBeforeIndex lookups (and the reference its index is tested against).
  std::vector<EntityRef> named_by_scan(const std::string& folded_text) const;

  // named_by and resolve scan the entries for this many lookups before building their index: a
  // one-shot search looks up a handful of words and filters, and building an index over every
  // name of tens of thousands of entries cost more than that; a long-lived searcher (an
  // interactive session, a benchmark) gets the index on its next lookup.
  static constexpr int kScansBeforeIndex = 12;

 private:
  friend std::map<std::string, std::string> entity_index_records(const EntityTable& table);
  // Through the index (source_ set): the same answers as the in-memory paths, read key by key.
  const EntityInfo* find_indexed(schema::Facet facet, const std::string& id) const;
  const EntityInfo* find_without_names_indexed(schema::Facet facet, const std::string& id) const;
  const EntityInfo* whole_entry(char code, const std::string& id) const;  // in entries_, or nullptr
  // The e. record of "<facet><id>" through the index; "" when absent (remembered in absent_).
  std::string entity_record(const std::string& local) const;
  std::optional<std::string> resolve_indexed(schema::Facet facet, const std::string& text, Normaliser& normaliser) const;
  std::vector<EntityRef> named_by_indexed(const std::string& folded_text) const;
  std::string index_get(const std::string& key) const;  // counts the read
  // Whether this lookup goes through the index: loads the table first when reads were many.
  bool through_index() const;
  void load_all() const;  // fills the table from source_->load and stops reading through the index

  mutable std::optional<Source> source_;
  mutable std::set<std::string> absent_;  // "<facet><id>" read through the index and not there
  // "<facet><id>" -> the entry read through the index without its names (find_without_names);
  // kept apart from entries_, which hold whole entries only.
  mutable std::map<std::string, EntityInfo> without_names_;
  mutable int index_reads_ = 0;

  friend std::vector<std::string> entity_ids(const EntityTable& table, schema::Facet facet, std::string_view prefix);
  // Mutable: a table read through the index adds the entries it has read.
  mutable std::map<char, std::map<std::string, EntityInfo>> entries_;
  // named_by's index, built on its first call (folded name -> entities, and the same for the
  // spaceless forms of names of several parts). Not thread-safe: each searcher has its table.
  mutable std::map<std::string, std::vector<EntityRef>> by_name_, by_compact_name_;
  mutable bool name_index_built_ = false;
  // Builds by_name_ and by_compact_name_ (once) and returns by_name_: named_by's index, and what
  // entity_index_records writes.
  const std::map<std::string, std::vector<EntityRef>>& name_index() const;
  mutable int name_scans_ = 0, resolve_scans_ = 0;
  // resolve()'s index, per facet, built on its first call: each key maps to the first id in id
  // order that has it, which is what a scan of the entries in order would find (the scan itself is
  // resolve_by_scan, the reference the tests compare with). A facet query resolved by scanning
  // lower-cased every id and name of thousands of actors per query.
  struct ResolveIndex {
    std::unordered_map<std::string, std::string> ids;           // id, ASCII lower-case
    std::unordered_map<std::string, std::string> names;         // folded display name
    std::unordered_map<std::string, std::string> aliases;       // folded alias
    std::unordered_map<std::string, std::string> compact;       // any name of several parts, spaces removed
  };
  mutable std::map<char, ResolveIndex> resolve_index_;
  mutable bool resolve_index_built_ = false;
  const ResolveIndex& resolve_index(char facet) const;
  void forget_indexes();  // after entries are added: the indexes are built again when needed
};

// How texts are compared with names and ids, by the table and by its index
// (common/entity_index.h): ids in ASCII lower case; names folded as the indexer folds them
// (automatic script detection, then the Serbian and Ukrainian transliterations where they
// differ); designations also without their spaces.
std::string entity_key_lower(std::string s);
std::string without_spaces(std::string s);
std::vector<std::string> folded_forms_of(const std::string& text, Normaliser& normaliser);

// The ids of one facet that start with prefix (ASCII case ignored), in id order: what Tab
// completes after :country or actor: in dossier-search -i.
std::vector<std::string> entity_ids(const EntityTable& table, schema::Facet facet, std::string_view prefix);

}  // namespace dossier
