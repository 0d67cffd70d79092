#include "indexer/summary.h"

#include <nlohmann/json.hpp>

#include "common/terminal.h"

namespace dossier {

std::string summary_json(const IndexSummary& s, const IndexerOptions& options) {
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& p : s.problems) problems.push_back({{"path", p.path}, {"line", p.line}, {"reason", p.reason}});
  const double mb = static_cast<double>(s.bytes_read) / 1e6;
  return nlohmann::json{
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
      {"exit_code", s.exit_code()}}
      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_summary_line(std::ostream& err, const IndexSummary& summary, const IndexerOptions& options) {
  err << "dossier-index: " << summary.articles_added + summary.articles_replaced << " articles (" << summary.passages
      << " passages) from " << summary.files_read << " files";
  if (!options.dump_passages) {
    err << " into " << sanitise_for_terminal(options.db_path) << " (" << summary.articles_added << " new, "
        << summary.articles_replaced << " replaced, " << summary.articles_deleted << " deleted, "
        << summary.articles_unchanged << " unchanged; " << summary.files_unchanged << " files unchanged)";
  }
  err << " in " << static_cast<long>(summary.seconds * 1000) << " ms; " << summary.skipped << " skipped, "
      << summary.warnings << " warnings, " << summary.files_ignored << " files ignored\n";
}

}  // namespace dossier
