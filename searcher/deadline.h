// A search's time limit (SearchRequest::time_limit_seconds, --time-limit). Xapian 1.4 cannot stop
// a match once started, so the limit is checked where Dossier's own code runs inside one: while
// matches are counted (LocalFacetSpy, every few thousand passages) and between the stages of a
// search. A ranking match on its own is bounded by the query caps instead (256 words, 8
// wildcards sharing 2000 expansions: searcher/query_builder.cpp).
//
// An interrupt (Ctrl-C in dossier-search -i) stops a search at the same points: check() also
// reads the interrupt flag, which the program's SIGINT handler sets.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>

#include "common/error.h"

namespace dossier {

// The interrupt flag: the one process-wide state of the library, because a signal handler can
// reach nothing else. Only a program that installs a SIGINT handler sets it (dossier-search -i,
// searcher/main.cpp); it is cleared where an interrupt is handled (InteractiveSession, which
// reports the stopped search; the prompt, where Ctrl-C clears the line).
std::atomic<bool>& interrupt_flag();

// What check() throws when the interrupt flag is set.
class SearchInterrupted : public Error {
 public:
  SearchInterrupted() : Error("search interrupted") {}
};

class Deadline {
 public:
  Deadline() = default;  // no limit
  // seconds <= 0: no limit.
  explicit Deadline(double seconds);

  // Throws SearchInterrupted when the interrupt flag is set, QueryError (position 0) when the
  // limit has passed.
  void check() const;
  bool limited() const { return at_.has_value(); }

 private:
  std::optional<std::chrono::steady_clock::time_point> at_;
  double seconds_ = 0;
};

}  // namespace dossier
