#include "searcher/interactive.h"

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "common/terminal.h"
#include "corpus_index.h"
#include "searcher/completion.h"
#include "searcher/deadline.h"
#include "searcher/environment.h"
#include "searcher/pager.h"
#include "searcher/render.h"

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

namespace {

std::vector<std::string> candidates(IndexReader& index, const std::string& line) {
  return complete(line, line.size(), index.entities()).candidates;
}

bool has(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

TEST_CASE("Tab completes commands, query fields and the ids of the open database") {
  IndexReader index{testing::corpus_db()};
  CHECK(candidates(index, ":cou") == std::vector<std::string>{":country"});
  CHECK(candidates(index, ":p") == std::vector<std::string>{":page", ":pick", ":prev"});
  CHECK(candidates(index, ":").size() == completion_commands().size());
  // Facet values after a command: ids of the entity table, ASCII case ignored.
  CHECK(has(candidates(index, ":country R"), "RS"));
  CHECK(has(candidates(index, ":country r"), "RS"));
  CHECK(has(candidates(index, ":focus R"), "RS"));
  CHECK(has(candidates(index, ":actor na"), "nato"));
  CHECK(has(candidates(index, ":drop country R"), "RS"));
  CHECK(candidates(index, ":drop c") == std::vector<std::string>{"country"});
  CHECK(candidates(index, ":by p") == std::vector<std::string>{"passage"});
  CHECK(candidates(index, ":open 1").empty());
  for (const std::string& id : candidates(index, ":weapon ")) CHECK(entity_ids(index.entities(), schema::Facet::Weapon, id).size() >= 1);
  // In a query: field names (no space after them), then ids after a facet field.
  const Completion field = complete("kosovo cou", 10, index.entities());
  CHECK(field.start == 7);
  CHECK(field.candidates == std::vector<std::string>{"country:"});
  CHECK_FALSE(field.ends_word);
  CHECK(candidates(index, "a") == std::vector<std::string>{"actor:", "attribution:"});
  CHECK(has(candidates(index, "kosovo country:R"), "country:RS"));
  CHECK(has(candidates(index, "kosovo -actor:na"), "-actor:nato"));
  CHECK(has(candidates(index, "(weapon:"), "weapon:" + candidates(index, ":weapon ").front()));
  const Completion inside = complete("(actor:na OR x", 9, index.entities());
  CHECK(inside.start == 1);
  CHECK(has(inside.candidates, "actor:nato"));
  CHECK(candidates(index, "kosovo title:x").empty());
  CHECK(candidates(index, "kosovo ").empty());
  CHECK(candidates(index, "zzz").empty());
}

TEST_CASE("every command Tab offers is one the session knows") {
  Session s;
  s.run("kosovo");
  for (const std::string& command : completion_commands()) {
    if (command == "quit") continue;
    CAPTURE(command);
    CHECK(s.run(":" + command).find("unknown command") == std::string::npos);
  }
}

TEST_CASE(":next on the last page and :prev on the first say so, and repeat nothing") {
  Session s;
  s.run(":limit 3");
  const std::string first = s.run("kosovo");
  CHECK(first.find("next page: :next") != std::string::npos);
  CHECK(first.find("--offset") == std::string::npos);
  CHECK(s.run(":prev") == "(no previous page: this is the first one)\n");
  CHECK(s.session.request().offset == 0);
  std::size_t pages = 1;
  while (s.run(":next").find("(no next page") == std::string::npos) ++pages;
  CHECK(pages > 1);
  const std::size_t last_offset = s.session.request().offset;
  CHECK(s.run(":next") == "(no next page: this is the last one)\n");
  CHECK(s.session.request().offset == last_offset);
  CHECK(s.run(":prev").find("  1. ") == std::string::npos);  // the page before the last
  CHECK(s.session.request().offset == last_offset - 3);
}

TEST_CASE(":pick N adds the facet value numbered N as a filter and searches again") {
  Session s;
  const std::string before = s.run("kosovo");
  // The facet lines number their values; the header says how to use the numbers.
  CHECK(before.find(":pick N filters by [N]") != std::string::npos);
  CHECK(before.find("[1] ") != std::string::npos);
  IndexReader& index = s.index;
  SearchRequest request;
  request.query = "kosovo";
  const SearchResult result = Searcher(index).search(request);
  const std::vector<ShownFacetValue> shown = shown_facet_values(result);
  REQUIRE(shown.size() >= 2);
  // The second value, whichever facet it is in.
  const ShownFacetValue second = shown[1];
  CHECK(before.find("[2] " + second.value->name + " ") != std::string::npos);
  const std::string after = s.run(":pick 2");
  const SearchRequest& now = s.session.request();
  const std::vector<std::string>& filter = second.facet == "country" ? now.countries : second.facet == "actor" ? now.actors : now.weapons;
  CHECK(filter == std::vector<std::string>{second.value->id});
  CHECK(after.find("articles match") != std::string::npos);
  CHECK(after.find("▸[") != std::string::npos);  // the picked value, marked as the filter
  // Picking it again (under its new number) changes nothing; a number out of range or none at
  // all is refused.
  const SearchResult narrowed = Searcher(index).search(now);
  const std::vector<ShownFacetValue> shown_now = shown_facet_values(narrowed);
  const auto selected = std::find_if(shown_now.begin(), shown_now.end(), [](const ShownFacetValue& v) { return v.value->selected; });
  REQUIRE(selected != shown_now.end());
  CHECK(s.run(":pick " + std::to_string(selected - shown_now.begin() + 1)) == "(already a filter: " + second.value->name + ")\n");
  CHECK(filter.size() == 1);
  CHECK(s.run(":pick 999").find(":pick takes the number of a facet value") != std::string::npos);
  CHECK(s.run(":pick").find("needs a number") != std::string::npos);
  CHECK(s.run(":pick x").find("needs a number") != std::string::npos);
  // Several at once.
  Session t;
  t.run("kosovo");
  t.run(":pick 1 2");
  CHECK(t.session.request().countries.size() + t.session.request().actors.size() + t.session.request().weapons.size() == 2);
  Session u;
  CHECK(u.run(":pick 1").find("search first") != std::string::npos);
}

TEST_CASE(":help lists every command and key in 80 columns") {
  const std::string help = InteractiveSession::help_text();
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    CHECK(display_width(line) <= 80);
  }
  for (const std::string& command : completion_commands()) {
    CAPTURE(command);
    CHECK(help.find(":" + command) != std::string::npos);
  }
  for (const char* key : {"Tab", "Ctrl-C", "Ctrl-D", "Up/Down", "PAGER", "history"}) CHECK(help.find(key) != std::string::npos);
}

TEST_CASE("Ctrl-C (the interrupt flag) stops a search with one line, and the session goes on") {
  Session s;
  s.run("kosovo");
  const SearchRequest before = s.session.request();
  interrupt_flag().store(true);
  CHECK(s.run("serbia") == "(search interrupted)\n");
  CHECK_FALSE(interrupt_flag().load());  // handled: the next search runs
  CHECK(s.session.request().query == before.query);
  CHECK(s.run("serbia").find("articles match") != std::string::npos);
  interrupt_flag().store(true);
  CHECK(s.run(":country RS") == "(search interrupted)\n");
  CHECK(s.session.request().countries.empty());
  CHECK(s.run(":next").find("articles match") != std::string::npos);
}

TEST_CASE("the history file: XDG_STATE_HOME, else ~/.local/state; the old file's place") {
  const auto environment = [](std::map<std::string, std::string> variables) {
    return read_search_environment([variables](const char* name) -> const char* {
      const auto it = variables.find(name);
      return it == variables.end() ? nullptr : it->second.c_str();
    });
  };
  CHECK(history_file(environment({{"HOME", "/home/a"}})) == "/home/a/.local/state/dossier/history");
  CHECK(history_file(environment({{"HOME", "/home/a"}, {"XDG_STATE_HOME", "/s"}})) == "/s/dossier/history");
  CHECK(history_file(environment({{"HOME", "/home/a"}, {"XDG_STATE_HOME", "relative"}})) == "/home/a/.local/state/dossier/history");
  CHECK(history_file(environment({})).empty());
  CHECK(old_history_file(environment({{"HOME", "/home/a"}})) == "/home/a/.dossier_history");
  CHECK(environment({}).pager == "less -R");
  CHECK(environment({{"PAGER", ""}}).pager.empty());
}

TEST_CASE("the pager: only for what the screen cannot hold; less keeps colour and short text") {
  CHECK(screen_rows("a\nb\n", 80) == 2);
  CHECK(screen_rows(std::string(81, 'x') + "\n", 80) == 2);
  CHECK(screen_rows("\033[1m" + std::string(80, 'x') + "\033[0m\n", 80) == 1);
  CHECK(screen_rows("\n\n", 80) == 2);
  CHECK(is_pager("less -R"));
  CHECK_FALSE(is_pager(""));
  CHECK_FALSE(is_pager(" cat "));
  CHECK(runs_less("less -R"));
  CHECK(runs_less("/usr/bin/less"));
  CHECK_FALSE(runs_less("most"));
  CHECK_FALSE(runs_less("lesspipe"));
  CHECK(less_options("") == "-R -F -X");
  CHECK(less_options("-i") == "-R -F -X -i");
  CHECK_FALSE(show_in_pager("exit 127", "text"));  // no such pager: the caller prints it
  CHECK(show_in_pager("cat >/dev/null", "text"));
}

TEST_CASE("a resized terminal: the next output wraps at the new width") {
  Session s;
  s.session.set_width(50);
  CHECK(s.session.width() == 50);
  std::istringstream lines(s.run("kosovo"));
  std::size_t checked = 0;
  for (std::string line; std::getline(lines, line); ++checked) {
    if (line.find('/') == std::string::npos) CHECK(visible_width(line) <= 50);
  }
  CHECK(checked > 5);
}
