// dossier-watch: thin entry point; the commands live in the dossier_searcher library
// (searcher/watch_command.h).
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/terminal.h"
#include "searcher/environment.h"
#include "searcher/request_options.h"
#include "searcher/watch_command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    // Every environment variable the tool honours, read here and nowhere else.
    const dossier::SearchEnvironment environment = dossier::read_search_environment([](const char* name) { return std::getenv(name); });
    const dossier::WatchCommand command =
        dossier::parse_watch_command_line(std::vector<std::string>(argv + 1, argv + argc), environment.db);
    if (command.show_help) {
      std::cout << command.help_text;
      return 0;
    }
    if (command.show_version) {
      std::cout << "dossier-watch " << DOSSIER_VERSION << '\n';
      return 0;
    }
    dossier::TextStyle style;
    style.colour = dossier::use_colour(command.colour, isatty(STDOUT_FILENO) != 0, environment.no_color);
    winsize size{};
    style.width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40 ? size.ws_col
                  : environment.columns > 0                                        ? environment.columns
                                                                                   : 80;
    return dossier::run_watch_command(command, style, std::cout);
  } catch (const dossier::QueryError& e) {
    std::cerr << "dossier-watch: " << dossier::describe_query_error(e) << '\n';
    return 2;
  } catch (const dossier::Error& e) {
    std::cerr << "dossier-watch: error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dossier-watch: internal error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  }
}
