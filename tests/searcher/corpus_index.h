// A database of the shipped sample archive, built once per test process with the real indexer.
#pragma once

#include <sstream>
#include <string>

#include "indexer/indexer.h"
#include "test_support.h"

namespace dossier::testing {

inline const std::string& corpus_db() {
  static TempDir dir;
  static const std::string path = [] {
    IndexerOptions options;
    options.inputs = {source_dir() + "/corpus/articles"};
    options.db_path = dir.file("corpus.db");
    options.gazetteer_dir = source_dir() + "/corpus/gazetteers";
    options.quiet = true;
    std::ostringstream out, err;
    Indexer(options, out, err).run();
    return options.db_path;
  }();
  return path;
}

// The sample archive in 3 shards written by 2 workers, built once per test process.
inline const std::string& sharded_db() {
  static TempDir dir;
  static const std::string path = [] {
    IndexerOptions options;
    options.inputs = {source_dir() + "/corpus/articles"};
    options.db_path = dir.file("sharded.db");
    options.gazetteer_dir = source_dir() + "/corpus/gazetteers";
    options.quiet = true;
    options.jobs = 2;
    options.shards = 3;
    std::ostringstream out, err;
    Indexer(options, out, err).run();
    return options.db_path;
  }();
  return path;
}

}  // namespace dossier::testing
