// Parallel indexing: one worker thread per group of shards. Each worker tags the articles
// routed to its shards (schema::shard_for) and writes them with its own Xapian writers (each
// shard's passages and its article shard's article documents), so both the tagging and Xapian's
// own work run on every core. Queues are bounded: memory does not grow with the archive.
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/entity_table.h"
#include "common/gazetteer.h"
#include "common/passage.h"

namespace dossier {

struct WriterStats {
  std::size_t added = 0;     // articles new to the database
  std::size_t replaced = 0;  // articles that replaced an earlier version
  std::size_t deleted = 0;
  std::size_t passages = 0;
  double tag_seconds = 0;    // tokenising, entity tagging, building documents (summed over workers)
  double write_seconds = 0;  // Xapian add/delete (summed over workers)
  double commit_seconds = 0; // Xapian commits (wall time of the barriers)
};

struct WriterSetup {
  std::vector<std::string> shard_paths;
  // article_paths[s]: the article shard of shard s (schema::article_dir_name), as many as
  // shard_paths; written by the worker that owns shard s, committed after it.
  std::vector<std::string> article_paths;
  int open_flags = 0;
  std::size_t jobs = 1;
  std::size_t queue_capacity = 256;  // articles waiting per worker
  const Gazetteer* gazetteer = nullptr;
  const EntityMatcher* matcher = nullptr;
};

class ShardWriters {
 public:
  explicit ShardWriters(const WriterSetup& setup);
  ~ShardWriters();
  ShardWriters(const ShardWriters&) = delete;
  ShardWriters& operator=(const ShardWriters&) = delete;

  // These rethrow a worker's error (DatabaseError) as soon as it is seen.
  void index(Article&& article);
  void remove(const std::string& article_id);
  // Returns when every shard has committed everything sent before: each passage shard first,
  // then its article shard (a reader may see passages before their article document, never an
  // article document before its passages).
  void commit_all();
  void finish();      // commit_all, then close the shards and stop the workers
  // Destroyed without finish() (a failed write, or any error that stops the run): every shard
  // stays at its last commit; nothing pending is committed (indexer/index_store.h
  // abandon_database).

  // Totals; call after finish().
  WriterStats stats() const;
  // What the workers' taggers met since the last call: the entities they discovered and the
  // gazetteer entries ("facet:id") they mentioned. Call right after commit_all() or finish()
  // (the workers are then idle).
  struct Tagged {
    DiscoveredEntities discovered;
    std::set<std::string> used;
  };
  Tagged take_tagged();

 private:
  struct Worker;
  Worker& worker_for(const std::string& article_id);
  void rethrow_if_failed() const;

  std::size_t shard_count_;
  std::vector<std::unique_ptr<Worker>> workers_;
  bool finished_ = false;  // finish() returned: otherwise the destructor drops what is uncommitted
  double commit_seconds_ = 0;
};

}  // namespace dossier
