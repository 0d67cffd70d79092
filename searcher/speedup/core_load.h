// Whether the machine has a core free for a split search's workers, read before a search splits:
// the threads runnable on the whole machine now (the fourth field of /proc/loadavg,
// "runnable/total", whichever cores they may run on), less this process's own (the searching thread, and any worker still
// spinning), against the cores this process may run on. A worker started while another program
// holds every other core waits a scheduler slice for one (milliseconds, where the whole search
// takes a fraction of one): the search then runs in one thread. The count is a snapshot; it is
// read again at most every kProbeEvery, and SplitWorkers' own steals catch what it misses.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

namespace dossier {

inline constexpr std::chrono::milliseconds kProbeEvery{10};

// The runnable count of a /proc/loadavg line ("0.50 0.40 0.30 3/245 12345" -> 3), or nullopt.
std::optional<std::size_t> parse_runnable(std::string_view loadavg);

// A core is free for a worker when the threads runnable besides this process's own leave at
// least two cores: the searching thread's and one more.
bool core_free_for_worker(std::size_t cores, std::size_t runnable, std::size_t own_runnable);

// The cores this process may run on (its CPU affinity; the hardware's count where unknown).
std::size_t usable_cores();

class CoreProbe {
 public:
  // read() gives the runnable count now (tests pass their own); the default reads /proc/loadavg.
  using Reader = std::function<std::optional<std::size_t>()>;
  explicit CoreProbe(std::size_t cores = usable_cores(), Reader read = {});

  // Whether a worker would find a core, own_runnable being this process's runnable threads
  // (the caller and its spinning workers). Unknown (no /proc): yes, as before this probe.
  bool core_free(std::size_t own_runnable);

 private:
  std::size_t cores_;
  Reader read_;
  std::chrono::steady_clock::time_point read_at_{};
  std::optional<std::size_t> runnable_;  // when last read
  std::size_t own_at_read_ = 1;
};

}  // namespace dossier
