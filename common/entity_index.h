// The entity index: the entity table and the discovered table (common/entity_table.h) merged
// and kept as one metadata key per entry and per name, so that a searcher reads only the entries
// a query names instead of parsing both tables (megabytes of JSON in an archive with tens of
// thousands of actors) at every start. Written by the indexer at the end of a run, read by
// EntityTable::through_index; writer and reader side by side here.
//
// Keys, all under schema::kMetaEntityIndexPrefix ("dossier.entities."); <f> is the facet's code
// character (schema::Facet), <text> a folded name or a lower-case id:
//   version            "1" when every key below is present and matches both tables
//   e.<f><id>          the entry: {"name", "names", "parent", "type", "discovered"} (JSON), and
//                      "own" (EntityInfo::own_names) where the table gave it
//   n.<text>           named_by's answer for a folded name (the entries' own names only):
//                      "<f><id>" lines, facet then id order
//   c.<text>           the same for names of several parts met without their spaces
//   r.<f><kind>.<text> resolve's answer for one kind of key: i (the id, ASCII lower-case),
//                      n (display name), a (alias), c (a name of several parts without its
//                      spaces); the first id in id order that has it
// A text longer than kMaxKeyText bytes is cut there and followed by '#' and the hex FNV-1a hash
// of the whole text (Xapian's keys are at most ~245 bytes).
//
// The tables stay the reference: an indexing commit that changes either removes "version" (an
// interrupted run leaves readers parsing the tables, as before the index existed), and the run's
// last commit writes the index again. A database without "version" is read the old way.
// Changing this shape: bump kEntityIndexVersion (readers of another version parse the tables).
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "common/entity_table.h"

namespace dossier {

inline constexpr std::string_view kEntityIndexVersion = "1";
inline constexpr std::size_t kMaxKeyText = 180;

// Keys of the index (above).
std::string entity_index_key(char family, std::string_view text);                         // e, n, c
std::string entity_resolve_key(schema::Facet facet, char kind, std::string_view text);   // r.<f><kind>.

// Every key of the index and its value (without "version"), from a table held in memory.
std::map<std::string, std::string> entity_index_records(const EntityTable& table);
// The "<f><id>" lines of an n. or c. value, and back.
std::string encode_entity_refs(const std::vector<EntityTable::EntityRef>& refs);
std::vector<EntityTable::EntityRef> decode_entity_refs(const std::string& value);
// An e. value, and back; decode throws DatabaseError when it is malformed. RecordNames::Skip
// leaves folded_names empty (the names are still checked, not copied): naming a facet value needs
// only the display name, and a country's record lists thousands of its places.
enum class RecordNames { Read, Skip };
std::string encode_entity_record(const EntityInfo& info);
EntityInfo decode_entity_record(const std::string& value, RecordNames names = RecordNames::Read);

// Both tables of a database, parsed (the reference; what a reader does without the index).
EntityTable read_entity_tables(const Xapian::Database& db);
// The same into table (an id already there keeps its entry): EntityTable::Source::load.
void read_entity_tables(const Xapian::Database& db, EntityTable& table);
// True when db holds an index of this version.
bool entity_index_current(const Xapian::Database& db);
// The indexer's side: writes the index of table into meta (changed keys only, stale ones
// removed, "version" last); invalidate removes "version" (before a commit that changes a table).
void write_entity_index(Xapian::WritableDatabase& meta, const EntityTable& table);
void invalidate_entity_index(Xapian::WritableDatabase& meta);

}  // namespace dossier
