// dossier-watch's command line, parsed without touching the process (tests call it directly).
//
//   dossier-watch [--db DB] add NAME [filters] QUERY...
//   dossier-watch [--db DB] list
//   dossier-watch [--db DB] new [NAME...] [--peek]
//   dossier-watch [--db DB] remove NAME
#pragma once

#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "common/manual.h"
#include "common/watch_file.h"
#include "searcher/cli.h"
#include "searcher/watch.h"

namespace dossier {

enum class WatchAction { Add, List, New, Remove };

struct WatchCommand {
  WatchAction action = WatchAction::List;
  std::string db_path;
  Watch watch;                     // add: the name, query and filters
  std::vector<std::string> names;  // new: the watches to read (empty: all); remove: one
  bool peek = false;               // new: show without marking seen
  NewsOptions news;                // new: hits per watch, their order
  OutputFormat format = OutputFormat::Text;  // text, json or jsonl
  ColourMode colour = ColourMode::Auto;
  bool show_help = false;
  bool show_version = false;
  std::string help_text;
};

cxxopts::Options watch_option_spec();
ManualText watch_manual();

// env_db: $DOSSIER_DB (empty when unset). Throws UsageError with a one-line message.
WatchCommand parse_watch_command_line(const std::vector<std::string>& args, const std::string& env_db = {});

}  // namespace dossier
