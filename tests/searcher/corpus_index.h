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

}  // namespace dossier::testing
