#include "indexer/run_base.h"

#include "common/terminal.h"

namespace dossier {

RunBase::RunBase(const IndexerOptions& options, std::ostream& err) : options_(options), err_(err) {
  const std::string dir = options.gazetteer_dir.empty() ? default_gazetteer_dir() : options.gazetteer_dir;
  gazetteer_ = load_gazetteer_dir(dir);
  matcher_ = std::make_unique<EntityMatcher>(gazetteer_, normaliser_);
}

void RunBase::report_skipped(const InputError& error) {
  ++summary_.skipped;
  summary_.problems.push_back({error.path(), error.line(), error.reason()});
  message() << "dossier-index: error: " << sanitise_for_terminal(error.what()) << '\n';
}

void RunBase::report_warning(const InputError& error) {
  ++summary_.warnings;
  if (!options_.quiet) message() << "dossier-index: warning: " << sanitise_for_terminal(error.what()) << '\n';
}

void RunBase::note_ignored(const std::vector<std::string>& ignored, const std::vector<InputError>& notes) {
  for (const auto& note : notes) {
    ++summary_.files_ignored;
    if (!options_.quiet) message() << "dossier-index: note: " << sanitise_for_terminal(note.what()) << '\n';
  }
  for (const auto& path : ignored) {
    ++summary_.files_ignored;
    if (!options_.quiet) {
      message() << "dossier-index: note: " << sanitise_for_terminal(path)
           << ": not an article file (.txt, .jsonl, optionally .gz); ignored\n";
    }
  }
}

}  // namespace dossier
