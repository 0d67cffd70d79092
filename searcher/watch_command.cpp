#include "searcher/watch_command.h"

#include <algorithm>

#include "common/error.h"
#include "common/terminal.h"
#include "common/watch_file.h"
#include "searcher/index_reader.h"
#include "searcher/render_watch.h"

namespace dossier {

namespace {

int add(const WatchCommand& command, std::ostream& out) {
  IndexReader index(command.db_path);
  Searcher searcher(index, watch_searcher_options());
  check_watch(searcher, command.watch);  // a bad query or facet value is refused now, not each morning
  const WatchLock lock(command.db_path);
  WatchList list = read_watches(command.db_path);
  if (list.find(command.watch.name) != nullptr) {
    throw UsageError("a watch named '" + command.watch.name + "' exists (dossier-watch remove " + command.watch.name + " first)");
  }
  if (list.watches.size() >= kMostWatches) throw UsageError("the database has " + std::to_string(kMostWatches) + " watches, the most it keeps");
  Watch watch = command.watch;
  watch.created = utc_now();
  watch.seen_run = current_run(index);  // what is indexed now is not news
  list.watches.push_back(watch);
  write_watches(command.db_path, list);
  out << "dossier-watch: added watch " << watch.name << " at run " << watch.seen_run
      << ": 'dossier-watch new' shows what the next indexing runs write\n";
  return 0;
}

int remove(const WatchCommand& command, std::ostream& out) {
  const WatchLock lock(command.db_path);
  WatchList list = read_watches(command.db_path);
  const std::string& name = command.names.front();
  const auto it = std::find_if(list.watches.begin(), list.watches.end(), [&](const Watch& watch) { return watch.name == name; });
  if (it == list.watches.end()) throw UsageError("no watch named '" + name + "' in " + command.db_path + " (dossier-watch list)");
  list.watches.erase(it);
  write_watches(command.db_path, list);
  out << "dossier-watch: removed watch " << name << '\n';
  return 0;
}

// The watches `new` reads: those named (each must exist), else all, in the file's order.
std::vector<Watch> chosen(const WatchList& list, const WatchCommand& command) {
  if (command.names.empty()) return list.watches;
  std::vector<Watch> watches;
  for (const std::string& name : command.names) {
    const Watch* watch = list.find(name);
    if (watch == nullptr) throw UsageError("no watch named '" + name + "' in " + command.db_path + " (dossier-watch list)");
    if (std::none_of(watches.begin(), watches.end(), [&](const Watch& w) { return w.name == name; })) watches.push_back(*watch);
  }
  return watches;
}

// Marks what `new` showed as seen, once it was written out: a kill before this leaves the
// watches as they were (shown again next time), and the file is replaced whole or not at all.
void mark_seen(const WatchCommand& command, const std::vector<WatchNewsReport>& news) {
  const WatchLock lock(command.db_path);
  WatchList list = read_watches(command.db_path);  // again, under the lock: another tool may have changed it
  const std::string now = utc_now();
  for (const WatchNewsReport& report : news) {
    if (!report.error.empty()) continue;
    Watch* watch = list.find(report.watch.name);
    if (watch == nullptr || watch->created != report.watch.created) continue;  // removed (or replaced) meanwhile
    // Moved on by another `new` meanwhile: never back (that would only show its news twice).
    watch->seen_run = watch->seen_run == report.watch.seen_run ? report.to_run : std::max(watch->seen_run, report.to_run);
    watch->seen_at = now;
  }
  write_watches(command.db_path, list);
}

int news(const WatchCommand& command, const TextStyle& style, std::ostream& out) {
  const WatchList list = read_watches(command.db_path);
  const std::vector<Watch> watches = chosen(list, command);
  IndexReader index(command.db_path);
  if (watches.empty()) {
    out << (command.format == OutputFormat::Text ? "dossier-watch: no watches in " + sanitise_for_terminal(command.db_path) +
                                                       " (add one: dossier-watch add NAME QUERY...)\n"
                                                 : std::string());
    if (command.format == OutputFormat::Json) out << render_watch_news_json({}, !command.peek) << '\n';
    return 1;
  }
  Searcher searcher(index, watch_searcher_options());
  const std::uint64_t run = current_run(index);  // read once: every watch sees the same runs
  const std::vector<WatchNewsReport> news = gather_watch_news(searcher, index, watches, run, command.news);
  if (command.format == OutputFormat::Json) out << render_watch_news_json(news, !command.peek) << '\n';
  else if (command.format == OutputFormat::JsonLines) out << render_watch_news_jsonl(news, !command.peek);
  else render_watch_news_text(news, !command.peek, style, out);
  out.flush();
  if (!out) throw Error("could not write the news (nothing was marked seen)");
  if (!command.peek) mark_seen(command, news);
  // A watch that could not run is an error for scripts too (its reason is in the output); the
  // others were shown and marked all the same.
  if (std::any_of(news.begin(), news.end(), [](const WatchNewsReport& report) { return !report.error.empty(); })) return 2;
  const bool any = std::any_of(news.begin(), news.end(), [](const WatchNewsReport& report) { return report.result.total > 0; });
  return any ? 0 : 1;
}

int list(const WatchCommand& command, const TextStyle& style, std::ostream& out) {
  const WatchList list = read_watches(command.db_path);
  IndexReader index(command.db_path);
  const std::uint64_t run = current_run(index);
  std::vector<WatchNewsReport> watches;
  if (!list.watches.empty()) {
    Searcher searcher(index, watch_searcher_options());
    NewsOptions options;
    options.limit = 0;
    watches = gather_watch_news(searcher, index, list.watches, run, options);
  }
  if (command.format == OutputFormat::Json) {
    out << render_watch_list_json(watches, run) << '\n';
  } else if (watches.empty()) {
    out << "dossier-watch: no watches in " << sanitise_for_terminal(command.db_path) << " (add one: dossier-watch add NAME QUERY...)\n";
  } else {
    render_watch_list_text(watches, run, style, out);
  }
  return watches.empty() ? 1 : 0;
}

}  // namespace

int run_watch_command(const WatchCommand& command, const TextStyle& style, std::ostream& out) {
  switch (command.action) {
    case WatchAction::Add: return add(command, out);
    case WatchAction::List: return list(command, style, out);
    case WatchAction::New: return news(command, style, out);
    case WatchAction::Remove: return remove(command, out);
  }
  return 2;
}

}  // namespace dossier
