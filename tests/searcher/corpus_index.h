// A database of the shipped sample archive, built once per test process with the real indexer.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "indexer/indexer.h"
#include "test_support.h"

namespace dossier::testing {

// Indexes the shipped sample archive (and any more inputs) into dir/name with the real indexer.
inline std::string index_corpus(const TempDir& dir, const std::string& name, std::size_t jobs, std::size_t shards,
                                const std::vector<std::string>& more_inputs = {}) {
  IndexerOptions options;
  options.inputs = {source_dir() + "/corpus/articles"};
  options.inputs.insert(options.inputs.end(), more_inputs.begin(), more_inputs.end());
  options.db_path = dir.file(name);
  options.gazetteer_dir = source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  options.jobs = jobs;
  options.shards = shards;
  std::ostringstream out, err;
  Indexer(options, out, err).run();
  return options.db_path;
}

// The sample archive in one shard, built once per test process.
inline const std::string& corpus_db() {
  static TempDir dir;
  static const std::string path = index_corpus(dir, "corpus.db", 1, 1);
  return path;
}

// The sample archive in 3 shards written by 2 workers, built once per test process.
inline const std::string& sharded_db() {
  static TempDir dir;
  static const std::string path = index_corpus(dir, "sharded.db", 2, 3);
  return path;
}

}  // namespace dossier::testing
