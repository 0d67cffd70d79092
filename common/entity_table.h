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
//                  other name of the entry in gazetteer order, each once
// Changing this shape changes what is on disk: bump schema::kFormatVersion.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/schema.h"

namespace dossier {

// The table of every entry of the gazetteer, as JSON (above).
std::string encode_entity_table(const Gazetteer& gazetteer, Normaliser& normaliser);

struct EntityInfo {
  std::string name;
  std::string parent;  // weapon systems: their category id
  std::string type;
  std::vector<std::string> folded_names;  // folded display name and aliases
};

class EntityTable {
 public:
  EntityTable() = default;
  // Parses encode_entity_table()'s JSON. Facets with an unknown name are skipped; "parent" and
  // "type" may be missing. Throws DatabaseError when the JSON is malformed or an entry lacks
  // "name" or "names" or has a value of the wrong type.
  explicit EntityTable(const std::string& json);

  const EntityInfo* find(schema::Facet facet, const std::string& id) const;
  // Display name, or the id itself when the entry is unknown.
  std::string display_name(schema::Facet facet, const std::string& id) const;
  // An id from an id (any case) or a name/alias (folded comparison); nullopt when unknown.
  std::optional<std::string> resolve(schema::Facet facet, const std::string& text, Normaliser& normaliser) const;

 private:
  std::map<char, std::map<std::string, EntityInfo>> entries_;
};

}  // namespace dossier
