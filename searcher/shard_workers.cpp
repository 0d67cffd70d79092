#include "searcher/shard_workers.h"

#include <utility>

namespace dossier {

ShardWorkers::ShardWorkers(std::size_t partitions, Opener open)
    : partitions_(partitions < 1 ? 1 : partitions), open_(std::move(open)), errors_(partitions_) {
  threads_.reserve(partitions_ - 1);
  for (std::size_t partition = 1; partition < partitions_; ++partition) threads_.emplace_back([this, partition] { work(partition); });
}

ShardWorkers::~ShardWorkers() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void ShardWorkers::reopen() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
}

void ShardWorkers::run(Xapian::Database& own, const Task& task) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    ++round_;
    pending_ = threads_.size();
    for (std::exception_ptr& error : errors_) error = nullptr;
  }
  wake_.notify_all();
  std::exception_ptr own_error;
  try {
    task(ShardScope{0, partitions_}, own);
  } catch (...) {
    own_error = std::current_exception();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
  task_ = nullptr;
  if (own_error) std::rethrow_exception(own_error);
  for (const std::exception_ptr& error : errors_) {
    if (error) std::rethrow_exception(error);
  }
}

void ShardWorkers::work(std::size_t partition) {
  Xapian::Database db;
  bool opened = false;
  std::uint64_t seen_round = 0;
  std::uint64_t seen_generation = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || round_ != seen_round; });
    if (stopping_) return;
    seen_round = round_;
    const Task* task = task_;
    const std::uint64_t generation = generation_;
    lock.unlock();
    std::exception_ptr error;
    try {
      // A fresh open rather than Database::reopen(): it goes through the same error mapping.
      if (!opened || generation != seen_generation) {
        opened = false;
        db = open_();
        opened = true;
        seen_generation = generation;
      }
      (*task)(ShardScope{partition, partitions_}, db);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    errors_[partition] = error;
    if (--pending_ == 0) done_.notify_one();
  }
}

}  // namespace dossier
