// The indexing run: read inputs, split into passages, tag entities, write the Xapian database
// (or dump the passages as JSON). Problems with single files or lines are reported and counted;
// only problems with the database, the gazetteer or the options abort the run.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "indexer/article_reader.h"

namespace dossier {

struct IndexerOptions {
  std::vector<std::string> inputs;
  std::string db_path = "dossier.db";
  std::string gazetteer_dir;  // empty: DOSSIER_GAZETTEERS, then the built-in default
  bool dump_passages = false;
  bool quiet = false;
  ReadLimits limits;
  std::size_t commit_every = 20000;  // passages between commits
};

struct IndexSummary {
  std::size_t files_read = 0;
  std::size_t files_ignored = 0;
  std::size_t articles_added = 0;
  std::size_t articles_replaced = 0;  // already in the database, or twice in this run
  std::size_t passages = 0;
  std::size_t skipped = 0;   // files, articles or lines not indexed
  std::size_t warnings = 0;  // indexed, with something fixed or dropped
  double seconds = 0;

  // 0: everything indexed; 1: some input was skipped.
  int exit_code() const { return skipped > 0 ? 1 : 0; }
};

// Where the gazetteer comes from when options.gazetteer_dir is empty.
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
