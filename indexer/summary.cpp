#include "indexer/summary.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/terminal.h"

namespace dossier {

std::string summary_json(const IndexSummary& s, const IndexerOptions& options) {
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& p : s.problems) problems.push_back({{"path", p.path}, {"line", p.line}, {"reason", p.reason}});
  const double mb = static_cast<double>(s.bytes_read) / 1e6;
  nlohmann::json watches = nlohmann::json::array();
  for (const WatchNews& watch : s.watches) {
    nlohmann::json entry{{"name", watch.name}, {"new_articles", watch.new_articles}};
    if (!watch.error.empty()) entry["error"] = watch.error;
    watches.push_back(std::move(entry));
  }
  nlohmann::json report{
      {"database", options.db_path},
      {"shards", s.shards},
      {"jobs", options.jobs},
      {"files", {{"read", s.files_read}, {"unchanged", s.files_unchanged}, {"ignored", s.files_ignored}, {"removed", s.files_removed}}},
      {"articles",
       {{"added", s.articles_added}, {"replaced", s.articles_replaced}, {"unchanged", s.articles_unchanged}, {"deleted", s.articles_deleted}}},
      {"passages", s.passages},
      {"copies_joined", s.copies_joined},
      {"skipped", s.skipped},
      {"warnings", s.warnings},
      {"problems", std::move(problems)},
      {"retagged", s.retagged},
      {"rebuilt_shards", s.rebuilt},
      {"damaged_copies", s.damaged_copies},
      {"bytes_read", s.bytes_read},
      {"seconds", s.seconds},
      {"passages_per_second", s.seconds > 0 ? static_cast<double>(s.passages) / s.seconds : 0},
      {"mb_per_second", s.seconds > 0 ? mb / s.seconds : 0},
      {"phases",
       {{"read", s.read_seconds}, {"tag", s.tag_seconds}, {"write", s.write_seconds}, {"commit", s.commit_seconds}, {"sync", s.sync_seconds},
        {"compact", s.compact_seconds}, {"copies", s.copies_seconds}}},
      {"run", s.run},
      {"upgraded", s.upgraded},
      {"watches", std::move(watches)},
      {"exit_code", s.exit_code()}};
  if (!s.watches_error.empty()) report["watches_error"] = s.watches_error;
  return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_watch_lines(std::ostream& err, const IndexSummary& summary) {
  if (!summary.watches_error.empty()) {
    err << "dossier-index: warning: watches not checked: " << sanitise_for_terminal(summary.watches_error) << '\n';
  }
  for (const WatchNews& watch : summary.watches) {
    err << "dossier-index: watch " << sanitise_for_terminal(watch.name) << ": ";
    if (!watch.error.empty()) {
      err << "not checked: " << sanitise_for_terminal(watch.error) << '\n';
    } else {
      err << watch.new_articles << " new article" << (watch.new_articles == 1 ? "" : "s")
          << (watch.new_articles > 0 ? " (dossier-watch new " + sanitise_for_terminal(watch.name) + ")" : std::string()) << '\n';
    }
  }
}

void write_summary_line(std::ostream& err, const IndexSummary& summary, const IndexerOptions& options) {
  // Phrases that stay whole on a line ("2 replaced,", never "2" then "replaced,").
  std::vector<std::string> phrases{fmt::format("{} articles ({} passages)", summary.articles_added + summary.articles_replaced, summary.passages),
                                   fmt::format("from {} files", summary.files_read)};
  if (!options.dump_passages) {
    phrases.push_back("into " + sanitise_for_terminal(options.db_path));
    phrases.push_back(fmt::format("({} new,", summary.articles_added));
    phrases.push_back(fmt::format("{} replaced,", summary.articles_replaced));
    phrases.push_back(fmt::format("{} deleted,", summary.articles_deleted));
    phrases.push_back(fmt::format("{} unchanged;", summary.articles_unchanged));
    phrases.push_back(fmt::format("{} files unchanged)", summary.files_unchanged));
  }
  phrases.push_back(fmt::format("in {} ms;", static_cast<long>(summary.seconds * 1000)));
  phrases.push_back(fmt::format("{} skipped,", summary.skipped));
  phrases.push_back(fmt::format("{} warnings,", summary.warnings));
  phrases.push_back(fmt::format("{} files ignored", summary.files_ignored));
  // Wrapped at options.width (80 off a terminal); --report writes the same as JSON for scripts.
  std::string out = "dossier-index:";
  std::size_t column = out.size();
  for (const std::string& phrase : phrases) {
    const std::size_t width = display_width(phrase);
    if (column + 1 + width > options.width && column > 2) {
      out += "\n  ";
      column = 2;
    } else {
      out += ' ';
      ++column;
    }
    out += phrase;
    column += width;
  }
  err << out << '\n';
}

}  // namespace dossier
