// Tests for indexer/shard_writers.cpp: articles routed to their shard (passages and article
// document), the counts of added, replaced and deleted articles, commits that readers see, and a
// worker's error reaching the caller.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/error.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"
#include "common/schema.h"
#include "indexer/shard_writers.h"
#include "test_support.h"

using dossier::Article;
using dossier::ShardWriters;
using dossier::WriterSetup;
using dossier::WriterStats;
using dossier::testing::TempDir;
namespace schema = dossier::schema;

namespace {

// Empty shards in a temp dir, a small gazetteer and its matcher: what IndexStore and the indexing
// run give ShardWriters.
struct Shards {
  explicit Shards(std::size_t count) {
    for (std::size_t shard = 0; shard < count; ++shard) {
      paths.push_back(dir.file(schema::shard_dir_name(shard)));
      Xapian::WritableDatabase(paths.back(), Xapian::DB_CREATE).close();
      article_paths.push_back(dir.file(schema::article_dir_name(shard)));
      Xapian::WritableDatabase(article_paths.back(), Xapian::DB_CREATE).close();
    }
    matcher = std::make_unique<dossier::EntityMatcher>(gazetteer, normaliser);
  }

  WriterSetup setup(std::size_t jobs) const {
    WriterSetup setup;
    setup.shard_paths = paths;
    setup.article_paths = article_paths;
    setup.open_flags = Xapian::DB_OPEN | Xapian::DB_NO_SYNC;  // as IndexStore::open_flags()
    setup.jobs = jobs;
    setup.queue_capacity = 4;  // small, so that the producer also waits for the workers
    setup.gazetteer = &gazetteer;
    setup.matcher = matcher.get();
    return setup;
  }

  // Which shards hold a passage of the article.
  std::vector<std::size_t> holding(const std::string& id) const {
    std::vector<std::size_t> found;
    for (std::size_t shard = 0; shard < paths.size(); ++shard) {
      if (Xapian::Database(paths[shard]).term_exists(schema::article_term(id))) found.push_back(shard);
    }
    return found;
  }

  Xapian::doccount documents(std::size_t shard) const { return Xapian::Database(paths[shard]).get_doccount(); }

  // Which article shards hold a document of the article, and how many (each should hold one).
  std::vector<std::size_t> article_holding(const std::string& id) const {
    std::vector<std::size_t> found;
    for (std::size_t shard = 0; shard < article_paths.size(); ++shard) {
      const Xapian::doccount docs = Xapian::Database(article_paths[shard]).get_termfreq(schema::article_term(id));
      for (Xapian::doccount i = 0; i < docs; ++i) found.push_back(shard);
    }
    return found;
  }
  Xapian::doccount article_documents(std::size_t shard) const {
    return Xapian::Database(article_paths[shard]).get_doccount();
  }
  // The article document of id (its shard must hold exactly one).
  Xapian::Document article_document(const std::string& id) const {
    const Xapian::Database db(article_paths[schema::shard_for(id, article_paths.size())]);
    return db.get_document(*db.postlist_begin(schema::article_term(id)));
  }

  TempDir dir;
  std::vector<std::string> paths, article_paths;
  dossier::Normaliser normaliser;
  dossier::Gazetteer gazetteer = dossier::make_gazetteer({dossier::parse_gazetteer(
      "@facet country\nid: XK\nname: Kosovo\nalias: Kosovo\nid: RS\nname: Serbia\nalias: Serbia\n", "countries.gaz")});
  std::unique_ptr<dossier::EntityMatcher> matcher;
};

Article article_of(const std::string& id, std::size_t passages) {
  Article article;
  article.meta.id = id;
  article.meta.title = "Talks on Kosovo";
  article.meta.date = "2024-03-05";
  article.meta.language = "en";
  std::vector<std::string> paragraphs;
  for (std::size_t i = 0; i < passages; ++i) paragraphs.push_back("Serbia and Kosovo met again, round " + std::to_string(i) + ".");
  article.passages = dossier::make_passages(paragraphs);
  article.origin = "test:" + id;
  return article;
}

}  // namespace

TEST_CASE("ShardWriters: every article lands in schema::shard_for(id, shards), whole") {
  for (const std::size_t jobs : {1u, 2u, 3u, 8u}) {  // fewer, as many and more workers than shards
    CAPTURE(jobs);
    Shards shards(3);
    std::vector<std::string> ids;
    std::size_t passages = 0;
    {
      ShardWriters writers(shards.setup(jobs));
      for (std::size_t i = 0; i < 30; ++i) {
        ids.push_back("wire/article-" + std::to_string(i));
        writers.index(article_of(ids.back(), 1 + i % 3));
        passages += 1 + i % 3;
      }
      writers.finish();
      const WriterStats stats = writers.stats();
      CHECK(stats.added == 30);
      CHECK(stats.replaced == 0);
      CHECK(stats.deleted == 0);
      CHECK(stats.passages == passages);
    }
    std::vector<std::size_t> per_shard(3);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      CAPTURE(ids[i]);
      const std::size_t shard = schema::shard_for(ids[i], 3);
      CHECK(shards.holding(ids[i]) == std::vector<std::size_t>{shard});
      CHECK(Xapian::Database(shards.paths[shard]).get_termfreq(schema::article_term(ids[i])) == 1 + i % 3);
      per_shard[shard] += 1 + i % 3;
    }
    for (std::size_t shard = 0; shard < 3; ++shard) CHECK(shards.documents(shard) == per_shard[shard]);
    // One article document per article, in the article shard of the same number.
    std::vector<std::size_t> articles_per_shard(3);
    for (const std::string& id : ids) {
      CAPTURE(id);
      const std::size_t shard = schema::shard_for(id, 3);
      CHECK(shards.article_holding(id) == std::vector<std::size_t>{shard});
      CHECK(shards.article_document(id).get_value(schema::kSlotArticleId) == id);
      ++articles_per_shard[shard];
    }
    for (std::size_t shard = 0; shard < 3; ++shard) CHECK(shards.article_documents(shard) == articles_per_shard[shard]);
  }
}

TEST_CASE("ShardWriters: replaced and deleted articles are counted") {
  Shards shards(2);
  {
    ShardWriters writers(shards.setup(2));
    writers.index(article_of("a", 2));
    writers.index(article_of("b", 1));
    writers.index(article_of("c", 3));
    writers.commit_all();
    writers.index(article_of("a", 1));  // replaces its 2 passages
    writers.index(article_of("d", 1));
    writers.index(article_of("d", 2));  // twice in one commit: replaced too
    writers.remove("b");
    writers.remove("never-indexed");    // nothing to delete: not counted
    writers.finish();
    const WriterStats stats = writers.stats();
    CHECK(stats.added == 4);
    CHECK(stats.replaced == 2);
    CHECK(stats.deleted == 1);
    CHECK(stats.passages == 2 + 1 + 3 + 1 + 1 + 2);  // every passage written, replaced ones too
  }
  CHECK(shards.holding("b").empty());
  CHECK(shards.documents(0) + shards.documents(1) == 1 + 3 + 2);
  const std::size_t a = schema::shard_for("a", 2), d = schema::shard_for("d", 2);
  CHECK(Xapian::Database(shards.paths[a]).get_termfreq(schema::article_term("a")) == 1);
  CHECK(Xapian::Database(shards.paths[d]).get_termfreq(schema::article_term("d")) == 2);
  // The article shards: one document per article left, the latest version of each.
  CHECK(shards.article_holding("b").empty());
  CHECK(shards.article_documents(0) + shards.article_documents(1) == 3);
  for (const char* id : {"a", "c", "d"}) {
    CAPTURE(id);
    CHECK(shards.article_holding(id) == std::vector<std::size_t>{schema::shard_for(id, 2)});
  }
  const auto wdf = [&](const std::string& id, const std::string& term) {
    const Xapian::Document doc = shards.article_document(id);
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
  };
  // "round" once per passage, "kosovo" once per passage and once for the title; the lead of an
  // article of several passages counts twice (schema::kArticleLeadWeight).
  static_assert(schema::kArticleLeadWeight == 2);
  CHECK(wdf("a", "Zround") == 1);
  CHECK(wdf("d", "Zround") == 2 + 1);
  CHECK(wdf("c", "Zround") == 2 + 1 + 1);
  CHECK(wdf("c", "Zkosovo") == 2 + 1 + 1 + 1);
  CHECK(wdf("d", "Zkosovo") == 2 + 1 + 1);
}

TEST_CASE("ShardWriters: an article removed after a run killed between its two commits leaves no article document") {
  // The state such a kill leaves: the passages' deletion committed, the article shard not.
  Shards shards(2);
  {
    ShardWriters writers(shards.setup(1));
    writers.index(article_of("gone", 2));
    writers.index(article_of("kept", 1));
    writers.finish();
  }
  const std::size_t shard = schema::shard_for("gone", 2);
  {
    Xapian::WritableDatabase passages(shards.paths[shard], Xapian::DB_OPEN);
    passages.delete_document(schema::article_term("gone"));
    passages.commit();
  }
  REQUIRE(shards.holding("gone").empty());
  REQUIRE(shards.article_holding("gone").size() == 1);
  {
    ShardWriters writers(shards.setup(2));
    writers.remove("gone");  // what the next run sends again: the manifest still lists it
    writers.finish();
    CHECK(writers.stats().deleted == 0);  // no passages were left to delete
  }
  CHECK(shards.article_holding("gone").empty());
  CHECK(shards.article_holding("kept").size() == 1);
}

TEST_CASE("ShardWriters: an article indexed again after a kill between its two commits has one article document") {
  // The state such a kill leaves: the new passages committed, the article shard with the old
  // version (or, for a new article, none); the next run reads the file again and sends it again.
  Shards shards(2);
  {
    ShardWriters writers(shards.setup(2));
    writers.index(article_of("edited", 3));
    writers.finish();
  }
  const std::size_t shard = schema::shard_for("edited", 2);
  {
    ShardWriters writers(shards.setup(2));
    writers.index(article_of("edited", 1));
    writers.index(article_of("new", 2));
    writers.commit_all();
    writers.finish();
  }
  // Put back the article shard as it was before the second run (the commit that never happened).
  {
    Xapian::WritableDatabase articles(shards.article_paths[shard], Xapian::DB_OPEN);
    Xapian::Document old;
    old.add_boolean_term(schema::article_term("edited"));
    old.add_term("Zround", 3);
    articles.replace_document(schema::article_term("edited"), old);
    articles.delete_document(schema::article_term("new"));
    articles.commit();
  }
  {
    ShardWriters writers(shards.setup(2));
    writers.index(article_of("edited", 1));
    writers.index(article_of("new", 2));
    writers.finish();
  }
  for (const char* id : {"edited", "new"}) {
    CAPTURE(id);
    CHECK(shards.article_holding(id) == std::vector<std::size_t>{schema::shard_for(id, 2)});
  }
  CHECK(shards.article_document("edited").get_value(schema::kSlotArticleId) == "edited");
  CHECK(shards.article_documents(0) + shards.article_documents(1) == 2);
  CHECK(shards.documents(0) + shards.documents(1) == 1 + 2);
}

TEST_CASE("ShardWriters: commit_all makes what was sent before it visible to readers") {
  Shards shards(2);
  ShardWriters writers(shards.setup(2));
  std::size_t passages = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    writers.index(article_of("x" + std::to_string(i), 2));
    passages += 2;
  }
  writers.commit_all();
  CHECK(shards.documents(0) + shards.documents(1) == passages);
  for (std::size_t i = 0; i < 10; ++i) CHECK(shards.holding("x" + std::to_string(i)).size() == 1);

  // Not committed yet: readers still see the last commit.
  writers.index(article_of("late", 1));
  writers.remove("x0");
  CHECK(shards.documents(0) + shards.documents(1) == passages);
  CHECK(shards.holding("late").empty());
  CHECK(shards.article_holding("late").empty());
  CHECK(shards.article_holding("x0").size() == 1);
  writers.commit_all();
  CHECK(shards.holding("late").size() == 1);
  CHECK(shards.holding("x0").empty());
  CHECK(shards.article_holding("late").size() == 1);
  CHECK(shards.article_holding("x0").empty());
  writers.finish();
  CHECK(writers.stats().commit_seconds > 0);
}

TEST_CASE("ShardWriters: a worker's error reaches the caller") {
  Shards shards(2);
  ShardWriters writers(shards.setup(2));
  writers.index(article_of("fine", 1));
  // An id Xapian cannot store as a term (over 245 bytes): the worker's write fails.
  const std::string too_long(300, 'z');
  writers.index(article_of(too_long, 1));
  const std::string failed_shard = shards.paths[schema::shard_for(too_long, 2)];
  std::string message;
  try {
    writers.commit_all();  // waits for the workers, then rethrows
  } catch (const dossier::DatabaseError& e) {
    message = e.what();
  }
  CAPTURE(message);
  CHECK(message.rfind(failed_shard + ": write failed: ", 0) == 0);
  // And again at the next call: the run cannot go on.
  CHECK_THROWS_AS(writers.index(article_of("after", 1)), dossier::DatabaseError);
  CHECK_THROWS_AS(writers.remove("fine"), dossier::DatabaseError);
}

TEST_CASE("ShardWriters: a shard that cannot be opened fails the constructor") {
  Shards shards(2);
  WriterSetup setup = shards.setup(2);
  setup.shard_paths[1] = shards.dir.file("no-such-shard");  // DB_OPEN never creates one
  try {
    ShardWriters writers(setup);
    FAIL("no error");
  } catch (const dossier::DatabaseError& e) {
    CHECK(std::string(e.what()).rfind(setup.shard_paths[1] + ": cannot open for writing: ", 0) == 0);
  }
}

TEST_CASE("ShardWriters: an article shard that cannot be opened fails the constructor") {
  Shards shards(2);
  WriterSetup setup = shards.setup(2);
  setup.article_paths[1] = shards.dir.file("no-such-article-shard");
  try {
    ShardWriters writers(setup);
    FAIL("no error");
  } catch (const dossier::DatabaseError& e) {
    CHECK(std::string(e.what()).rfind(setup.article_paths[1] + ": cannot open for writing: ", 0) == 0);
  }
  setup.article_paths.pop_back();  // not one per shard: a caller's mistake
  CHECK_THROWS_AS(ShardWriters{setup}, std::invalid_argument);
}

TEST_CASE("ShardWriters: when Xapian commits a passage shard by itself, its article shard follows, never ahead") {
  Shards shards(1);
  // Xapian reads its flush threshold (changes after which it commits by itself) when a database
  // is opened for writing.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "7", 1);
  auto writers = std::make_unique<ShardWriters>(shards.setup(1));
  ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
  const auto visible = [](const std::string& path) {
    // The writers commit on their own threads while this reads: a revision replaced under the
    // reader throws DatabaseModifiedError, and a reader then opens the database again (as the
    // searcher does). Seen under ASan on a loaded machine.
    for (int attempt = 0;; ++attempt) {
      try {
        const Xapian::Database db(path);
        const std::string prefix(schema::kPrefixArticle);
        std::set<std::string> ids;
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ids.insert(*it);
        return ids;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 50) throw;
      }
    }
  };
  // Article documents first, then passages: any article document a reader sees has its passages.
  const auto check_order = [&] {
    const std::set<std::string> articles = visible(shards.article_paths[0]);
    const std::set<std::string> passages = visible(shards.paths[0]);
    CHECK(std::includes(passages.begin(), passages.end(), articles.begin(), articles.end()));
    return articles.size();
  };
  for (std::size_t i = 0; i < 40; ++i) {
    writers->index(article_of("n" + std::to_string(i), 1 + i % 3));
    check_order();
  }
  // No commit_all yet: the article shard has committed behind its passage shard.
  std::size_t seen = 0;
  for (int wait = 0; wait < 200 && seen < 30; ++wait) {
    seen = check_order();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(seen >= 30);
  CHECK(seen < 40);  // the last ones wait for a commit of their passages
  writers->finish();
  CHECK(check_order() == 40);
  CHECK(shards.article_documents(0) == 40);
}
