// dossier-watch's commands run in-process (add, list, new, remove): everything but reading the
// environment and the terminal, which main does, so that tests drive the tool without a process.
#pragma once

#include <ostream>

#include "searcher/render.h"
#include "searcher/watch_cli.h"

namespace dossier {

// Returns the exit status (0 something new / done, 1 nothing new / no watches, 2 when `new` read
// a watch that could not run: its reason is in the output, the others shown); throws Error
// subclasses (QueryError, UsageError, DatabaseError) for main to print with status 2.
int run_watch_command(const WatchCommand& command, const TextStyle& style, std::ostream& out);

}  // namespace dossier
