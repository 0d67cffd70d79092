// --dump-passages: read and tag like an indexing run, but print every passage as a JSON line
// instead of writing a database (for checking the tagging, and for other tools).
#pragma once

#include <ostream>

#include "indexer/run_base.h"

namespace dossier {

class DumpRun : public RunBase {
 public:
  // out receives the JSON lines; err the messages.
  DumpRun(const IndexerOptions& options, std::ostream& out, std::ostream& err) : RunBase(options, err), out_(out) {}

  IndexSummary execute();

 private:
  void dump(const Article& article);

  std::ostream& out_;
};

}  // namespace dossier
