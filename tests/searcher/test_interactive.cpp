#include "searcher/interactive.h"

#include <doctest/doctest.h>

#include <xapian.h>

#include <filesystem>
#include <sstream>

#include "corpus_index.h"

using namespace dossier;

namespace {

struct Session {
  IndexReader index{testing::corpus_db()};
  std::ostringstream out;
  InteractiveSession session{index, SearchRequest{}, TextStyle{false, 100, false}, out};

  std::string run(const std::string& line) {
    out.str("");
    CHECK(session.handle(line));
    return out.str();
  }
};

}  // namespace

TEST_CASE("words search; filters, paging and sorting refine the same query") {
  Session s;
  CHECK(s.run("kosovo").find(" articles match (exact)") != std::string::npos);
  CHECK(s.session.request().query == "kosovo");
  s.run(":country Serbia");
  CHECK(s.session.request().countries == std::vector<std::string>{"Serbia"});
  s.run(":limit 2");
  const std::string second = s.run(":next");
  CHECK(s.session.request().offset == 2);
  CHECK(second.find("  3. ") != std::string::npos);
  s.run(":prev");
  CHECK(s.session.request().offset == 0);
  s.run(":weapon drone");
  CHECK(s.session.request().weapons == std::vector<std::string>{"drone"});
  s.run(":sort -date");
  CHECK(s.session.request().sort == SortOrder::DateDescending);
  const std::string filters = s.run(":filters");
  CHECK(filters.find("country:  Serbia") != std::string::npos);
  CHECK(filters.find("weapon:   drone") != std::string::npos);
  s.run(":drop country");
  CHECK(s.session.request().countries.empty());
  s.run(":drop all");
  CHECK(s.session.request().weapons.empty());
}

TEST_CASE(":open shows every passage of the article with its attribution") {
  Session s;
  s.run("Bayraktar");
  const std::string article = s.run(":open 1");
  CHECK(article.find("[1] ") != std::string::npos);
  CHECK(article.find("[2] ") != std::string::npos);
  CHECK(article.find("\n    — ") != std::string::npos);  // an attribution line, under its passage
}

TEST_CASE("a failing command reports the problem and leaves the session as it was") {
  Session s;
  s.run("kosovo");
  CHECK(s.run(":country Atlantis").find("unknown country 'Atlantis'") != std::string::npos);
  CHECK(s.session.request().countries.empty());
  CHECK(s.run("\"unclosed").find("unclosed quote (hint: ") != std::string::npos);
  CHECK(s.session.request().query == "kosovo");
  CHECK(s.run(":page x").find("needs a number") != std::string::npos);
  CHECK(s.run(":open 99").find(":open takes the number of a hit") != std::string::npos);
  CHECK(s.run(":frobnicate").find("unknown command ':frobnicate'") != std::string::npos);
  CHECK(s.run("kosovo").find("articles match") != std::string::npos);
}

TEST_CASE(":quit ends the session") {
  Session s;
  CHECK_FALSE(s.session.handle(":quit"));
  CHECK_FALSE(s.session.handle(":q"));
}

TEST_CASE(":exact switches between estimated and exact counts for very common queries") {
  Session s;
  SearchRequest start;
  start.count_policy = {.exact = false, .exact_limit = 20, .sample_size = 10};
  std::ostringstream out;
  InteractiveSession session{s.index, start, TextStyle{false, 100, false}, out};
  CHECK(session.handle("the"));
  CHECK(out.str().find("(estimated from ") != std::string::npos);
  out.str("");
  CHECK(session.handle(":exact on"));
  CHECK(session.request().count_policy.exact);
  CHECK(out.str().find(" articles match (exact)") != std::string::npos);
  out.str("");
  CHECK(session.handle(":exact maybe"));
  CHECK(out.str().find(":exact takes on or off") != std::string::npos);
}

TEST_CASE(":copies switches between collapsed and listed copies; :filters shows which") {
  Session s;
  s.run(":limit 2");
  s.run("kosovo");
  CHECK(s.session.request().collapse_copies);
  CHECK(s.run(":filters").find("copies:  collapsed") != std::string::npos);
  s.run(":next");
  CHECK(s.session.request().offset > 0);
  const std::string listed = s.run(":copies off");
  CHECK_FALSE(s.session.request().collapse_copies);
  CHECK(s.session.request().offset == 0);  // pages of groups and of articles differ: back to the first
  CHECK(listed.find("articles match") != std::string::npos);
  CHECK(s.run(":filters").find("copies:  listed") != std::string::npos);
  CHECK(s.run(":copies maybe").find(":copies takes on or off") != std::string::npos);
  CHECK_FALSE(s.session.request().collapse_copies);  // a failed command changes nothing
  s.run(":copies on");
  CHECK(s.session.request().collapse_copies);
  CHECK(std::string(InteractiveSession::help_text()).find(":copies on|off") != std::string::npos);
}

TEST_CASE(":open reads the article again when an indexer has committed meanwhile (DatabaseModifiedError)") {
  testing::TempDir dir;
  const std::string db = testing::index_corpus(dir, "busy.db", 1, 1);
  IndexReader index{db};
  std::ostringstream out;
  InteractiveSession session{index, SearchRequest{}, TextStyle{false, 100, false}, out};
  CHECK(session.handle("kosovo"));
  // Rewrite every passage several times, as an indexing run does: the revision the reader has
  // open loses its blocks, and reading it throws DatabaseModifiedError.
  {
    Xapian::WritableDatabase shard((std::filesystem::path(db) / "shard-000").string(), Xapian::DB_OPEN);
    for (int round = 0; round < 6; ++round) {
      std::vector<Xapian::docid> docids(shard.postlist_begin(""), shard.postlist_end(""));
      for (const Xapian::docid docid : docids) {
        // Fully read before the delete (a Document reads its parts lazily).
        Xapian::Document document = Xapian::Document::unserialise(shard.get_document(docid).serialise());
        document.add_boolean_term("Xround" + std::to_string(round));
        shard.delete_document(docid);
        shard.add_document(document);
      }
      shard.commit();
    }
  }
  out.str("");
  CHECK(session.handle(":open 1"));
  CAPTURE(out.str());
  CHECK(out.str().find("[1] ") != std::string::npos);
  CHECK(out.str().find("cannot read article") == std::string::npos);
}
