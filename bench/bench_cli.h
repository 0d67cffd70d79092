// The command line shared by dossier-bench and the baselines, parsed without touching the
// process (tests call it directly).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "searcher/request.h"
#include "searcher/search.h"

namespace dossier::bench {

// The per-query extras of a search, each on as in dossier-search unless --without leaves it out,
// and how articles are ranked (--article-score, as dossier-search's).
struct SearchExtras {
  bool collapse_copies = true;
  bool entity_words = true;
  bool suggest_spelling = true;
  ArticleScore article_score = RankingOptions{}.article_score;
};

// Dossier: the query mix generator (--mix, --write-queries). Baseline: --build FILE.
enum class BenchTool { Dossier, Baseline };

struct BenchCommand {
  std::string db_path;
  std::string cluster_path;  // --cluster FILE (Dossier only): search a cluster instead of --db
  CountPolicy count_policy;  // --exact-facets, --sample-above (Dossier only), as dossier-search
  SearcherOptions searcher;  // --search-threads (Dossier only), as dossier-search
  SearchExtras extras;       // --without (Dossier only)
  // --alternate-threads N (Dossier only): also measure with --search-threads N, query by query
  // in the same process (run_alternating).
  std::optional<std::size_t> alternate_threads;
  std::string queries_path;  // --queries FILE
  std::size_t mix = 0;       // --mix N (Dossier only)
  std::string write_queries;  // --write-queries FILE: write the mix there and stop (Dossier only)
  std::string build_from;     // --build FILE: build the database from exported passages (Baseline only)
  std::string shell_sql_for;  // --shell-sql FILE: print each query's SQL for the sqlite3 shell (Baseline only)
  BenchSettings settings;
  bool json = false;
  std::string plot_path;
  bool show_help = false;
  std::string help_text;
};

// --without's list: "copies,entity-words,suggest" (any of them). Throws UsageError.
SearchExtras parse_without(const std::string& list);

// Throws UsageError with a one-line message. env_db: $DOSSIER_DB (Dossier only).
BenchCommand parse_bench_command_line(const std::vector<std::string>& args, BenchTool tool, const std::string& program,
                                      const std::string& description, const std::string& env_db = {});

}  // namespace dossier::bench
