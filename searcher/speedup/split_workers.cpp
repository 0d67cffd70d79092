#include "searcher/speedup/split_workers.h"

#include <chrono>
#include <utility>

namespace dossier {

namespace {

// How long a thread that waits for the other side spins before it sleeps. Waking a sleeping
// thread costs two system calls and a scheduler wake-up, tens of microseconds on a virtual
// machine: as much as a whole rare-word search. Searches that follow each other (a benchmark,
// a facet count after its ranking) find the workers still spinning; a lone search leaves them
// spinning this long on otherwise idle cores, then they sleep.
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

SplitWorkers::SplitWorkers(std::size_t partitions, Opener open)
    : partitions_(partitions < 1 ? 1 : partitions), open_(std::move(open)), errors_(partitions_) {
  threads_.reserve(partitions_ - 1);
  for (std::size_t partition = 1; partition < partitions_; ++partition) threads_.emplace_back([this, partition] { work(partition); });
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

void SplitWorkers::run(Xapian::Database& own, const Task& task) {
  // The workers are idle here (the previous run waited for them all): nothing they read is
  // being written, until the new round is published.
  task_ = &task;
  for (std::exception_ptr& error : errors_) error = nullptr;
  pending_.store(threads_.size(), std::memory_order_relaxed);
  {
    const std::lock_guard<std::mutex> lock(mutex_);  // a sleeping worker cannot miss the round
    round_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  std::exception_ptr own_error;
  try {
    task(Partition{0, partitions_}, own);
  } catch (...) {
    own_error = std::current_exception();
  }
  const auto all_done = [this] { return pending_.load(std::memory_order_acquire) == 0; };
  if (!spin_until(all_done)) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, all_done);
  }
  task_ = nullptr;
  if (own_error) std::rethrow_exception(own_error);
  for (const std::exception_ptr& error : errors_) {
    if (error) std::rethrow_exception(error);
  }
}

void SplitWorkers::work(std::size_t partition) {
  Xapian::Database db;
  bool opened = false;
  std::uint64_t seen_round = 0;
  std::uint64_t seen_generation = 0;
  for (;;) {
    std::uint64_t round = seen_round;
    const auto called = [&] {
      round = round_.load(std::memory_order_acquire);
      return round != seen_round || stopping_.load(std::memory_order_acquire);
    };
    if (!spin_until(called)) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, called);
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    seen_round = round;
    std::exception_ptr error;
    try {
      // A fresh open rather than Database::reopen(): it goes through the same error mapping.
      const std::uint64_t generation = generation_.load(std::memory_order_relaxed);
      if (!opened || generation != seen_generation) {
        opened = false;
        db = open_();
        opened = true;
        seen_generation = generation;
      }
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
}

}  // namespace dossier
