// The environment variables dossier-search and dossier-bench honour, read in one place. Each
// tool's main passes its lookup (std::getenv) to read_search_environment() and sets the options
// from the result; library code never reads the environment, so a library caller (a test, a
// benchmark client) gets exactly the options it passes.
//
//   DOSSIER_DB            database directory when --db is not given
//   DOSSIER_LENGTH_TABLE  0|1: SearcherOptions::length_table
//   DOSSIER_FACET_TABLE   0|1: SearcherOptions::facet_table
//   DOSSIER_MAPPED_READS  0|1: block reads from memory maps (searcher/speedup/mapped_reads.h)
//   DOSSIER_ONE_SEARCH_HEAP
//                         0|1: the allocator set for one search (searcher/speedup/heap.h)
//   NO_COLOR              set and not empty: no colour unless --color=always
//   COLUMNS               terminal width when the terminal does not say (40 to 1000)
//   HOME                  where the interactive history lives (~/.local/state/dossier/history)
//   XDG_STATE_HOME        where it lives instead when set (an absolute path): $XDG_STATE_HOME/dossier
//   PAGER                 -i: what shows output longer than the terminal (default "less -R";
//                         empty or "cat": none)
//   LESS                  the pager's options when it is less (kept, after -R -F -X)
//
// A 0|1 switch that is unset or empty leaves the tool's default; "0" turns it off and any other
// value on.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "searcher/search.h"

namespace dossier {

using EnvironmentLookup = std::function<const char*(const char*)>;

struct SearchEnvironment {
  std::string db;                    // DOSSIER_DB, empty when unset
  std::optional<bool> length_table;  // DOSSIER_LENGTH_TABLE
  std::optional<bool> facet_table;   // DOSSIER_FACET_TABLE
  std::optional<bool> mapped_reads;  // DOSSIER_MAPPED_READS
  std::optional<bool> one_search_heap;  // DOSSIER_ONE_SEARCH_HEAP
  bool no_color = false;             // NO_COLOR
  std::size_t columns = 0;           // COLUMNS when 40 to 1000, else 0
  std::string home;                  // HOME, empty when unset
  std::string state_home;            // XDG_STATE_HOME when absolute, else empty
  std::string pager = "less -R";     // PAGER when set
  std::string less;                  // LESS, empty when unset
};

SearchEnvironment read_search_environment(const EnvironmentLookup& lookup);

// The interactive history file: $XDG_STATE_HOME/dossier/history, else
// $HOME/.local/state/dossier/history; empty when neither is known.
std::string history_file(const SearchEnvironment& environment);
// Where earlier versions kept it ($HOME/.dossier_history), read once when history_file() does
// not exist yet; empty without HOME.
std::string old_history_file(const SearchEnvironment& environment);

// The options with every switch the environment sets applied over them.
SearcherOptions apply_environment(SearcherOptions options, const SearchEnvironment& environment);

}  // namespace dossier
