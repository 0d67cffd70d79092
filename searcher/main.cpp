// dossier-search: thin entry point; everything else lives in the dossier_searcher library.
#include <editline/readline.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "common/error.h"
#include "common/normalise.h"
#include "common/terminal.h"
#include "searcher/cli.h"
#include "searcher/environment.h"
#include "searcher/index_reader.h"
#include "searcher/interactive.h"
#include "searcher/speedup/mapped_reads.h"
#include "searcher/render.h"
#include "searcher/request_options.h"

namespace {

std::size_t terminal_width(const dossier::SearchEnvironment& environment) {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) return size.ws_col;
  if (environment.columns > 0) return environment.columns;
  return 80;  // off a terminal: 80 columns
}

// Line editing and history (libedit) on a terminal; plain lines from a pipe.
int run_interactive(dossier::IndexReader& index, const dossier::SearcherCommand& command,
                    const dossier::SearcherOptions& options, const dossier::TextStyle& style, const std::string& home) {
  dossier::InteractiveSession session(index, command.request, style, std::cout, options);
  const dossier::SearchRequest& start = command.request;
  if (!start.query.empty()) session.handle(start.query);
  const bool terminal = isatty(STDIN_FILENO) != 0;
  if (!terminal) {
    std::string line;
    while (std::getline(std::cin, line) && session.handle(line)) std::cout.flush();
    return 0;
  }
  std::cout << "dossier-search interactive: type words to search, :help for commands, :quit to leave\n";
  std::string history;
  if (!home.empty()) history = home + "/.dossier_history";
  if (!history.empty()) read_history(history.c_str());
  for (;;) {
    std::cout.flush();
    char* raw = readline("dossier> ");
    if (raw == nullptr) break;  // Ctrl-D
    const std::string line(raw);
    std::free(raw);
    if (!line.empty()) add_history(line.c_str());
    if (!session.handle(line)) break;
  }
  if (!history.empty()) write_history(history.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    // Every environment variable the tool honours, read here and nowhere else.
    const dossier::SearchEnvironment environment = dossier::read_search_environment([](const char* name) { return std::getenv(name); });
    const dossier::SearcherCommand command =
        dossier::parse_searcher_command_line(std::vector<std::string>(argv + 1, argv + argc), environment.db);
    if (command.show_help) {
      std::cout << command.help_text;
      return 0;
    }
    if (command.show_version) {
      std::cout << "dossier-search " << DOSSIER_VERSION << '\n';
      return 0;
    }
    // Maps pay off when blocks are read again (an interactive session, a benchmark); one search
    // in a fresh process reads most blocks once, and a first touch of a mapped page (a page
    // fault) costs more than the pread it replaces (bench/results/levers-1000000.md). So a
    // one-shot search reads by pread unless DOSSIER_MAPPED_READS says otherwise.
    dossier::mapped_reads::set_enabled(environment.mapped_reads.value_or(command.interactive));
    dossier::IndexReader index = command.cluster_path.empty()
                                     ? dossier::IndexReader(command.db_path)
                                     : dossier::IndexReader(dossier::load_cluster(command.cluster_path),
                                                            dossier::ClusterOptions{command.allow_partial});
    dossier::TextStyle style;
    style.colour = dossier::use_colour(command.colour, isatty(STDOUT_FILENO) != 0, environment.no_color);
    style.width = terminal_width(environment);
    style.explain = command.explain;
    if (command.interactive) {
      return run_interactive(index, command, dossier::apply_environment(command.searcher, environment), style, environment.home);
    }
    // The shard tables (SearcherOptions::length_table, facet_table) are read once per shard,
    // which one search does not earn back; DOSSIER_LENGTH_TABLE / DOSSIER_FACET_TABLE still
    // decide where they are set.
    dossier::SearcherOptions searcher_options = command.searcher;
    searcher_options.length_table = false;
    searcher_options.facet_table = false;
    dossier::Searcher searcher(index, dossier::apply_environment(searcher_options, environment));
    if (command.show) {
      const std::optional<dossier::ArticleView> view = dossier::show_article(index, *command.show, command.request);
      if (!view) {
        std::cerr << "dossier-search: no article with id '" << dossier::sanitise_for_terminal(*command.show) << "' in "
                  << dossier::sanitise_for_terminal(command.cluster_path.empty() ? command.db_path : command.cluster_path) << '\n';
        return 1;
      }
      if (command.format == dossier::OutputFormat::Json) {
        std::cout << dossier::render_article_json(*view) << '\n';
      } else {
        dossier::render_article_text(*view, style, std::cout);
      }
      std::cout.flush();
      return 0;
    }
    if (command.values) {
      dossier::SearchRequest request = command.request;
      request.limit = 0;  // no hits: the facet counts alone
      const dossier::SearchResult result = searcher.search(request);
      dossier::Normaliser normaliser;
      const std::vector<dossier::FacetValue> values = dossier::facet_values(result, *command.values, normaliser);
      if (command.format == dossier::OutputFormat::Text) {
        dossier::render_values_text(result, *command.values, values, style, std::cout);
      } else {
        std::cout << dossier::render_values_json(result, *command.values, values) << '\n';
      }
      std::cout.flush();
      return values.empty() ? 1 : 0;
    }
    const dossier::SearchResult result = searcher.search(command.request);
    if (command.format == dossier::OutputFormat::Json) {
      std::cout << dossier::render_json(result, command.request, command.explain) << '\n';
    } else if (command.format == dossier::OutputFormat::JsonLines) {
      std::cout << dossier::render_jsonl(result, command.request, command.explain);
    } else if (command.format == dossier::OutputFormat::Tsv) {
      std::cout << dossier::render_tsv(result);
    } else {
      dossier::render_text(result, command.request, style, std::cout);
    }
    std::cout.flush();
    return result.total > 0 ? 0 : 1;
  } catch (const dossier::QueryError& e) {
    std::cerr << "dossier-search: " << dossier::describe_query_error(e) << '\n';
    return 2;
  } catch (const dossier::Error& e) {
    std::cerr << "dossier-search: error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dossier-search: internal error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  }
}
