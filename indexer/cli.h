// dossier-index's command line, parsed into IndexerOptions without touching the process, so
// that tests can check every flag in-process.
#pragma once

#include <cxxopts.hpp>

#include <string>
#include <vector>

#include "common/manual.h"
#include "indexer/indexer.h"

namespace dossier {

struct IndexerCommand {
  IndexerOptions options;
  bool show_help = false;
  bool show_version = false;
  bool check = false;  // --check: verify the database and exit
  std::string help_text;
};

// What dossier-index takes from its environment, read by main.cpp and handed in here, so that the
// libraries never read the environment and tests need not change it.
struct IndexerEnvironment {
  std::string gazetteers;  // $DOSSIER_GAZETTEERS; empty when unset
  std::string db;          // $DOSSIER_DB (as dossier-search reads it); empty when unset
};

// Throws UsageError with a one-line message on bad usage. The gazetteer directory is a non-empty
// --gazetteers, else environment.gazetteers, else empty (the library's default_gazetteer_dir()).
// The options, as --help prints them (and the man page and completions list them).
cxxopts::Options indexer_option_spec();
// The man page's text beyond the options (common/manual.h).
ManualText indexer_manual();

IndexerCommand parse_indexer_command_line(const std::vector<std::string>& args,
                                          const IndexerEnvironment& environment = {});

}  // namespace dossier
