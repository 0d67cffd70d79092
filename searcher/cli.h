// dossier-search's command line, parsed without touching the process (tests call it directly).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "common/manual.h"
#include "searcher/search.h"
#include "searcher/values.h"

namespace dossier {

enum class OutputFormat { Text, Json, JsonLines, Tsv };
enum class ColourMode { Auto, Always, Never };

struct SearcherCommand {
  std::string db_path;
  std::string cluster_path;    // --cluster FILE: search a cluster instead of db_path
  bool allow_partial = false;  // --allow-partial (with --cluster)
  SearchRequest request;
  SearcherOptions searcher;  // --search-threads
  OutputFormat format = OutputFormat::Text;
  ColourMode colour = ColourMode::Auto;
  bool explain = false;
  bool interactive = false;
  std::optional<ValuesRequest> values;  // --values FACET[:PREFIX]: list a facet's values instead of hits
  std::optional<std::string> show;      // --show ID: print this article in full instead of hits
  bool show_help = false;
  bool show_version = false;
  std::string help_text;
};

// env_db: $DOSSIER_DB (empty when unset). Throws UsageError with a one-line message.
// The options, as --help prints them (and the man page and completions list them).
cxxopts::Options searcher_option_spec();
// The man page's text beyond the options (common/manual.h).
ManualText searcher_manual();

SearcherCommand parse_searcher_command_line(const std::vector<std::string>& args, const std::string& env_db = {});

// The counting options dossier-search and dossier-bench share (--exact-facets, --sample-above,
// --search-threads), in their own help group; the parsers throw UsageError.
void add_count_options(cxxopts::Options& spec);
CountPolicy parse_count_options(const cxxopts::ParseResult& result);
SearcherOptions parse_searcher_options(const cxxopts::ParseResult& result);

// mixed, best or sum (--article-score, as dossier-search and dossier-bench take it); throws
// UsageError naming the option.
ArticleScore parse_article_score(const std::string& text);

// auto, always or never (--color); throws UsageError naming the option.
ColourMode parse_colour_mode(const std::string& text);

// Colour decision: never with NO_COLOR set (unless --color=always), else auto = is a TTY.
bool use_colour(ColourMode mode, bool stdout_is_tty, bool no_color_set);

}  // namespace dossier
