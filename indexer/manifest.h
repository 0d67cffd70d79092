// What the database holds from each source file, stored in the meta database's metadata in the
// same commit as the passages it describes: a rerun reads only new or changed files, indexes
// only new or changed articles in them, and deletes articles whose source is gone.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dossier {

struct ManifestArticle {
  std::string id;
  std::uint64_t hash = 0;  // Article::source_hash
  // The indexing run that last wrote its text (schema::kPrefixRun): kept when a run only tags it
  // again; 0 in entries written before runs were numbered (index format 7).
  std::uint64_t run = 0;
};

struct ManifestEntry {
  std::string path;       // canonical
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::vector<ManifestArticle> articles;
  std::size_t problems = 0;  // lines or articles skipped: --retry-failed reads the file again
  // The default id (plain text) or id prefix (JSONL) the file was given: kept on later runs, and
  // no other file gets it (indexer/article_owners.h). Empty in entries of older runs.
  std::string id_base;
};

std::string manifest_key(const std::string& canonical_path);
std::string encode_manifest(const ManifestEntry& entry);
// Throws DatabaseError for a damaged entry.
ManifestEntry decode_manifest(const std::string& json);

// Every entry, by path.
std::map<std::string, ManifestEntry> load_manifest(Xapian::Database& meta);

// One file read again, against its entry from the last run: which articles are unchanged (same id,
// same source hash), the articles of its new entry, and which articles it no longer has. Hash
// lookups, so a file of many articles (a large JSONL) costs linear time, not quadratic.
class ManifestDiff {
 public:
  // previous: the file's entry from the last run; nullptr for a file new to the manifest.
  explicit ManifestDiff(const ManifestEntry* previous);

  // Records an article read from the file, returning true when the previous entry had the same
  // id with the same hash. The new entry lists each id once, in first-seen order; an id repeated
  // within the file keeps its place and takes the latest hash, and is still compared with the
  // previous entry, not with its earlier occurrence.
  // run: the run writing the article if it changed; an unchanged one keeps the run the previous
  // entry gave it (last_run() says which).
  bool note(const std::string& id, std::uint64_t hash, std::uint64_t run = 0);
  // The run the article of the latest note() has in the new entry.
  std::uint64_t last_run() const { return last_run_; }

  // The new entry's articles, in first-seen order; take_articles() after the last note().
  const std::vector<ManifestArticle>& articles() const { return articles_; }
  std::vector<ManifestArticle> take_articles() { return std::move(articles_); }

  // Ids the previous entry has and no note() named: their articles are gone from the file.
  std::vector<std::string> removed() const;
  // The same, with the hashes the previous entry gave them.
  std::vector<ManifestArticle> removed_articles() const;

 private:
  std::unordered_map<std::string, std::pair<std::uint64_t, std::uint64_t>> previous_;  // id -> hash, run
  std::unordered_map<std::string, std::size_t> positions_;   // id -> index in articles_
  std::vector<ManifestArticle> articles_;
  std::uint64_t last_run_ = 0;
};

}  // namespace dossier
