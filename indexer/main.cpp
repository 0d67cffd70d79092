// dossier-index: thin entry point; everything else lives in the dossier_indexer library.
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <exception>
#include <limits>
#include <string>
#include <iostream>

#include "common/error.h"
#include "common/terminal.h"
#include "indexer/cli.h"
#include "indexer/index_store.h"
#include "searcher/watch.h"

namespace {

std::string g_db_path;  // for the terminate handler's message
// Below this much free space on the database's disk, a write that failed without saying why is
// taken to have run out of space: a commit writes whole blocks, several per table and shard.
constexpr unsigned long long kNearlyFull = 1024 * 1024;

// libxapian 1.4 can throw out of a destructor while a commit that ran out of disk space unwinds,
// which ends in std::terminate on a shard-writer thread. The shards are then still at their last
// commit (Xapian swaps its version file in last, atomically), so the right answer is the same as
// for any failed write: one line and exit 2, without running destructors (which would commit).
[[noreturn]] void on_terminate() {
  std::string reason = "an unexpected internal error";
  bool current_reason = false;
  try {
    if (const std::exception_ptr current = std::current_exception()) std::rethrow_exception(current);
  } catch (const Xapian::Error& e) {
    reason = e.get_description();
    current_reason = true;
  } catch (const std::exception& e) {
    reason = e.what();
    current_reason = true;
  } catch (...) {
  }
  if (!current_reason) {
    // A throw while another exception unwinds leaves none to name. The usual cause is the one
    // above: name it when the disk holding the database is in fact (nearly) full.
    struct statvfs disk {};
    if (::statvfs(g_db_path.c_str(), &disk) == 0) {
      const unsigned long long free_bytes = static_cast<unsigned long long>(disk.f_bavail) * disk.f_frsize;
      if (free_bytes < kNearlyFull) reason = "No space left on device (" + std::to_string(free_bytes / 1024) + " KiB free on its disk)";
    }
  }
  const std::string line = "dossier-index: error: " + dossier::sanitise_for_terminal(g_db_path) +
                           ": write failed inside Xapian: " + dossier::sanitise_for_terminal(reason) +
                           " (the database stays at its last commit; free some space and run again)\n";
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  ::_exit(2);
}

// The only place dossier-index reads its environment (the libraries take everything as options).
dossier::IndexerEnvironment read_environment() {
  dossier::IndexerEnvironment environment;
  if (const char* gazetteers = std::getenv("DOSSIER_GAZETTEERS"); gazetteers != nullptr) {
    environment.gazetteers = gazetteers;
  } else {
    // An installed dossier-index (make install, the .deb) finds the gazetteers installed beside
    // it; a build tree's uses the compiled-in source folder (default_gazetteer_dir()).
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "dossier" / "gazetteers";
    if (!ec && std::filesystem::is_directory(installed, ec)) environment.gazetteers = installed.string();
  }
  if (const char* db = std::getenv("DOSSIER_DB"); db != nullptr) environment.db = db;
  return environment;
}

// The columns the progress line and the summary fit: the terminal's, else $COLUMNS; without
// either (a log file) the summary stays one line, for grep (--report is the same as JSON).
std::size_t message_width() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    const long value = std::strtol(columns, nullptr, 10);
    if (value >= 20 && value <= 10000) return static_cast<std::size_t>(value);
  }
  return std::numeric_limits<std::size_t>::max();
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
    g_db_path = options.db_path;
    std::set_terminate(on_terminate);
    options.progress_terminal = isatty(STDERR_FILENO) != 0;
    options.width = message_width();
    // The standing queries' counts after the run: the searcher's, which the indexer library
    // cannot call (the libraries never include each other).
    options.count_watches = [](const std::string& db_path) {
      std::vector<dossier::WatchNews> news;
      for (const dossier::WatchCount& count : dossier::count_watch_news(db_path)) news.push_back({count.name, count.new_articles, count.error});
      return news;
    };
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
