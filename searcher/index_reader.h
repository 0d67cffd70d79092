// Opening a Dossier database for search: format check, and the entity table the indexer
// stored (display names and folded names of every gazetteer entry).
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"

namespace dossier {

struct EntityInfo {
  std::string name;
  std::string parent;  // weapon systems: their category id
  std::string type;
  std::vector<std::string> folded_names;  // folded display name and aliases
};

class EntityTable {
 public:
  EntityTable() = default;
  explicit EntityTable(const std::string& json);

  const EntityInfo* find(schema::Facet facet, const std::string& id) const;
  // Display name, or the id itself when the entry is unknown.
  std::string display_name(schema::Facet facet, const std::string& id) const;
  // An id from an id (any case) or a name/alias (folded comparison); nullopt when unknown.
  std::optional<std::string> resolve(schema::Facet facet, const std::string& text, Normaliser& normaliser) const;

 private:
  std::map<char, std::map<std::string, EntityInfo>> entries_;
};

class IndexReader {
 public:
  // Throws DatabaseError when the database is missing, unreadable or of another format.
  explicit IndexReader(std::string path);

  Xapian::Database& database() { return db_; }
  const std::string& path() const { return path_; }
  const EntityTable& entities();  // loaded on first use
  // Picks up the latest committed revision; true when there was a newer one.
  bool reopen();

  // Every passage of one article, in order (empty when the id is unknown).
  std::vector<PassageRecord> article(const std::string& article_id);

 private:
  void check_meta(int attempt, int attempts) const;

  std::string path_;
  Xapian::Database db_;
  std::unique_ptr<EntityTable> entities_;
};

}  // namespace dossier
