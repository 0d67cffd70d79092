// dossier-search: thin entry point; everything else lives in the dossier_searcher library.
#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/normalise.h"
#include "common/passage.h"
#include "common/terminal.h"
#include "searcher/cli.h"
#include "searcher/completion.h"
#include "searcher/deadline.h"
#include "searcher/environment.h"
#include "searcher/index_reader.h"
#include "searcher/interactive.h"
#include "searcher/line_editor.h"
#include "searcher/pager.h"
#include "searcher/speedup/heap.h"
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

// --- dossier-search -i: the terminal side of InteractiveSession ----------------------------------

// SIGINT sets the library's interrupt flag (searcher/deadline.h), which stops a running search.
// With restart, a read or write it interrupts goes on (SA_RESTART); without, readline's read
// returns, which is how Ctrl-C ends the line being typed.
void on_interrupt(int) { dossier::interrupt_flag().store(true, std::memory_order_relaxed); }

void catch_interrupts(bool restart) {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = restart ? SA_RESTART : 0;
  sigaction(SIGINT, &action, nullptr);
}

// Tab completion: libedit's callbacks take no context, hence these three.
const dossier::LineEditor* line_editor = nullptr;
dossier::IndexReader* completion_index = nullptr;
std::vector<std::string> completion_candidates;

char* next_candidate(const char* /*text*/, int state) {
  static std::size_t next = 0;
  if (state == 0) next = 0;
  return next < completion_candidates.size() ? strdup(completion_candidates[next++].c_str()) : nullptr;
}

char** complete_word(const char* text, int start, int end) {
  *line_editor->attempted_completion_over = 1;  // never libedit's fallback, file names
  completion_candidates.clear();
  try {
    const dossier::Completion completion =
        dossier::complete(std::string_view(*line_editor->line_buffer, static_cast<std::size_t>(*line_editor->end)),
                          static_cast<std::size_t>(end),
                          completion_index->entities());
    if (completion.start != static_cast<std::size_t>(start)) return nullptr;  // words split otherwise
    completion_candidates = completion.candidates;
    *line_editor->completion_append_character = completion.ends_word ? ' ' : '\0';
  } catch (const std::exception&) {
    return nullptr;  // an unreadable entity table: no candidates, and the search will say why
  }
  return completion_candidates.empty() ? nullptr : line_editor->completion_matches(text, next_candidate);
}

// Where a command's output goes: the pager when it is longer than the terminal, else stdout.
struct Screen {
  bool paged = false;  // stdout is a terminal and PAGER pages
  std::string pager;

  void show(const std::string& text) const {
    winsize size{};
    const bool tall = paged && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 &&
                      dossier::screen_rows(text, size.ws_col) >= size.ws_row;  // the prompt takes a row
    std::cout.flush();
    if (tall && dossier::show_in_pager(pager, text)) {
      dossier::interrupt_flag().store(false);  // Ctrl-C in the pager was the pager's
      return;
    }
    std::cout << text;
    std::cout.flush();
  }
};

// The history file: read at the start (the old ~/.dossier_history once, when the file does not
// exist yet), written after every line so that a killed session keeps it, at most kHistoryLines.
constexpr int kHistoryLines = 1000;

std::string open_history(const dossier::LineEditor& editor, const dossier::SearchEnvironment& environment) {
  editor.using_history();
  editor.stifle_history(kHistoryLines);
  const std::string path = dossier::history_file(environment);
  if (path.empty()) return path;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const std::string old = dossier::old_history_file(environment);
  if (std::filesystem::exists(path, error)) editor.read_history(path.c_str());
  else if (!old.empty() && std::filesystem::exists(old, error)) editor.read_history(old.c_str());
  return path;
}

void save_history(const dossier::LineEditor& editor, const std::string& path) {
  if (path.empty() || editor.write_history(path.c_str()) != 0) return;  // no history is no reason to stop
  std::error_code error;  // queries can be sensitive: the owner's alone
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, error);
}

// Line editing, history and Tab completion (libedit) on a terminal; plain lines from a pipe.
int run_interactive(dossier::IndexReader& index, const dossier::SearcherCommand& command,
                    const dossier::SearcherOptions& options, const dossier::TextStyle& style,
                    const dossier::SearchEnvironment& environment) {
  std::ostringstream output;
  dossier::InteractiveSession session(index, command.request, style, output, options);
  Screen screen{isatty(STDOUT_FILENO) != 0 && dossier::is_pager(environment.pager), environment.pager};
  if (screen.paged) {
    signal(SIGPIPE, SIG_IGN);  // a pager that quits early (q) closes the pipe under a write
    if (dossier::runs_less(environment.pager)) setenv("LESS", dossier::less_options(environment.less).c_str(), 1);
  }
  const auto handle = [&](const std::string& line) {
    // The terminal may have been resized since the last line (libedit leaves SIGWINCH to us).
    if (isatty(STDOUT_FILENO) != 0) session.set_width(terminal_width(environment));
    const bool more = session.handle(line);
    screen.show(output.str());
    output.str("");
    return more;
  };
  std::string problem;
  line_editor = isatty(STDIN_FILENO) != 0 ? dossier::load_line_editor(problem) : nullptr;
  if (line_editor == nullptr) {
    if (!problem.empty()) {
      std::cerr << "dossier-search: " << dossier::sanitise_for_terminal(problem)
                << "; reading plain lines (no editing, history or Tab completion)\n";
      catch_interrupts(true);  // on a terminal still: Ctrl-C stops a search, not the session
    }
    if (!command.request.query.empty()) handle(command.request.query);
    std::string line;
    while (std::getline(std::cin, line) && handle(line)) {
    }
    return 0;
  }
  catch_interrupts(true);
  completion_index = &index;
  const dossier::LineEditor& editor = *line_editor;
  *editor.readline_name = "dossier-search";
  *editor.catch_signals = 0;  // SIGINT is ours (on_interrupt), not libedit's
  *editor.attempted_completion_function = complete_word;
  *editor.basic_word_break_characters = dossier::kCompletionWordBreaks;
  const std::string history = open_history(editor, environment);
  std::cout << "dossier-search -i: type words to search, :help for the commands, Ctrl-D to leave\n";
  if (!command.request.query.empty()) handle(command.request.query);
  std::string last;
  for (;;) {
    std::cout.flush();
    dossier::interrupt_flag().store(false);
    catch_interrupts(false);
    char* raw = editor.readline("dossier> ");
    catch_interrupts(true);
    if (raw == nullptr) {
      std::cout << '\n';
      if (dossier::interrupt_flag().exchange(false)) continue;  // Ctrl-C: a fresh prompt
      break;                                                      // Ctrl-D
    }
    const std::string line(raw);
    std::free(raw);
    if (!dossier::trim(line).empty() && line != last) {
      editor.add_history(line.c_str());
      save_history(editor, history);
      last = line;
    }
    if (!handle(line)) break;
  }
  save_history(editor, history);
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
    // One search, then exit: large blocks from the heap, nothing given back (speedup/heap.h).
    if (environment.one_search_heap.value_or(!command.interactive)) dossier::heap_for_one_search();
    dossier::IndexReader index = command.cluster_path.empty()
                                     ? dossier::IndexReader(command.db_path)
                                     : dossier::IndexReader(dossier::load_cluster(command.cluster_path),
                                                            dossier::ClusterOptions{command.allow_partial});
    dossier::TextStyle style;
    style.colour = dossier::use_colour(command.colour, isatty(STDOUT_FILENO) != 0, environment.no_color);
    style.width = terminal_width(environment);
    style.explain = command.explain;
    if (command.interactive) {
      return run_interactive(index, command, dossier::apply_environment(command.searcher, environment), style, environment);
    }
    dossier::Searcher searcher(index, dossier::apply_environment(dossier::for_one_search(command.searcher), environment));
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
