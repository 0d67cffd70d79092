// Standing queries in-process: the indexer's run stamps and the searcher's watches together, on
// small generated archives (the e2e test drives the tools on larger ones with a brute force).
#include "searcher/watch.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "common/error.h"
#include "common/schema.h"
#include "common/watch_file.h"
#include "indexer/indexer.h"
#include "indexer/manifest.h"
#include "indexer/summary.h"
#include "searcher/index_reader.h"
#include "searcher/watch_command.h"
#include "test_support.h"

using namespace dossier;
using dossier::testing::TempDir;

namespace {

struct Archive {
  TempDir dir;
  std::string db = dir.file("w.db");

  void write(const std::string& id, const std::string& title, const std::string& body) const {
    dir.write("arts/" + id + ".txt",
              "Title: " + title + "\nDate: 2024-03-0" + std::to_string(1 + id.size() % 9) + "\nSource: Test Wire\nLanguage: en\nID: " + id +
                  "\n\n" + body + "\n");
  }

  IndexerOptions options() const {
    IndexerOptions options;
    options.inputs = {dir.file("arts")};
    options.db_path = db;
    options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
    options.quiet = true;
    options.shards = 2;
    options.count_watches = [](const std::string& path) {
      std::vector<WatchNews> news;
      for (const WatchCount& count : count_watch_news(path)) news.push_back({count.name, count.new_articles, count.error});
      return news;
    };
    return options;
  }

  IndexSummary index() const {
    std::ostringstream out, err;
    return Indexer(options(), out, err).run();
  }

  // dossier-watch ARGS... in-process: the exit status, the output in `output`.
  int watch(const std::vector<std::string>& args, std::string* output = nullptr) const {
    std::vector<std::string> full{"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    const WatchCommand command = parse_watch_command_line(full);
    std::ostringstream out;
    TextStyle style;
    style.width = 80;
    const int status = run_watch_command(command, style, out);
    if (output != nullptr) *output = out.str();
    return status;
  }

  // `new` as JSON: watch name -> the ids of its new articles (all of them: --limit 1000).
  std::map<std::string, std::set<std::string>> news(bool peek, int* status = nullptr) const {
    std::vector<std::string> args{"new", "--json", "--limit", "1000"};
    if (peek) args.push_back("--peek");
    std::string text;
    const int code = watch(args, &text);
    if (status != nullptr) *status = code;
    std::map<std::string, std::set<std::string>> out;
    const auto document = nlohmann::json::parse(text);
    for (const auto& watch : document.at("watches")) {
      auto& ids = out[watch.at("name").get<std::string>()];
      for (const auto& hit : watch.at("hits")) ids.insert(hit.at("article").at("id").get<std::string>());
      CHECK(watch.at("new_articles").get<std::size_t>() == ids.size());
    }
    return out;
  }

  std::uint64_t seen_run(const std::string& name) const { return read_watches(db).find(name)->seen_run; }
};

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE("a watch shows exactly the articles later runs added or changed, new marks them seen and --peek does not") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday, officials said.");
  a.write("a2", "Kosovo border talks", "Kosovo and Serbia held border talks in Brussels.");
  a.write("a3", "Kyiv air defence", "Ukraine said its air defence shot down missiles over Kyiv.");
  CHECK(a.index().run == 1);
  {
    IndexReader index(a.db);
    CHECK(current_run(index) == 1);
    CHECK(index.database().get_metadata(std::string(schema::kMetaFormatVersion)) == std::to_string(schema::kFormatVersion));
  }
  CHECK(a.watch({"add", "kosovo", "kosovo"}) == 0);
  CHECK(a.watch({"add", "ukraine", "--country", "UA"}) == 0);
  CHECK(a.seen_run("kosovo") == 1);
  // A new watch starts at the current run: nothing is new yet.
  int status = -1;
  CHECK(a.news(true, &status) == std::map<std::string, Ids>{{"kosovo", {}}, {"ukraine", {}}});
  CHECK(status == 1);

  a.write("a2", "Kosovo border talks resume", "Kosovo and Serbia resumed border talks in Brussels on Friday.");  // changed
  a.write("a4", "Kosovo police patrol", "Kosovo police patrolled the northern border.");                        // new, matches
  a.write("a5", "Odesa port strike", "Ukraine reported a strike on the port of Odesa.");                       // new, UA
  a.write("a6", "Markets close higher", "Stocks closed higher on Friday.");                                     // new, neither
  const IndexSummary second = a.index();
  CHECK(second.run == 2);
  REQUIRE(second.watches.size() == 2);
  CHECK(second.watches[0].name == "kosovo");
  CHECK(second.watches[0].new_articles == 2);
  CHECK(second.watches[1].new_articles == 1);
  CHECK(nlohmann::json::parse(summary_json(second, a.options())).at("watches") ==
        nlohmann::json::parse(R"([{"name": "kosovo", "new_articles": 2}, {"name": "ukraine", "new_articles": 1}])"));

  const std::map<std::string, Ids> expected{{"kosovo", {"a2", "a4"}}, {"ukraine", {"a5"}}};
  CHECK(a.news(true, &status) == expected);
  CHECK(status == 0);
  CHECK(a.seen_run("kosovo") == 1);  // --peek left it
  CHECK(a.news(false) == expected);
  CHECK(a.seen_run("kosovo") == 2);
  CHECK_FALSE(read_watches(a.db).find("kosovo")->seen_at.empty());
  CHECK(a.news(false, &status) == std::map<std::string, Ids>{{"kosovo", {}}, {"ukraine", {}}});
  CHECK(status == 1);

  // A run that changes nothing: nothing new, and the counter still moves on.
  CHECK(a.index().run == 3);
  CHECK(a.news(true) == std::map<std::string, Ids>{{"kosovo", {}}, {"ukraine", {}}});
  // A deleted article is not news.
  std::filesystem::remove(a.dir.file("arts/a4.txt"));
  CHECK(a.index().articles_deleted == 1);
  CHECK(a.news(true) == std::map<std::string, Ids>{{"kosovo", {}}, {"ukraine", {}}});
}

TEST_CASE("new NAME reads only that watch, and an unknown name, a duplicate add and remove are handled") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday.");
  a.index();
  CHECK(a.watch({"add", "one", "kosovo"}) == 0);
  CHECK(a.watch({"add", "two", "drones"}) == 0);
  CHECK_THROWS_WITH_AS(a.watch({"add", "one", "other"}), doctest::Contains("a watch named 'one' exists"), UsageError);
  a.write("a2", "More drones over Kosovo", "More drones were seen over Kosovo.");
  a.index();
  std::string text;
  CHECK(a.watch({"new", "two"}, &text) == 0);
  CHECK(text.find("Watch two: 1 new article from run 2") != std::string::npos);
  CHECK(text.find("Watch one") == std::string::npos);
  CHECK(a.seen_run("two") == 2);
  CHECK(a.seen_run("one") == 1);
  CHECK_THROWS_WITH_AS(a.watch({"new", "three"}), doctest::Contains("no watch named 'three'"), UsageError);
  CHECK(a.watch({"list"}, &text) == 0);
  CHECK(text.find("2 watches · the database's last run: 2") != std::string::npos);
  CHECK(text.find("one: 1 new article") != std::string::npos);
  CHECK(text.find("two: nothing new") != std::string::npos);
  CHECK(a.watch({"remove", "one"}) == 0);
  CHECK(read_watches(a.db).watches.size() == 1);
  CHECK_THROWS_WITH_AS(a.watch({"remove", "one"}), doctest::Contains("no watch named 'one'"), UsageError);
  CHECK(a.watch({"remove", "two"}) == 0);
  CHECK(a.watch({"list"}, &text) == 1);
  CHECK(text.find("no watches") != std::string::npos);
}

TEST_CASE("add refuses a query or a filter the database cannot run, as dossier-search would") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday.");
  a.index();
  CHECK_THROWS_AS(a.watch({"add", "bad", "\"unclosed"}), QueryError);
  CHECK_THROWS_WITH_AS(a.watch({"add", "bad", "--country", "Atlantis", "x"}), doctest::Contains("Atlantis"), UsageError);
  CHECK(read_watches(a.db).watches.empty());
  CHECK_THROWS_AS(a.watch({"add", "x", "y"}) + Archive().watch({"add", "x", "y"}), DatabaseError);  // no database
}

TEST_CASE("a run that only tags again keeps each article's run: a new gazetteer is not news") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday.");
  a.write("a2", "Kosovo talks", "Kosovo and Serbia held talks.");
  a.index();
  CHECK(a.watch({"add", "kosovo", "kosovo"}) == 0);
  {
    Xapian::WritableDatabase meta(a.db + "/meta", Xapian::DB_OPEN);
    meta.set_metadata(std::string(schema::kMetaGazetteerVersion), "an older gazetteer");
    meta.commit();
  }
  const IndexSummary retag = a.index();
  CHECK(retag.retagged);
  CHECK(retag.articles_replaced == 2);
  CHECK(retag.run == 2);
  CHECK(a.news(true) == std::map<std::string, Ids>{{"kosovo", {}}});
  // The manifest still gives them run 1; a changed one gets the next run.
  a.write("a2", "Kosovo talks resume", "Kosovo and Serbia resumed talks.");
  a.index();
  CHECK(a.news(true) == std::map<std::string, Ids>{{"kosovo", {"a2"}}});
  Xapian::Database meta(a.db + "/meta");
  std::map<std::string, std::uint64_t> runs;
  for (const auto& [path, entry] : load_manifest(meta)) {
    for (const ManifestArticle& article : entry.articles) runs[article.id] = article.run;
  }
  CHECK(runs == std::map<std::string, std::uint64_t>{{"a1", 1}, {"a2", 3}});
}

TEST_CASE("a format-7 database is read as it is and upgraded in place by the next run, nothing indexed again") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday.");
  a.index();
  {
    // What format 7 had: no run number in meta, no run term on any document.
    Xapian::WritableDatabase meta(a.db + "/meta", Xapian::DB_OPEN);
    meta.set_metadata(std::string(schema::kMetaFormatVersion), "7");
    meta.set_metadata(std::string(schema::kMetaRun), "");
    meta.commit();
    for (const auto& entry : std::filesystem::directory_iterator(a.db)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("shard-", 0) != 0 && name.rfind("articles-", 0) != 0) continue;
      Xapian::WritableDatabase part(entry.path().string(), Xapian::DB_OPEN);
      const std::string term = schema::run_term(1);
      std::vector<Xapian::docid> ids(part.postlist_begin(term), part.postlist_end(term));
      for (const Xapian::docid id : ids) {
        Xapian::Document doc = part.get_document(id);
        doc.remove_term(term);
        part.replace_document(id, doc);
      }
      part.commit();
    }
  }
  {
    IndexReader index(a.db);  // still read
    CHECK(current_run(index) == 0);
  }
  CHECK(a.watch({"add", "kosovo", "kosovo"}) == 0);
  CHECK(a.seen_run("kosovo") == 0);
  a.write("a2", "Kosovo talks", "Kosovo and Serbia held talks.");
  const IndexSummary upgrade = a.index();
  CHECK(upgrade.upgraded);
  CHECK(upgrade.articles_added == 1);
  CHECK(upgrade.articles_unchanged == 1);
  CHECK(upgrade.run == 1);
  Xapian::Database meta(a.db + "/meta");
  CHECK(meta.get_metadata(std::string(schema::kMetaFormatVersion)) == std::to_string(schema::kFormatVersion));
  CHECK(a.news(true).at("kosovo") == Ids{"a2"});  // a1, written before runs were counted, is not news
}

TEST_CASE("runs_between: the runs with passages after one run and up to another, in numeric order") {
  Archive a;
  for (int run = 1; run <= 11; ++run) {
    a.write("a" + std::to_string(run), "Story " + std::to_string(run), "Kosovo story number " + std::to_string(run) + ".");
    CHECK(a.index().run == static_cast<std::uint64_t>(run));
  }
  IndexReader index(a.db);
  CHECK(runs_between(index, 8, 11) == std::vector<std::uint64_t>{9, 10, 11});
  CHECK(runs_between(index, 0, 3) == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(runs_between(index, 11, 11).empty());
  CHECK(runs_between(index, 9, 8).empty());
}

TEST_CASE("watch_request carries the query and every filter as dossier-search takes them") {
  Watch watch;
  watch.query = "drone";
  watch.filters.countries = {"RS"};
  watch.filters.focus_countries = {"XK"};
  watch.filters.actors = {"nato"};
  watch.filters.weapons = {"drone"};
  watch.filters.since = "2024";
  watch.filters.until = "2025-06";
  watch.filters.match_all_words = true;
  const SearchRequest request = watch_request(watch);
  CHECK(request.query == "drone");
  CHECK(request.countries == watch.filters.countries);
  CHECK(request.focus_countries == watch.filters.focus_countries);
  CHECK(request.actors == watch.filters.actors);
  CHECK(request.weapons == watch.filters.weapons);
  CHECK(request.since == "2024");
  CHECK(request.until == "2025-06");
  CHECK(request.match_all_words);
  CHECK_FALSE(request.runs.has_value());
}

TEST_CASE("new: a watch that cannot run any more is an error in its place, and the others still run and are marked") {
  Archive a;
  a.write("a1", "Drones over Kosovo", "Drones were seen over Kosovo on Monday.");
  a.index();
  CHECK(a.watch({"add", "good", "kosovo"}) == 0);
  WatchList list = read_watches(a.db);
  Watch broken = list.watches.front();
  broken.name = "broken";
  broken.filters.countries = {"Atlantis"};  // as if the entity table had lost it
  list.watches.push_back(broken);
  write_watches(a.db, list);
  a.write("a2", "Kosovo talks", "Kosovo and Serbia held talks.");
  a.index();
  std::string text;
  CHECK(a.watch({"new"}, &text) == 2);
  CHECK(text.find("Watch broken: not checked: unknown country 'Atlantis'") != std::string::npos);
  CHECK(text.find("Watch good: 1 new article") != std::string::npos);
  CHECK(a.seen_run("good") == 2);
  CHECK(a.seen_run("broken") == 1);
  CHECK(a.watch({"new", "--json"}, &text) == 2);
  CHECK(nlohmann::json::parse(text).at("watches").at(1).at("error").get<std::string>().find("Atlantis") != std::string::npos);
  CHECK(a.watch({"list"}, &text) == 0);
  CHECK(text.find("broken: not checked") != std::string::npos);
}
