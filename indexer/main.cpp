// dossier-index: thin entry point; everything else lives in the dossier_indexer library.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "common/error.h"
#include "common/terminal.h"
#include "indexer/cli.h"
#include "indexer/index_store.h"

namespace {

// The only place dossier-index reads its environment (the libraries take everything as options).
dossier::IndexerEnvironment read_environment() {
  dossier::IndexerEnvironment environment;
  if (const char* gazetteers = std::getenv("DOSSIER_GAZETTEERS"); gazetteers != nullptr) environment.gazetteers = gazetteers;
  return environment;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    const dossier::IndexerCommand command =
        dossier::parse_indexer_command_line(std::vector<std::string>(argv + 1, argv + argc), read_environment());
    if (command.show_help) {
      std::cout << command.help_text;
      std::cout << "--check exits 0 when the database is consistent, 1 when not.\n";
      return 0;
    }
    if (command.show_version) {
      std::cout << "dossier-index " << DOSSIER_VERSION << '\n';
      return 0;
    }
    if (command.check) {
      const std::size_t errors = dossier::IndexStore::check(command.options.db_path, std::cout);
      return errors == 0 ? 0 : 1;
    }
    dossier::IndexerOptions options = command.options;
    options.progress_terminal = isatty(STDERR_FILENO) != 0;
    dossier::Indexer indexer(options, std::cout, std::cerr);
    return indexer.run().exit_code();
  } catch (const dossier::Error& e) {
    std::cerr << "dossier-index: error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dossier-index: internal error: " << dossier::sanitise_for_terminal(e.what()) << '\n';
    return 2;
  }
}
