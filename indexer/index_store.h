// The database directory as the indexer sees it (layout in common/schema.h): creates it, takes
// the write lock (recording who holds it), lists the shards and their article shards, and makes
// the result durable.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace dossier {

struct StoreOptions {
  std::string path;
  std::size_t shards = 1;       // used only when the database is created
  double wait_lock_seconds = 0; // > 0: wait this long for another indexer to finish
  bool durable_commits = false; // fsync at every commit (slower) instead of once at the end
};

// Keeps a writable database open, unused, until the process exits, instead of closing it: its
// uncommitted changes are dropped, never committed. Xapian's destructor and close() commit
// whatever is pending, which after a failed write (a full disk) means writing again into tables
// whose state in memory no longer matches the disk; a database given up this way stays at its
// last commit. Its write lock is held until exit.
void abandon_database(std::unique_ptr<Xapian::WritableDatabase> db);

class IndexStore {
 public:
  // Throws DatabaseError: locked ("locked by PID N on HOST since TIME"), not a Dossier
  // database, another format version, or a file system error.
  explicit IndexStore(const StoreOptions& options);
  ~IndexStore();
  IndexStore(const IndexStore&) = delete;
  IndexStore& operator=(const IndexStore&) = delete;

  Xapian::WritableDatabase& meta() { return *meta_; }
  // After a failed commit of meta(): see abandon_database. The run must stop.
  void abandon_meta() { abandon_database(std::move(meta_)); }
  const std::vector<std::string>& shard_paths() const { return shard_paths_; }
  // DIR/articles-NNN of each shard, in the same order (article_paths()[i] goes with
  // shard_paths()[i]). Created with the layout; not listed in the stub.
  const std::vector<std::string>& article_paths() const { return article_paths_; }
  bool created() const { return created_; }
  int open_flags() const;  // for the shard writers

  // fsync every file and directory of the database, then release nothing: the run is durable.
  void sync_to_disk() const;

  // Rewrites every shard and article shard with Xapian's compaction (blocks filled, docids kept,
  // so the facet slot's article keys and later incremental runs stay valid), up to `jobs` at a
  // time: each into SHARD.compacting, then swapped in (SHARD -> SHARD.old, SHARD.compacting ->
  // SHARD, SHARD.old removed). The writers must be closed. Throws DatabaseError.
  void compact_shards(std::size_t jobs) const;

  // The shards (by number) of which the shard or its article shard is missing or fails
  // Xapian's check; what each check found goes to out.
  std::vector<std::size_t> damaged_shards(std::ostream& out) const;

  // Moves shard s and its article shard aside (SHARD.damaged, numbered if one is there already;
  // never deleted: the run says where they are) and creates both again, empty, with the
  // shard's identity. Returns the paths they were moved to. Throws DatabaseError.
  std::vector<std::string> replace_shard(std::size_t s);

  // Checks the meta database (Xapian's full check) and, when it is sound, seals it
  // (common/meta_seal.h) so that readers of these very bytes skip their own check. At the end of
  // a run, after its last commit.
  void seal_meta() const;
  // Verifies every table of the meta database, every shard and every article shard
  // (Xapian::Database::check); a missing part is an error. Returns the number of errors,
  // writing details to out.
  static std::size_t check(const std::string& path, std::ostream& out);

 private:
  void open_meta(const StoreOptions& options);
  void read_stub();  // throws DatabaseError for entries this indexer would not write
  void create_layout(std::size_t shards);
  // A run killed during compact_shards() leaves, per shard or article shard, either the shard
  // with leftovers (removed here) or no shard but a complete SHARD.compacting and SHARD.old (the
  // swap is finished here). Called with the write lock held.
  void finish_interrupted_compaction() const;
  std::vector<std::string> parts() const;  // the shards, then the article shards

  std::string path_;
  bool durable_ = false;
  bool created_ = false;
  std::unique_ptr<Xapian::WritableDatabase> meta_;
  std::vector<std::string> shard_paths_;
  std::vector<std::string> article_paths_;
};

}  // namespace dossier
