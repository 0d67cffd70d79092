// The shipped sample archive indexed once into the scratch folder, for the targets that search.
#pragma once

#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "indexer/indexer.h"

namespace fuzz {

// Indexes corpus/articles into scratch_dir()/name in `shards` shards (0: the default); returns
// the database path.
inline std::string index_sample_archive(const std::string& name, std::size_t shards = 0) {
  dossier::IndexerOptions options;
  options.inputs = {DOSSIER_SOURCE_DIR "/corpus/articles"};
  options.db_path = (scratch_dir() / name).string();
  options.gazetteer_dir = DOSSIER_SOURCE_DIR "/corpus/gazetteers";
  options.quiet = true;
  options.shards = shards;
  std::ostringstream out, err;
  dossier::Indexer(options, out, err).run();
  return options.db_path;
}

}  // namespace fuzz
