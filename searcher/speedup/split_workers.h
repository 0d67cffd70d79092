// Threads that share one search: partition 0 runs on the calling thread, partitions 1..N-1 on
// worker threads, each with a Xapian::Database of its own (a Xapian object must never be used
// by two threads at once, and Xapian::Query's reference counts are not atomic, so nothing
// Xapian-made crosses threads: tasks pass serialised queries and plain results).
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "searcher/speedup/partition.h"

namespace dossier {

class SplitWorkers {
 public:
  using Task = std::function<void(const Partition& scope, Xapian::Database& db)>;
  using Opener = std::function<Xapian::Database()>;

  // partitions - 1 worker threads; each opens its database with open() before its first task
  // and after reopen() (on the worker, so that the opening overlaps the caller's own part).
  SplitWorkers(std::size_t partitions, Opener open);
  ~SplitWorkers();
  SplitWorkers(const SplitWorkers&) = delete;
  SplitWorkers& operator=(const SplitWorkers&) = delete;

  std::size_t partitions() const { return partitions_; }

  // task(scope, db) for every partition, partition 0 with own on this thread; returns when all
  // are done. An exception from any partition is rethrown here, the caller's own first (a
  // Xapian::DatabaseModifiedError keeps its type, so Searcher's retry sees it).
  void run(Xapian::Database& own, const Task& task);

  // The caller reopened its database: every worker reopens its own before its next task.
  void reopen();

 private:
  void work(std::size_t partition);

  const std::size_t partitions_;
  const Opener open_;
  std::mutex mutex_;  // with the condition variables, for threads that stopped spinning
  std::condition_variable wake_;
  std::condition_variable done_;
  const Task* task_ = nullptr;                 // written only while every worker is idle
  std::atomic<std::uint64_t> round_{0};        // one per run()
  std::atomic<std::uint64_t> generation_{0};   // one per reopen()
  std::atomic<std::size_t> pending_{0};        // workers still busy with this round
  std::atomic<bool> stopping_{false};
  std::vector<std::exception_ptr> errors_;  // by partition
  std::vector<std::thread> threads_;
};

}  // namespace dossier
