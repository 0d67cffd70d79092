// Whether the machine has a core free for a split search's workers, read before a search splits:
// the threads runnable on the whole machine (the fourth field of /proc/loadavg, "runnable/total",
// whichever cores they may run on), less this process's own (the searching thread, and any
// worker still spinning), against the cores this process may run on. A worker started while
// another program holds every other core waits a scheduler slice for one (milliseconds, where the
// whole search takes a fraction of one): the search then runs in one thread.
//
// The count is a snapshot, read at most every kProbeEvery; an indexer's threads also wait for
// the disk now and then, so one snapshot can find them all asleep. The probe therefore keeps an
// average of the snapshots that forgets with a time constant of kProbeMemory: a busy machine has
// to have been quiet for about that long before a search splits again, while a lone search
// after a pause is judged by its own snapshot. SplitWorkers' own steals catch what it misses.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace dossier {

inline constexpr std::chrono::milliseconds kProbeEvery{10};
inline constexpr std::chrono::milliseconds kProbeMemory{100};

// The runnable count of a /proc/loadavg line ("0.50 0.40 0.30 3/245 12345" -> 3), or nullopt.
std::optional<std::size_t> parse_runnable(std::string_view loadavg);

// The average of other programs' runnable threads after a snapshot of `sample` taken `since` the
// previous one: the previous average weighs exp(-since / kProbeMemory).
double forget_and_add(double average, double sample, std::chrono::nanoseconds since);

// A core is free for a worker when the other programs' runnable threads (on average) leave two
// cores, the searching thread's and one more, with half a core to spare for rounding: on two
// cores, while others run less than half of the time.
bool core_free_for_worker(std::size_t cores, double others);

// The cores this process may run on (its CPU affinity; the hardware's count where unknown).
std::size_t usable_cores();

// /proc/loadavg, opened once. Opening it for every snapshot (open, read, close) cost a search 2 to
// 4% of its time on a busy machine, where the default runs the very code of --search-threads 1
// (dossier-bench --alternate-threads 1 beside a CPU hog, per-query ratio with the order of each
// pair taken out: 1.02-1.04 before, 1.00-1.02 with the descriptor kept, 1.00 between identical
// settings). A pread of the open file renders it afresh. O_CLOEXEC: a pager started by
// dossier-search does not inherit it.
class LoadavgFile {
 public:
  LoadavgFile();
  ~LoadavgFile();
  LoadavgFile(const LoadavgFile&) = delete;
  LoadavgFile& operator=(const LoadavgFile&) = delete;
  // The runnable count now, or nullopt where the file cannot be opened or read.
  std::optional<std::size_t> runnable() const;

 private:
  int fd_;
};

class CoreProbe {
 public:
  // read() gives the runnable count now (tests pass their own); the default reads /proc/loadavg
  // (LoadavgFile).
  using Reader = std::function<std::optional<std::size_t>()>;
  explicit CoreProbe(std::size_t cores = usable_cores(), Reader read = {});

  // Whether a worker would find a core, own_runnable being this process's runnable threads
  // (the caller and its spinning workers). Unknown (no /proc): yes, as before this probe.
  bool core_free(std::size_t own_runnable);

 private:
  std::size_t cores_;
  std::unique_ptr<LoadavgFile> loadavg_;  // the default reader's file
  Reader read_;
  std::chrono::steady_clock::time_point read_at_{};
  bool readable_ = true;   // false where /proc/loadavg cannot be read: free, as without a probe
  double others_ = 0;      // other programs' runnable threads, averaged (forget_and_add)
};

}  // namespace dossier
