// Tests for common/meta_seal.cpp: a seal holds while meta's bytes stay the same, and breaks on
// any change of content or size; the lock file does not count.
#include "common/meta_seal.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

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
