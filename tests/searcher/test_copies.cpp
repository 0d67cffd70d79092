// Tests for searcher/copies.cpp and the collapsing of copies in every ranking route: the sample
// archive plus reposts of two of its articles (another source, id, date and title, a few words
// changed, a paragraph added), in 3 shards, so that copies live in different shards.
#include "searcher/copies.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "indexer/indexer.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"
#include "test_support.h"

using namespace dossier;

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// A repost of a sample article: its header replaced, `edits` applied to the body, a paragraph added.
std::string repost(const std::string& name, const std::string& id, const std::string& source, const std::string& date,
                   const std::vector<std::pair<std::string, std::string>>& edits) {
  const std::string text = testing::read_file(testing::source_dir() + "/corpus/articles/" + name);
  std::string body = text.substr(text.find("\n\n") + 2);
  for (const auto& [from, to] : edits) body = replace_all(body, from, to);
  const std::size_t language = text.find("Language: ");
  const std::string header_language = text.substr(language, text.find('\n', language) - language);
  return "Title: " + source + " reposts: " + id + "\nDate: " + date + "\nSource: " + source + "\n" + header_language + "\nID: " + id +
         "\n\n" + body + "\n\nThis story was first published by the Balkan Security Monitor and is republished with permission.\n";
}

const std::string& copies_db() {
  static testing::TempDir dir;
  static const std::string path = [] {
    const std::string articles = testing::source_dir() + "/corpus/articles";
    for (const auto& entry : std::filesystem::directory_iterator(articles)) {
      dir.write("in/" + entry.path().filename().string(), testing::read_file(entry.path().string()));
    }
    dir.write("in/wire-kfor.txt", repost("2019-03-kfor-patrols-north.txt", "wire-kfor", "Wire One", "2019-03-13",
                                         {{"increased the frequency", "raised the frequency"}, {"on Tuesday", "on Tuesday morning"}}));
    dir.write("in/repost-kfor.txt", repost("2019-03-kfor-patrols-north.txt", "repost-kfor", "Repost Daily", "2019-03-14", {}));
    dir.write("in/wire-pancir.txt", repost("2020-02-pancir-srbija.txt", "wire-pancir", "Wire One", "2020-02-27", {{"транспортним", "војним транспортним"}}));
    IndexerOptions options;
    options.inputs = {dir.file("in")};
    options.db_path = dir.file("copies.db");
    options.gazetteer_dir = testing::source_dir() + "/corpus/gazetteers";
    options.quiet = true;
    options.jobs = 2;
    options.shards = 3;
    std::ostringstream out, err;
    const IndexSummary summary = Indexer(options, out, err).run();
    REQUIRE(summary.copies_joined == 3);
    return options.db_path;
  }();
  return path;
}

SearchResult run(const SearchRequest& request, std::size_t threads = 1) {
  IndexReader index(copies_db());
  SearcherOptions options;
  options.threads = threads;
  Searcher searcher(index, options);
  return searcher.search(request);
}

std::vector<std::string> ids(const SearchResult& result) {
  std::vector<std::string> out;
  for (const Hit& hit : result.hits) out.push_back(hit.record.article.id);
  return out;
}

const Hit* hit_of(const SearchResult& result, const std::set<std::string>& group) {
  for (const Hit& hit : result.hits) {
    if (group.count(hit.record.article.id) > 0) return &hit;
  }
  return nullptr;
}

const std::set<std::string> kKfor{"2019-03-kfor-patrols-north", "wire-kfor", "repost-kfor"};

}  // namespace

TEST_CASE("copies are shown once, as the best-ranked, with the others named") {
  SearchRequest request;
  request.query = "KFOR patrols Jarinje";
  request.limit = 50;
  const SearchResult result = run(request);
  std::size_t shown = 0;
  for (const Hit& hit : result.hits) shown += kKfor.count(hit.record.article.id);
  CHECK(shown == 1);
  const Hit* hit = hit_of(result, kKfor);
  REQUIRE(hit != nullptr);
  CHECK(hit->rank == 1);
  std::set<std::string> group(hit->copies.begin(), hit->copies.end());
  group.insert(hit->record.article.id);
  CHECK(group == kKfor);
  CHECK(hit->copies.size() == 2);
  // The total counts articles, copies included.
  CHECK(result.total == result.hits.size() + 2);
  CHECK_FALSE(result.more);
  for (const Hit& other : result.hits) {
    if (&other != hit) CHECK(other.copies.empty());
  }
}

TEST_CASE("--no-collapse-copies lists every copy as a hit of its own") {
  SearchRequest request;
  request.query = "KFOR patrols Jarinje";
  request.limit = 50;
  request.collapse_copies = false;
  const SearchResult result = run(request);
  std::size_t shown = 0;
  for (const Hit& hit : result.hits) {
    shown += kKfor.count(hit.record.article.id);
    CHECK(hit.copies.empty());
  }
  CHECK(shown == 3);
  CHECK(result.total == result.hits.size());
}

TEST_CASE("only the copies that match the filters too are named") {
  SearchRequest request;
  request.query = "KFOR patrols";
  request.until = "2019-03-13";  // the original and the wire copy; not the repost of the 14th
  const SearchResult result = run(request);
  const Hit* hit = hit_of(result, kKfor);
  REQUIRE(hit != nullptr);
  CHECK(hit->copies.size() == 1);
  CHECK(hit->copies.front() != "repost-kfor");
  CHECK(hit->record.article.id != "repost-kfor");
}

TEST_CASE("every ranking route collapses copies the same way; the split search equals the single one") {
  for (const char* query : {"KFOR patrols Jarinje", "pancir protivvazdusne odbrane", "Serbia Kosovo"}) {
    CAPTURE(query);
    SearchRequest request;
    request.query = query;
    request.limit = 30;
    const SearchResult single = run(request, 1);
    const SearchResult split = run(request, 3);
    REQUIRE(single.hits.size() == split.hits.size());
    for (std::size_t i = 0; i < single.hits.size(); ++i) {
      CHECK(single.hits[i].record.article.id == split.hits[i].record.article.id);
      CHECK(single.hits[i].score == split.hits[i].score);
      CHECK(single.hits[i].copies == split.hits[i].copies);
    }
    CHECK(single.total == split.total);
    for (ArticleScore score : {ArticleScore::Sum, ArticleScore::Mixed}) {
      CAPTURE(static_cast<int>(score));
      request.ranking.article_score = score;
      const SearchResult result = run(request, 1);
      // One hit per group: no two hits of one group, and a group's hit names its other copies.
      std::set<std::string> seen;
      for (const Hit& hit : result.hits) {
        CHECK(seen.insert(hit.record.article.id).second);
        for (const std::string& copy : hit.copies) CHECK(seen.insert(copy).second);
      }
      CHECK(seen.size() == single.hits.size() + [&] {
        std::size_t copies = 0;
        for (const Hit& hit : single.hits) copies += hit.copies.size();
        return copies;
      }());
      request.ranking.article_score = ArticleScore::Best;
    }
  }
}

TEST_CASE("paging walks the groups: the pages put together are the one long page") {
  for (ArticleScore score : {ArticleScore::Best, ArticleScore::Sum, ArticleScore::Mixed}) {
    for (std::size_t threads : {1, 3}) {
      CAPTURE(static_cast<int>(score));
      CAPTURE(threads);
      SearchRequest request;
      request.query = "Serbia KFOR pancir Vucic";
      request.ranking.article_score = score;
      request.limit = 40;
      const SearchResult whole = run(request, threads);
      REQUIRE(whole.hits.size() > 6);
      std::vector<std::string> paged;
      request.limit = 3;
      for (request.offset = 0;; request.offset += request.limit) {
        const SearchResult page = run(request, threads);
        for (const Hit& hit : page.hits) {
          CHECK(hit.rank == request.offset + (&hit - page.hits.data()) + 1);
          paged.push_back(hit.record.article.id);
        }
        if (!page.more) break;
        REQUIRE(page.hits.size() == request.limit);
      }
      CHECK(paged == ids(whole));
    }
  }
}

TEST_CASE("--by passage lists every passage, copies' included") {
  SearchRequest request;
  request.query = "Jarinje Brnjak";
  request.by_passage = true;
  request.limit = 50;
  const SearchResult result = run(request);
  std::set<std::string> articles;
  for (const Hit& hit : result.hits) {
    articles.insert(hit.record.article.id);
    CHECK(hit.copies.empty());
  }
  for (const std::string& id : kKfor) CHECK(articles.count(id) == 1);
}

TEST_CASE("find_copies: nothing for hits without copies, nothing for no hits") {
  IndexReader index(copies_db());
  SearchRequest request;
  CHECK(find_copies(index.database(), Xapian::Query::MatchAll, request, {}, true).empty());
  CHECK(find_copies(index.database(), Xapian::Query::MatchAll, request, {}, false).empty());
}

TEST_CASE("find_copies: skipping the groups the copy index does not list changes nothing") {
  IndexReader index(copies_db());
  SearchRequest request;
  for (const std::string& stem : {std::string(), std::string("Zjarinj"), std::string("Zbrnjak")}) {
    const Xapian::Query query = stem.empty() ? Xapian::Query::MatchAll : Xapian::Query(stem);
    Xapian::Enquire enquire(index.database());
    enquire.set_query(query);
    enquire.set_collapse_key(schema::kSlotCopyGroup);
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    std::vector<RankedHit> hits;
    for (auto it = mset.begin(); it != mset.end(); ++it) hits.push_back(RankedHit{it.get_document(), *it, it.get_weight(), hits.size() + 1, {}});
    REQUIRE(!hits.empty());
    const auto skipping = find_copies(index.database(), query, request, hits, true);
    const auto matching = find_copies(index.database(), query, request, hits, false);
    CHECK(skipping == matching);
    std::size_t with = 0;
    for (const auto& copies : matching) with += copies.empty() ? 0 : 1;
    CHECK(with > 0);
    if (stem.empty()) CHECK(with < hits.size());  // most articles have no copy
  }
}
