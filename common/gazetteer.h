// Gazetteer files (corpus/gazetteers/*.gaz, format in corpus/gazetteers/FORMAT.md): loading and
// validation. Any malformed line is a GazetteerError naming the file and line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/schema.h"

namespace dossier {

struct GazetteerName {
  std::string text;   // as written in the file
  std::string rule;   // "alias", "demonym", "metonym", "place", "historical"
  bool exact = false;      // case must match the text exactly
  bool ambiguous = false;  // needs a context cue nearby
  // A name of the entry itself, not one of its places or metonyms (a city or capital standing
  // for its country is a place of its own: a query for it is not a query for the country).
  bool own() const { return rule != "place" && rule != "metonym"; }
};

struct GazetteerEntry {
  schema::Facet facet = schema::Facet::Country;
  std::string id;
  std::string name;
  std::string type;         // actor: organisation/person/...; weapon: category/system
  std::string category;     // weapon systems: the id of their category entry
  std::string affiliation;  // actors: a country or organisation id
  std::vector<GazetteerName> names;
  std::vector<std::string> cues;
  std::vector<std::string> vetoes;
  std::string origin;  // "path:line" of the id line
};

struct GazetteerFile {
  schema::Facet facet = schema::Facet::Country;
  std::vector<std::string> cues;
  std::size_t cue_window = 8;
  std::vector<GazetteerEntry> entries;
  std::string path;
};

struct Gazetteer {
  std::vector<GazetteerFile> files;
  std::string version;  // content hash over every file, stored in the index metadata

  const GazetteerEntry* find(schema::Facet facet, std::string_view id) const;
  std::size_t entry_count() const;

  // facet letter + id -> (file, entry) indices, built by make_gazetteer: find() is called for
  // every mention while tagging, and a world-scale gazetteer has thousands of entries. Indices,
  // not pointers, so that a copy of the Gazetteer stays valid. Empty: find() scans.
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> index;
};

// Parses one file's content; path is used in messages only.
GazetteerFile parse_gazetteer(std::string_view content, const std::string& path);

// Loads every *.gaz file in dir (sorted by name) and checks cross-references (a weapon system's
// category must exist; ids are unique per facet).
Gazetteer load_gazetteer_dir(const std::string& dir);

// Builds a Gazetteer from already parsed files (used by tests) and validates it.
Gazetteer make_gazetteer(std::vector<GazetteerFile> files);

}  // namespace dossier
