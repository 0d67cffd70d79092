// The indexing run: read inputs, split into passages, tag entities, write the Xapian database
// (or dump the passages as JSON). Problems with single files or lines are reported and counted;
// only problems with the database, the gazetteer or the options abort the run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "indexer/article_reader.h"

namespace dossier {

// One standing query's news after a run (IndexerOptions::count_watches).
struct WatchNews {
  std::string name;
  std::size_t new_articles = 0;
  std::string error;  // non-empty: the watch could not be checked (its query, a filter), and why
};

struct IndexerOptions {
  std::vector<std::string> inputs;
  std::string db_path = "dossier.db";
  // Empty: default_gazetteer_dir(). The library reads no environment: dossier-index's command
  // line puts $DOSSIER_GAZETTEERS here when --gazetteers is not given (indexer/cli.h).
  std::string gazetteer_dir;
  bool dump_passages = false;
  bool quiet = false;
  bool progress_terminal = false;  // stderr is a terminal: a live progress line
  std::size_t width = 80;          // columns the progress line and the summary fit (dossier-index: the
                                   // terminal's, else $COLUMNS, else unlimited: one line in a log)
  ReadLimits limits;
  std::size_t jobs = 1;              // worker threads
  std::size_t shards = 0;            // shards of a new database; 0: as many as jobs
  std::size_t commit_every = 50000;  // passages between commits
  double commit_seconds = 60;        // and at most this long between commits
  double wait_lock_seconds = 0;      // wait for another indexer instead of failing
  bool durable = false;              // fsync at every commit
  bool no_delete = false;            // keep articles whose source file is gone
  bool retry_failed = false;         // read again files that had problems, even if unchanged
  std::string report_path;           // write the summary as JSON here
  bool compact = false;              // compact the shards at the end of a run that changed them
  // Before indexing: rebuild every shard that fails Xapian's check from the files the manifest
  // lists for it (inputs may then be empty).
  bool repair = false;
  // After a run that wrote to the database: the standing queries (dossier-watch) stored with it
  // and how many new articles each has now, for the closing lines and --report. The indexer
  // library cannot search (it never includes the searcher); dossier-index's main sets this to
  // the searcher's count (searcher/watch.h). Empty: no watch lines.
  std::function<std::vector<WatchNews>(const std::string& db_path)> count_watches;
};


struct Problem {
  std::string path;
  std::size_t line = 0;
  std::string reason;
};

struct IndexSummary {
  std::size_t files_read = 0;
  std::size_t files_unchanged = 0;   // same size and time as in the manifest: not read
  std::size_t files_ignored = 0;
  std::size_t files_removed = 0;     // in the manifest, gone from disk: their articles deleted
  std::size_t articles_added = 0;
  std::size_t articles_replaced = 0; // changed since the last run, or twice in this run
  std::size_t articles_unchanged = 0;
  std::size_t articles_deleted = 0;
  std::size_t passages = 0;
  std::size_t copies_joined = 0;  // articles written that joined a group of near-duplicates
  std::size_t skipped = 0;   // files, articles or lines not indexed
  std::size_t warnings = 0;  // indexed, with something fixed or dropped
  std::vector<Problem> problems;  // what was skipped, for fixing and --retry-failed
  std::uint64_t bytes_read = 0;
  bool retagged = false;     // gazetteer or extractor version changed: everything tagged again
  std::vector<std::string> rebuilt;  // --repair: the shards rebuilt (paths)
  std::vector<std::string> damaged_copies;  // --repair: where their damaged copies went
  std::size_t shards = 0;
  double seconds = 0;
  double read_seconds = 0, tag_seconds = 0, write_seconds = 0, commit_seconds = 0, sync_seconds = 0;
  double compact_seconds = 0;  // --compact
  double copies_seconds = 0;   // similarity keys and copy groups (indexer/copy_groups.h), in the reading thread
  std::uint64_t run = 0;       // this run's number (schema::kMetaRun), stamped on every passage it wrote
  bool upgraded = false;       // the database was upgraded to the current format in place
  std::vector<WatchNews> watches;  // the database's standing queries after the run
  std::string watches_error;       // non-empty: the watches could not be read, and why

  // 0: everything indexed; 1: some input was skipped.
  int exit_code() const { return skipped > 0 ? 1 : 0; }
};

// Where the gazetteer comes from when options.gazetteer_dir is empty: the directory compiled in
// (DOSSIER_DEFAULT_GAZETTEER_DIR, the shipped corpus/gazetteers), whatever the environment says.
std::string default_gazetteer_dir();

class Indexer {
 public:
  // out receives --dump-passages output; err receives messages and the summary.
  Indexer(IndexerOptions options, std::ostream& out, std::ostream& err);
  // Throws DatabaseError, GazetteerError or UsageError for problems that stop the whole run.
  IndexSummary run();

 private:
  IndexerOptions options_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace dossier
