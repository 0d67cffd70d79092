#include "searcher/deadline.h"

#include <fmt/format.h>

#include "common/error.h"

namespace dossier {

namespace {
// Lock-free (a signal handler may store to it) and constant-initialised (no guard to take).
constinit std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
}  // namespace

std::atomic<bool>& interrupt_flag() { return interrupted; }

Deadline::Deadline(double seconds) : seconds_(seconds) {
  if (seconds > 0) {
    at_ = std::chrono::steady_clock::now() +
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  }
}

void Deadline::check() const {
  if (interrupted.load(std::memory_order_relaxed)) throw SearchInterrupted();
  if (!at_ || std::chrono::steady_clock::now() < *at_) return;
  throw QueryError(0, fmt::format("the search took longer than --time-limit {:g} s and was stopped", seconds_),
                   "narrow it: fewer wildcards or common words, a phrase, or a filter (--country, --since, ...)");
}

}  // namespace dossier
