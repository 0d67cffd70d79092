// Threads that share one search: partition 0 runs on the calling thread, partitions 1..N-1 on
// whichever thread claims them first, a worker or the caller once its own part is done. Each
// thread has a Xapian::Database of its own (a Xapian object must never be used by two threads at
// once, and Xapian::Query's reference counts are not atomic, so nothing Xapian-made crosses
// threads: tasks pass serialised queries and plain results).
//
// On a busy machine (another process on the other cores, an indexer at night) a worker may not
// get a core for a whole scheduler slice. The caller then runs the worker's partition itself
// (a steal), so that a split search costs about what a single-threaded one does, and the
// workers report the machine as busy: worth_splitting() says no for a while (doubling while the
// machine stays busy), and nobody spins, which would only take time from the search.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "searcher/speedup/partition.h"

namespace dossier {

// What the last rounds showed of the machine (SplitWorkers::run records one per round).
struct SplitLoad {
  std::uint64_t rounds = 0;
  std::uint64_t steals = 0;            // partitions the caller ran because no worker had claimed them
  std::uint64_t busy_rounds = 0;       // rounds that found a worker late (a steal or a long wait)
  std::chrono::microseconds backoff{0};  // how long worth_splitting() says no after the last busy round
};

// The back-off after a busy round: from kBackoffFirst, doubling while rounds stay busy, at most
// kBackoffMost; an unhurried round ends it. A round is busy when the caller stole a partition
// from workers that were all spinning (a sleeping worker's wake-up is no sign of load: after a
// back-off they sleep, and the round that wakes them would only start another), or waited for
// the workers longer than its own part took and at least kLateWait.
inline constexpr std::chrono::microseconds kBackoffFirst{20000};
inline constexpr std::chrono::microseconds kBackoffMost{1000000};
inline constexpr std::chrono::microseconds kLateWait{1000};

class SplitWorkers {
 public:
  using Task = std::function<void(const Partition& scope, Xapian::Database& db)>;
  using Opener = std::function<Xapian::Database()>;

  // partitions - 1 worker threads; each opens its database with open() before its first task
  // and after reopen() (on the worker, so that the opening overlaps the caller's own part), and
  // its database of the article shards with open_articles() before its first run_articles().
  SplitWorkers(std::size_t partitions, Opener open, Opener open_articles = {});
  ~SplitWorkers();
  SplitWorkers(const SplitWorkers&) = delete;
  SplitWorkers& operator=(const SplitWorkers&) = delete;

  std::size_t partitions() const { return partitions_; }

  // task(scope, db) for every partition, exactly once each: partition 0 with own on this thread,
  // the others on the worker that claims them or, when none has, on this thread with own too;
  // returns when all are done. An exception from any partition is rethrown here, the caller's
  // own first (a Xapian::DatabaseModifiedError keeps its type, so Searcher's retry sees it).
  void run(Xapian::Database& own, const Task& task);
  // The same over the article shards (own: the caller's Database of them): the workers use
  // their own, from open_articles(); without one, the caller runs every partition.
  void run_articles(Xapian::Database& own, const Task& task);

  // The caller reopened its database: every worker reopens its own before its next task.
  void reopen();

  // False while the machine showed itself busy (see SplitLoad): a search that may choose
  // (--search-threads 0) then runs in one thread. Called by the caller's thread only.
  bool worth_splitting() const { return std::chrono::steady_clock::now() >= resume_at_; }
  // Workers spinning now: runnable threads of this process (speedup/core_load.h counts the rest).
  std::size_t spinning() const { return spinning_.load(std::memory_order_relaxed); }
  const SplitLoad& load() const { return load_; }

  // Tests: workers that never claim a partition, as if no core were free for them.
  void hold_workers_for_test(bool held) { held_.store(held, std::memory_order_release); }

 private:
  // round_ holds the round number above kIndexBits and the next unclaimed partition below.
  static constexpr int kIndexBits = 8;
  static constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kIndexBits) - 1;

  void work();
  // The next unclaimed partition of `round` (as its index), or partitions_ when all are or the
  // round is over.
  std::size_t claim(std::uint64_t round);
  void run_one(std::size_t partition, Xapian::Database& db);
  // spinning: every worker was spinning when the round started (a steal then means no core).
  void finish_round(std::chrono::steady_clock::duration own_part, std::chrono::steady_clock::duration waited, std::size_t stolen,
                    bool spinning);

  const std::size_t partitions_;
  void run_round(Xapian::Database& own, const Task& task, std::size_t side);

  const Opener open_;
  const Opener open_articles_;
  std::atomic<std::size_t> side_{0};           // the round's databases: 0 the passages', 1 the articles'
  std::mutex mutex_;  // with the condition variables, for threads that stopped spinning
  std::condition_variable wake_;
  std::condition_variable done_;
  const Task* task_ = nullptr;                 // written only while no partition is claimable
  std::atomic<std::uint64_t> round_{0};        // round << kIndexBits | next partition to claim
  std::atomic<std::uint64_t> generation_{0};   // one per reopen()
  std::atomic<std::size_t> pending_{0};        // partitions 1.. not finished yet this round
  std::atomic<bool> stopping_{false};
  std::atomic<bool> spin_{true};               // false while the machine is busy: sleep at once
  std::atomic<bool> held_{false};
  std::atomic<std::size_t> spinning_{0};
  std::vector<std::exception_ptr> errors_;  // by partition
  std::vector<std::thread> threads_;
  // The caller's own bookkeeping (run() and worth_splitting() are called by one thread).
  std::chrono::steady_clock::time_point resume_at_{};
  SplitLoad load_;
};

}  // namespace dossier
