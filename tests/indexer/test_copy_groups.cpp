// Tests for indexer/copy_groups.cpp: labelling near-duplicates at index time, across runs, and
// the same labels whatever --jobs and the shard count.
#include "indexer/copy_groups.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/copy_index.h"
#include "common/schema.h"
#include "common/similarity.h"
#include "indexer/indexer.h"
#include "test_support.h"

using namespace dossier;
using testing::TempDir;

namespace {

// A story of 120 words: word i of story s.
std::vector<std::string> story(int s, std::size_t words = 120) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words; ++i) out.push_back("s" + std::to_string(s) + "w" + std::to_string(i));
  return out;
}

// The story with two words replaced and five added at the end: a copy.
std::vector<std::string> edited(std::vector<std::string> words) {
  words[10] = "changed";
  words[70] = "edited";
  for (int i = 0; i < 5; ++i) words.push_back("added" + std::to_string(i));
  return words;
}

CopyKey key(const std::vector<std::string>& words) { return copy_key(words); }

struct Meta {
  TempDir dir;
  Xapian::WritableDatabase db{dir.file("meta"), Xapian::DB_CREATE_OR_OPEN};
};

}  // namespace

TEST_CASE("a copy joins its original's group; another story founds its own") {
  Meta meta;
  CopyGroups groups(meta.db);
  CHECK(groups.assign("a", key(story(1))) == copy_label("a"));
  CHECK(groups.assign("b", key(edited(story(1)))) == copy_label("a"));
  CHECK(groups.assign("c", key(story(2))) == copy_label("c"));
  CHECK(groups.assign("d", key(story(1))) == copy_label("a"));  // an exact copy too
  CHECK(groups.joined() == 2);
}

TEST_CASE("short articles are never grouped") {
  Meta meta;
  CopyGroups groups(meta.db);
  const std::vector<std::string> brief = story(1, kMinWords - 1);
  CHECK(groups.assign("a", key(brief)) == copy_label("a"));
  CHECK(groups.assign("b", key(brief)) == copy_label("b"));
  CHECK(groups.joined() == 0);
}

TEST_CASE("the index persists across runs: a copy added later joins the group") {
  Meta meta;
  {
    CopyGroups run1(meta.db);
    run1.assign("a", key(story(1)));
    run1.assign("c", key(story(2)));
    run1.write(meta.db);
    meta.db.commit();
  }
  CopyGroups run2(meta.db);
  CHECK(run2.assign("later", key(edited(story(2)))) == copy_label("c"));
  CHECK(run2.assign("new", key(story(3))) == copy_label("new"));
}

TEST_CASE("uncommitted changes are not read back from meta before write()") {
  Meta meta;
  CopyGroups groups(meta.db);
  groups.assign("a", key(story(1)));
  CHECK(meta.db.get_metadata(copy_article_key("a")).empty());
  groups.write(meta.db);
  CHECK_FALSE(meta.db.get_metadata(copy_article_key("a")).empty());
}

TEST_CASE("deleting a group's first article keeps the group; its label is never reused for another story") {
  Meta meta;
  CopyGroups groups(meta.db);
  groups.assign("a", key(story(1)));
  groups.assign("b", key(edited(story(1))));
  groups.remove("a");
  // A later copy still finds the group through b.
  CHECK(groups.assign("e", key(story(1))) == copy_label("a"));
  // "a" comes back as a different story: its old label is still b's and e's.
  const std::string fresh = groups.assign("a", key(story(5)));
  CHECK(fresh == copy_label("a", 1));
  // And as a copy again: it rejoins.
  CHECK(groups.assign("a", key(story(1))) == copy_label("a"));
  // Once nobody else has the old label, it is free again.
  groups.remove("b");
  groups.remove("e");
  groups.remove("a");
  CHECK(groups.assign("a", key(story(6))) == copy_label("a"));
  groups.write(meta.db);
  // Nothing is left of the removed ones.
  CHECK(meta.db.get_metadata(copy_article_key("b")).empty());
  CHECK(meta.db.get_metadata(copy_group_key(copy_label("a"))).empty());
}

TEST_CASE("a replaced article leaves its group when its text changes") {
  Meta meta;
  CopyGroups groups(meta.db);
  groups.assign("a", key(story(1)));
  CHECK(groups.assign("b", key(edited(story(1)))) == copy_label("a"));
  CHECK(groups.assign("b", key(story(7))) == copy_label("b"));
  CHECK(groups.assign("b", key(story(7))) == copy_label("b"));  // re-written unchanged: the same
}

TEST_CASE("an article that is a copy of two groups joins the more similar one") {
  // Two editions of one 200-word story with different endings of 65 words: not copies of each
  // other (J = 0.60, estimated 0.63). A third edition with the first 10 words of one ending is a
  // copy of both (J = 0.79 and 0.72, estimated 0.80 and 0.75) and joins the closer.
  const auto with_tail = [](const std::string& tail, std::size_t tail_words) {
    std::vector<std::string> words = story(1, 200);
    for (std::size_t i = 0; i < tail_words; ++i) words.push_back(tail + std::to_string(i));
    return words;
  };
  Meta meta;
  CopyGroups groups(meta.db);
  REQUIRE(groups.assign("b", key(with_tail("y", 65))) == copy_label("b"));
  REQUIRE(groups.assign("a", key(with_tail("x", 65))) == copy_label("a"));  // not b's copy
  const CopyKey middle = key(with_tail("x", 10));
  REQUIRE(are_copies(middle, key(with_tail("y", 65))));
  CHECK(groups.assign("c", middle) == copy_label("a"));
}

TEST_CASE("a big bucket stops growing but its story is still found") {
  Meta meta;
  CopyGroups groups(meta.db);
  for (std::size_t i = 0; i < CopyGroups::kBucketLimit + 5; ++i) {
    CHECK(groups.assign("copy" + std::to_string(i), key(story(1))) == copy_label("copy0"));
  }
  groups.write(meta.db);
  const std::vector<std::uint64_t> bands = copy_bands(key(story(1)));
  const auto bucket = decode_id_list(meta.db.get_metadata(copy_band_key(0, bands[0])));
  REQUIRE(bucket);
  CHECK(bucket->size() == CopyGroups::kBucketLimit);
  // Every copy left the group in turn: the label's entry goes with its last member.
  for (std::size_t i = 0; i < CopyGroups::kBucketLimit + 5; ++i) groups.remove("copy" + std::to_string(i));
  groups.write(meta.db);
  CHECK(meta.db.get_metadata(copy_group_key(copy_label("copy0"))).empty());
  CHECK(meta.db.get_metadata(copy_band_key(0, bands[0])).empty());
}

TEST_CASE("the longest ids fit Xapian's limits on metadata keys") {
  Meta meta;
  CopyGroups groups(meta.db);
  const std::string a(200, 'a'), b(200, 'b');  // the indexer's longest ids
  groups.assign(a, key(story(1)));
  CHECK(groups.assign(b, key(story(1))) == copy_label(a));
  groups.remove(a);
  CHECK(groups.assign(a, key(story(2))) == copy_label(a, 1));
  groups.write(meta.db);
  meta.db.commit();
  CHECK_FALSE(meta.db.get_metadata(copy_group_key(copy_label(a))).empty());
  // And the passages' copy term (Xapian refuses terms over 245 bytes when the document is added).
  Xapian::WritableDatabase shard(meta.dir.file("shard"), Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  doc.add_boolean_term(schema::copy_group_term(copy_label(a, 99)));
  CHECK_NOTHROW(shard.add_document(doc));
}

namespace {

// An archive with copies across files: plain articles, two of them copies of the first.
void write_archive(const TempDir& dir) {
  const auto text = [](int s, bool copy) {
    std::string body;
    std::vector<std::string> words = copy ? edited(story(s)) : story(s);
    for (std::size_t i = 0; i < words.size(); ++i) body += (i % 40 == 0 && i > 0 ? "\n\n" : i > 0 ? " " : "") + words[i];
    return body + "\n";
  };
  for (int i = 0; i < 12; ++i) {
    dir.write("in/orig" + std::to_string(i) + ".txt", "Title: Story " + std::to_string(i) + "\nID: orig" + std::to_string(i) + "\n\n" + text(i, false));
    if (i % 3 == 0) {
      dir.write("in/copy" + std::to_string(i) + ".txt", "Title: Repost " + std::to_string(i) + "\nID: copy" + std::to_string(i) + "\n\n" + text(i, true));
      dir.write("in/zcopy" + std::to_string(i) + ".txt", "Title: Again " + std::to_string(i) + "\nID: zcopy" + std::to_string(i) + "\n\n" + text(i, false));
    }
  }
}

// Article id -> copy label, from the passages of every shard.
std::map<std::string, std::string> labels_of(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::map<std::string, std::string> labels;
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    try {
      const Xapian::Document doc = db.get_document(id);
      labels[doc.get_value(schema::kSlotArticleId)] = doc.get_value(schema::kSlotCopyGroup);
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  return labels;
}

std::map<std::string, std::string> index_archive(const TempDir& dir, const std::string& name, std::size_t jobs, std::size_t shards) {
  IndexerOptions options;
  options.inputs = {dir.file("in")};
  options.db_path = dir.file(name);
  options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
  options.quiet = true;
  options.jobs = jobs;
  options.shards = shards;
  std::ostringstream out, err;
  const IndexSummary summary = Indexer(options, out, err).run();
  CHECK(summary.copies_joined == 8);
  return labels_of(options.db_path);
}

}  // namespace

TEST_CASE("the labels are the same with -j 1 and -j 2, one shard or several") {
  TempDir dir;
  write_archive(dir);
  const auto one = index_archive(dir, "one.db", 1, 1);
  const auto two = index_archive(dir, "two.db", 2, 3);
  const auto four = index_archive(dir, "four.db", 2, 4);
  REQUIRE(one.size() == 20);
  CHECK(one == two);
  CHECK(one == four);
  for (int i = 0; i < 12; i += 3) {
    const std::string n = std::to_string(i);
    CHECK(one.at("orig" + n) == copy_label("copy" + n));  // files are read in name order: copyN first
    CHECK(one.at("zcopy" + n) == copy_label("copy" + n));
  }
  CHECK(one.at("orig1") == copy_label("orig1"));
}
