// A search's time limit (SearchRequest::time_limit_seconds, --time-limit). Xapian 1.4 cannot stop
// a match once started, so the limit is checked where Dossier's own code runs inside one: while
// matches are counted (LocalFacetSpy, every few thousand passages) and between the stages of a
// search. A ranking match on its own is bounded by the query caps instead (256 words, 8
// wildcards sharing 2000 expansions: searcher/query_builder.cpp).
#pragma once

#include <chrono>
#include <optional>

namespace dossier {

class Deadline {
 public:
  Deadline() = default;  // no limit
  // seconds <= 0: no limit.
  explicit Deadline(double seconds);

  // Throws QueryError (position 0) when the limit has passed.
  void check() const;
  bool limited() const { return at_.has_value(); }

 private:
  std::optional<std::chrono::steady_clock::time_point> at_;
  double seconds_ = 0;
};

}  // namespace dossier
