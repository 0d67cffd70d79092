// dossier-index's command line, parsed into IndexerOptions without touching the process, so
// that tests can check every flag in-process.
#pragma once

#include <string>
#include <vector>

#include "indexer/indexer.h"

namespace dossier {

struct IndexerCommand {
  IndexerOptions options;
  bool show_help = false;
  bool show_version = false;
  bool check = false;  // --check: verify the database and exit
  std::string help_text;
};

// Throws UsageError with a one-line message on bad usage.
IndexerCommand parse_indexer_command_line(const std::vector<std::string>& args);

}  // namespace dossier
