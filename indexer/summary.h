// How a run reports what it did: the --report JSON document and the one-line summary on stderr.
#pragma once

#include <ostream>
#include <string>

#include "indexer/indexer.h"

namespace dossier {

// The --report document.
std::string summary_json(const IndexSummary& summary, const IndexerOptions& options);

// "dossier-index: N articles (P passages) from F files ... in T ms; ..." and a newline: the
// counts of the database (new, replaced, deleted, unchanged) too, unless --dump-passages.
void write_summary_line(std::ostream& err, const IndexSummary& summary, const IndexerOptions& options);

// "dossier-index: watch NAME: N new articles (dossier-watch new NAME)", one line per standing
// query after a run (or why it could not be checked).
void write_watch_lines(std::ostream& err, const IndexSummary& summary);

}  // namespace dossier
