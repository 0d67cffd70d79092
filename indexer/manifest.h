// What the database holds from each source file, stored in the meta database's metadata in the
// same commit as the passages it describes: a rerun reads only new or changed files, indexes
// only new or changed articles in them, and deletes articles whose source is gone.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dossier {

struct ManifestArticle {
  std::string id;
  std::uint64_t hash = 0;  // Article::source_hash
};

struct ManifestEntry {
  std::string path;       // canonical
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::vector<ManifestArticle> articles;
  std::size_t problems = 0;  // lines or articles skipped: --retry-failed reads the file again
};

std::string manifest_key(const std::string& canonical_path);
std::string encode_manifest(const ManifestEntry& entry);
// Throws DatabaseError for a damaged entry.
ManifestEntry decode_manifest(const std::string& json);

// Every entry, by path.
std::map<std::string, ManifestEntry> load_manifest(Xapian::Database& meta);

}  // namespace dossier
