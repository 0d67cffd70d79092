#include "searcher/speedup/split_workers.h"

#include <algorithm>
#include <utility>

namespace dossier {

namespace {

// How long a thread that waits for the other side spins before it sleeps. Waking a sleeping
// thread costs two system calls and a scheduler wake-up, tens of microseconds on a virtual
// machine: as much as a whole rare-word search. Searches that follow each other (a benchmark,
// a facet count after its ranking) find the workers still spinning; a lone search leaves them
// spinning this long on otherwise idle cores, then they sleep. On a busy machine nobody spins.
constexpr std::chrono::microseconds kSpin{2000};

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

// True as soon as ready() is; false when kSpin passed first.
template <typename Ready>
bool spin_until(const Ready& ready) {
  const auto deadline = std::chrono::steady_clock::now() + kSpin;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    cpu_relax();
    if (i % 64 == 0 && std::chrono::steady_clock::now() > deadline) return ready();
  }
}

}  // namespace

SplitWorkers::SplitWorkers(std::size_t partitions, Opener open, Opener open_articles)
    : partitions_(std::clamp<std::size_t>(partitions, 1, kIndexMask)),
      open_(std::move(open)),
      open_articles_(std::move(open_articles)),
      errors_(partitions_) {
  threads_.reserve(partitions_ - 1);
  for (std::size_t i = 1; i < partitions_; ++i) threads_.emplace_back([this] { work(); });
}

SplitWorkers::~SplitWorkers() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void SplitWorkers::reopen() { generation_.fetch_add(1, std::memory_order_relaxed); }

std::size_t SplitWorkers::claim(std::uint64_t round) {
  std::uint64_t t = round_.load(std::memory_order_acquire);
  for (;;) {
    if ((t >> kIndexBits) != round || (t & kIndexMask) >= partitions_) return partitions_;
    // Only from the round it read: a round that moved on fails the exchange and is looked at again.
    if (round_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
      return static_cast<std::size_t>(t & kIndexMask);
    }
  }
}

void SplitWorkers::run_one(std::size_t partition, Xapian::Database& db) {
  std::exception_ptr error;
  try {
    (*task_)(Partition{partition, partitions_}, db);
  } catch (...) {
    error = std::current_exception();
  }
  errors_[partition] = error;
  if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    const std::lock_guard<std::mutex> lock(mutex_);  // the caller cannot miss the last one
    done_.notify_one();
  }
}

void SplitWorkers::run(Xapian::Database& own, const Task& task) { run_round(own, task, 0); }

void SplitWorkers::run_articles(Xapian::Database& own, const Task& task) { run_round(own, task, 1); }

void SplitWorkers::run_round(Xapian::Database& own, const Task& task, std::size_t side) {
  using Clock = std::chrono::steady_clock;
  // No partition is claimable here (the previous round's were all claimed and finished): nothing
  // the workers read is being written, until the new round is published.
  task_ = &task;
  side_.store(side, std::memory_order_relaxed);
  // Workers asleep when the round starts need a wake-up first (tens of microseconds on a virtual
  // machine): a partition the caller takes meanwhile says nothing of the machine's load. Only
  // workers that were spinning, yet not at their partition by the time the caller's own was
  // done, were kept from a core (held workers stand for those).
  const bool spinning = held_.load(std::memory_order_acquire) || spinning_.load(std::memory_order_relaxed) + 1 >= partitions_;
  for (std::exception_ptr& error : errors_) error = nullptr;
  pending_.store(partitions_ - 1, std::memory_order_relaxed);
  {
    const std::lock_guard<std::mutex> lock(mutex_);  // a sleeping worker cannot miss the round
    const std::uint64_t next_round = (round_.load(std::memory_order_relaxed) >> kIndexBits) + 1;
    round_.store(next_round << kIndexBits | 1, std::memory_order_release);  // partition 0 is ours
  }
  if (!threads_.empty()) wake_.notify_all();
  const Clock::time_point started = Clock::now();
  try {
    task(Partition{0, partitions_}, own);
  } catch (...) {
    errors_[0] = std::current_exception();
  }
  const Clock::time_point own_done = Clock::now();
  // What no worker has claimed yet, this thread runs: a worker without a core delays nothing.
  std::size_t stolen = 0;
  const std::uint64_t this_round = round_.load(std::memory_order_relaxed) >> kIndexBits;
  for (std::size_t partition; (partition = claim(this_round)) < partitions_;) {
    ++stolen;
    run_one(partition, own);
  }
  const Clock::time_point claimed = Clock::now();
  const auto all_done = [this] { return pending_.load(std::memory_order_acquire) == 0; };
  if (!all_done() && !(spin_.load(std::memory_order_relaxed) && spin_until(all_done))) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, all_done);
  }
  task_ = nullptr;
  if (partitions_ > 1) finish_round(own_done - started, Clock::now() - claimed, stolen, spinning);
  for (const std::exception_ptr& error : errors_) {
    if (error) std::rethrow_exception(error);
  }
}

void SplitWorkers::finish_round(std::chrono::steady_clock::duration own_part, std::chrono::steady_clock::duration waited,
                                std::size_t stolen, bool spinning) {
  ++load_.rounds;
  load_.steals += stolen;
  const bool busy = (stolen > 0 && spinning) || (waited > own_part && waited >= kLateWait);
  if (!busy) {
    load_.backoff = std::chrono::microseconds{0};
    resume_at_ = {};  // an explicit --search-threads N split while backing off: it is over
    spin_.store(true, std::memory_order_relaxed);
    return;
  }
  ++load_.busy_rounds;
  load_.backoff = load_.backoff.count() == 0 ? kBackoffFirst : std::min(load_.backoff * 2, kBackoffMost);
  resume_at_ = std::chrono::steady_clock::now() + load_.backoff;
  spin_.store(false, std::memory_order_relaxed);
}

void SplitWorkers::work() {
  // By side (SplitWorkers::side_): the passage shards, the article shards.
  Xapian::Database databases[2];
  bool opened[2] = {false, false};
  std::uint64_t seen_generation[2] = {0, 0};
  std::uint64_t seen_round = 0;  // the last round this worker found nothing left to claim in
  for (;;) {
    const auto called = [&] {
      return (round_.load(std::memory_order_acquire) >> kIndexBits) != seen_round || stopping_.load(std::memory_order_acquire);
    };
    if (!called()) {
      bool ready = false;
      if (spin_.load(std::memory_order_relaxed)) {
        spinning_.fetch_add(1, std::memory_order_relaxed);
        ready = spin_until(called);
        spinning_.fetch_sub(1, std::memory_order_relaxed);
      }
      if (!ready) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, called);
      }
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    const std::uint64_t woken_by = round_.load(std::memory_order_acquire);
    // Published with the round: a later round's side can only make this one claim nothing.
    const std::size_t side = side_.load(std::memory_order_relaxed);
    const Opener& open = side == 0 ? open_ : open_articles_;
    // The database first, before claiming: meanwhile the caller may take the partition itself.
    // A fresh open rather than Database::reopen(): it goes through the same error mapping.
    const std::uint64_t generation = generation_.load(std::memory_order_relaxed);
    if (open && (!opened[side] || generation != seen_generation[side])) {
      opened[side] = false;
      try {
        databases[side] = open();
        opened[side] = true;
        seen_generation[side] = generation;
      } catch (...) {
        // Nothing claimed: the caller runs this round's partitions with its own database, which
        // is open. The next round tries again.
      }
    }
    // Claims from the round it woke for only: its database was checked against that round's
    // generation (a later round may follow a reopen()).
    const std::uint64_t round = woken_by >> kIndexBits;
    if (opened[side] && !held_.load(std::memory_order_acquire)) {
      for (std::size_t partition; (partition = claim(round)) < partitions_;) run_one(partition, databases[side]);
    }
    seen_round = round;
  }
}

}  // namespace dossier
