#include "searcher/speedup/split_workers.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "searcher/corpus_index.h"

using namespace dossier;

namespace {

struct Opens {
  std::atomic<int> count{0};
  std::atomic<bool> fail{false};
  SplitWorkers::Opener opener() {
    return [this] {
      ++count;
      if (fail) throw Xapian::DatabaseOpeningError("cannot open (test)");
      return Xapian::Database(testing::sharded_db());
    };
  }
};

}  // namespace

TEST_CASE("SplitWorkers runs the task once per partition, partition 0 on the caller with its own database") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  for (std::size_t partitions : {1u, 2u, 3u}) {
    CAPTURE(partitions);
    SplitWorkers workers(partitions, opens.opener());
    CHECK(workers.partitions() == partitions);
    for (int round = 0; round < 3; ++round) {
      std::mutex mutex;
      std::set<std::size_t> seen;
      std::set<std::thread::id> threads;
      bool own_on_caller = false;
      const std::thread::id caller = std::this_thread::get_id();
      workers.run(own, [&](const Partition& scope, Xapian::Database& db) {
        const std::lock_guard<std::mutex> lock(mutex);
        CHECK(scope.partitions == partitions);
        seen.insert(scope.partition);
        threads.insert(std::this_thread::get_id());
        if (scope.partition == 0) own_on_caller = &db == &own && std::this_thread::get_id() == caller;
        CHECK(db.get_doccount() == own.get_doccount());
      });
      CHECK(seen.size() == partitions);
      CHECK(threads.size() == partitions);
      CHECK(own_on_caller);
    }
  }
  CHECK(opens.count == 1 + 2);  // each worker opened once, not once per task
}

TEST_CASE("SplitWorkers: a worker's exception reaches the caller with its type; the workers carry on") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(3, opens.opener());
  CHECK_THROWS_AS(workers.run(own,
                              [](const Partition& scope, Xapian::Database&) {
                                if (scope.partition == 2) throw Xapian::DatabaseModifiedError("moved on (test)");
                              }),
                  Xapian::DatabaseModifiedError);
  CHECK_THROWS_AS(workers.run(own,
                              [](const Partition& scope, Xapian::Database&) {
                                if (scope.partition == 0) throw std::runtime_error("caller (test)");
                              }),
                  std::runtime_error);
  std::atomic<int> ran{0};
  workers.run(own, [&](const Partition&, Xapian::Database&) { ++ran; });
  CHECK(ran == 3);
}

TEST_CASE("SplitWorkers: reopen() makes every worker open again; a failed open is retried at the next task") {
  Opens opens;
  Xapian::Database own(testing::sharded_db());
  SplitWorkers workers(2, opens.opener());
  const auto nothing = [](const Partition&, Xapian::Database&) {};
  workers.run(own, nothing);
  workers.run(own, nothing);
  CHECK(opens.count == 1);
  workers.reopen();
  workers.run(own, nothing);
  CHECK(opens.count == 2);

  workers.reopen();
  opens.fail = true;
  CHECK_THROWS_AS(workers.run(own, nothing), Xapian::DatabaseOpeningError);
  opens.fail = false;
  workers.run(own, nothing);
  CHECK(opens.count == 4);
}
