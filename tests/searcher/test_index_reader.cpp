#include "searcher/index_reader.h"

#include <doctest/doctest.h>

#include <string>

#include "common/error.h"

using namespace dossier;

TEST_CASE("torn_read: the errors a block read mid-commit gives, and no others") {
  CHECK(torn_read(Xapian::DatabaseCorruptError("Block 12 has wrong level")));
  CHECK(torn_read(Xapian::DatabaseError("EOF reading block 1610612769")));
  CHECK_FALSE(torn_read(Xapian::DatabaseError("Couldn't read block: disk full")));
  CHECK_FALSE(torn_read(Xapian::DatabaseOpeningError("Couldn't open iamglass")));
  CHECK_FALSE(torn_read(Xapian::InvalidArgumentError("EOF reading block 3")));  // not a database error
  CHECK_FALSE(torn_read(Xapian::DatabaseModifiedError("revision 4 gone")));
  CHECK(revision_moved(Xapian::DatabaseModifiedError("revision 4 gone")));
  CHECK(revision_moved(Xapian::DatabaseError("EOF reading block 9")));
  CHECK_FALSE(revision_moved(Xapian::DatabaseError("Couldn't read block: disk full")));
}

// Regression: a searcher reading the entity table while an indexer committed got "EOF reading
// block N" and failed the search with exit 2, because the entity table's guard turned every Xapian
// error into a DatabaseError; Searcher::search retries only Xapian's own.
TEST_CASE("guard_read lets through what the searcher retries and names the rest") {
  const std::string what = "/db: cannot read the entity table";
  CHECK(guard_read(what, [] { return 7; }) == 7);
  CHECK_THROWS_AS(guard_read(what, []() -> int { throw Xapian::DatabaseError("EOF reading block 1610612769"); }),
                  Xapian::DatabaseError);
  CHECK_THROWS_AS(guard_read(what, []() -> int { throw Xapian::DatabaseCorruptError("Block 3 checksum"); }),
                  Xapian::DatabaseCorruptError);
  CHECK_THROWS_AS(guard_read(what, []() -> int { throw Xapian::DatabaseModifiedError("revision 4 gone"); }),
                  Xapian::DatabaseModifiedError);
  CHECK_THROWS_AS(guard_read(what, []() -> int { throw Xapian::NetworkError("timeout"); }), Xapian::NetworkError);
  try {
    guard_read(what, []() -> int { throw Xapian::DatabaseError("Couldn't read block: disk full"); });
    FAIL("no error");
  } catch (const DatabaseError& e) {
    CHECK(std::string(e.what()).rfind(what + ": ", 0) == 0);
    CHECK(std::string(e.what()).find("disk full") != std::string::npos);
  }
}
