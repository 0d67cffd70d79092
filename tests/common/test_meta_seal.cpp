// Tests for common/meta_seal.cpp: a seal holds while meta's bytes stay the same, and breaks on
// any change of content or size; the lock file does not count. Unchanged files are recognised by
// their stat alone once the clock has moved on; a file written after the seal, a copy and an old
// seal are compared by content.
#include "common/meta_seal.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_support.h"

TEST_CASE("meta seal: holds for the same bytes, breaks on any change") {
  dossier::testing::TempDir dir;
  const std::string meta = dir.file("meta");
  std::filesystem::create_directories(meta);
  dir.write("meta/postlist.glass", std::string(100000, 'a') + "tail");
  dir.write("meta/iamglass", "revision 1");
  dir.write("meta/flintlock", "");
  const std::string db = dir.path().string();

  CHECK_FALSE(dossier::meta_sealed(db, meta));  // no seal yet
  const std::string seal = dossier::meta_seal_of(meta);
  CHECK(seal.find("postlist.glass 100004 ") != std::string::npos);
  CHECK(seal.find("flintlock") == std::string::npos);
  REQUIRE(dossier::write_meta_seal(db, seal));
  CHECK(dossier::meta_sealed(db, meta));

  dir.write("meta/flintlock", "locked by someone");  // the lock file is not content
  CHECK(dossier::meta_sealed(db, meta));

  dir.write("meta/postlist.glass", std::string(50000, 'a') + "b" + std::string(49999, 'a') + "tail");  // same size
  CHECK_FALSE(dossier::meta_sealed(db, meta));
  dir.write("meta/postlist.glass", std::string(100000, 'a') + "tail");
  CHECK(dossier::meta_sealed(db, meta));  // the same bytes again
  dir.write("meta/postlist.glass", std::string(100000, 'a'));  // truncated
  CHECK_FALSE(dossier::meta_sealed(db, meta));

  dir.write("meta.seal", "garbage");
  CHECK_FALSE(dossier::meta_sealed(db, meta));
  CHECK(dossier::meta_seal_of(dir.file("missing")).empty());
  CHECK_FALSE(dossier::write_meta_seal(db, ""));
}

TEST_CASE("meta seal: unchanged files by their stat, anything else by content") {
  using dossier::SealState;
  dossier::testing::TempDir dir;
  const std::string meta = dir.file("meta");
  std::filesystem::create_directories(meta);
  dir.write("meta/postlist.glass", std::string(100000, 'a') + "tail");
  dir.write("meta/iamglass", "revision 1");
  const std::string db = dir.path().string();
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kBroken);

  // Timestamps are coarse (a clock tick of a few ms): files written in the seal's tick are hashed.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(dossier::write_meta_seal(db, dossier::meta_seal_of(meta)));
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kByStat);

  // Rewritten with the same bytes after the seal: its times moved, its content holds.
  dir.write("meta/iamglass", "revision 1");
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kByContent);
  // The same size, other bytes, right after the seal (the same tick, perhaps): broken.
  dir.write("meta/iamglass", "revision 2");
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kBroken);
  dir.write("meta/iamglass", "revision 1");

  // A copy of the database: new inodes and times, the same bytes.
  const std::string copy = dir.file("copy");
  std::filesystem::create_directories(copy);
  std::filesystem::copy(meta, copy + "/meta", std::filesystem::copy_options::recursive);
  std::filesystem::copy(dir.file("meta.seal"), copy + "/meta.seal");
  CHECK(dossier::meta_seal_state(copy, copy + "/meta") == SealState::kByContent);
  dir.write("copy/meta/postlist.glass", std::string(100000, 'a') + "tall");
  CHECK(dossier::meta_seal_state(copy, copy + "/meta") == SealState::kBroken);

  // A file more or fewer than the seal names.
  dir.write("meta/extra.glass", "x");
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kBroken);
  std::filesystem::remove(dir.file("meta/extra.glass"));
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kByContent);

  // A seal written before the stat fields: by content only.
  std::string old_seal = "dossier meta seal 1\n";
  std::istringstream lines(dossier::meta_seal_of(meta));
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name, size, hash;
    fields >> name >> size >> hash;
    old_seal += name + " " + size + " " + hash + "\n";
  }
  dir.write("meta.seal", old_seal);
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kByContent);
  dir.write("meta/postlist.glass", std::string(100000, 'b') + "tail");
  CHECK(dossier::meta_seal_state(db, meta) == SealState::kBroken);
}
