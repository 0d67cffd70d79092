// Tests for indexer/article_owners.cpp: default id bases unique per source file and stable over
// runs, and which files still list an id.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "indexer/article_owners.h"

using dossier::ArticleOwners;
using dossier::InputFile;
using dossier::InputFormat;
using dossier::ManifestEntry;

namespace {

InputFile file(const std::string& canonical, const std::string& base, InputFormat format = InputFormat::Plain) {
  return InputFile{canonical, format, base, canonical};
}

ManifestEntry entry(const std::string& path, const std::string& base, std::vector<std::string> ids) {
  ManifestEntry e;
  e.path = path;
  e.id_base = base;
  for (auto& id : ids) e.articles.push_back({id, 1});
  return e;
}

}  // namespace

TEST_CASE("choose_base: the relative path, lengthened with parent folders when another file has it") {
  ArticleOwners owners({});
  CHECK(owners.choose_base(file("/d/bbc/politics/001.txt", "001"), nullptr) == "001");
  CHECK(owners.choose_base(file("/d/bbc/business/001.txt", "001"), nullptr) == "business/001");
  CHECK(owners.choose_base(file("/e/bbc/business/001.txt", "001"), nullptr) == "bbc/business/001");
  CHECK(owners.choose_base(file("/f/bbc/business/001.txt", "001"), nullptr) == "f/bbc/business/001");
  // The same file again keeps what it has.
  CHECK(owners.choose_base(file("/d/bbc/politics/001.txt", "001"), nullptr) == "001");
  CHECK(owners.choose_base(file("/x/sub/Wire.jsonl", "sub/Wire", InputFormat::JsonLines), nullptr) == "sub/Wire");
  CHECK(owners.choose_base(file("/y/sub/Wire.jsonl", "sub/Wire", InputFormat::JsonLines), nullptr) == "y/sub/Wire");
}

TEST_CASE("choose_base: claims stored by earlier runs count, and a file keeps its stored base") {
  std::map<std::string, ManifestEntry> manifest;
  manifest["/d/bbc/politics/001.txt"] = entry("/d/bbc/politics/001.txt", "001", {"001"});
  const ManifestEntry business = entry("/d/bbc/business/001.txt", "business/001", {"business/001"});
  manifest[business.path] = business;
  ArticleOwners owners(manifest);
  CHECK(owners.choose_base(file("/d/bbc/business/001.txt", "001"), &business) == "business/001");
  CHECK(owners.choose_base(file("/d/other/001.txt", "001"), nullptr) == "other/001");
  CHECK(owners.base_of("/d/bbc/business/001.txt") == "business/001");
}

TEST_CASE("choose_base: a plain file's default id never takes another file's explicit id") {
  std::map<std::string, ManifestEntry> manifest;
  manifest["/d/wire.jsonl"] = entry("/d/wire.jsonl", "wire", {"report"});
  ArticleOwners owners(manifest);
  CHECK(owners.choose_base(file("/d/in/report.txt", "report"), nullptr) == "in/report");
}

TEST_CASE("other_owner: the files that still list an id after updates and releases") {
  std::map<std::string, ManifestEntry> manifest;
  const ManifestEntry a = entry("/d/a.jsonl", "a", {"x1", "x2"});
  const ManifestEntry b = entry("/d/b.jsonl", "b", {"x1"});
  manifest[a.path] = a;
  manifest[b.path] = b;
  ArticleOwners owners(manifest);
  REQUIRE(owners.other_owner("x1", "/d/b.jsonl") != nullptr);
  CHECK(*owners.other_owner("x1", "/d/b.jsonl") == "/d/a.jsonl");
  CHECK(owners.other_owner("x2", "/d/a.jsonl") == nullptr);
  CHECK(owners.owns("x1", "/d/b.jsonl"));
  // a drops x1 (read again without it): b is the only owner left.
  owners.update(entry("/d/a.jsonl", "a", {"x2"}), a.articles);
  CHECK(owners.other_owner("x1", "/d/b.jsonl") == nullptr);
  CHECK_FALSE(owners.owns("x1", "/d/a.jsonl"));
  owners.release("/d/b.jsonl", b.articles, "b");
  CHECK_FALSE(owners.owns("x1", "/d/b.jsonl"));
  CHECK(owners.base_of("/d/b.jsonl").empty());
  // A released base is free again.
  CHECK(owners.choose_base(file("/e/b.jsonl", "b", InputFormat::JsonLines), nullptr) == "b");
}
