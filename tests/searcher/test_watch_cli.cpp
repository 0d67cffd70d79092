#include "searcher/watch_cli.h"

#include <doctest/doctest.h>

#include "common/error.h"

using namespace dossier;

TEST_CASE("parse_watch_command_line: add takes a name, filters and the query words, a dash word included") {
  const WatchCommand add = parse_watch_command_line({"--db", "x.db", "add", "drones", "--country", "RS", "--actor", "nato", "--since", "2024",
                                                     "--match", "all", "drone", "strike", "-sport"});
  CHECK(add.action == WatchAction::Add);
  CHECK(add.db_path == "x.db");
  CHECK(add.watch.name == "drones");
  CHECK(add.watch.query == "drone strike -sport");
  CHECK(add.watch.filters.countries == std::vector<std::string>{"RS"});
  CHECK(add.watch.filters.actors == std::vector<std::string>{"nato"});
  CHECK(add.watch.filters.since == "2024");
  CHECK(add.watch.filters.match_all_words);
  CHECK(parse_watch_command_line({"add", "f", "--weapon", "drone"}, "env.db").db_path == "env.db");
  CHECK(parse_watch_command_line({"list"}).db_path == "dossier.db");
}

TEST_CASE("parse_watch_command_line: new, list and remove") {
  const WatchCommand news = parse_watch_command_line({"new", "a", "b", "--peek", "--limit", "3", "--sort", "-date", "--format", "jsonl"});
  CHECK(news.action == WatchAction::New);
  CHECK(news.names == std::vector<std::string>{"a", "b"});
  CHECK(news.peek);
  CHECK(news.news.limit == 3);
  CHECK(news.news.sort == SortOrder::DateDescending);
  CHECK(news.format == OutputFormat::JsonLines);
  CHECK(parse_watch_command_line({"new"}).names.empty());
  CHECK(parse_watch_command_line({"new", "--json"}).format == OutputFormat::Json);
  CHECK(parse_watch_command_line({"list"}).action == WatchAction::List);
  const WatchCommand remove = parse_watch_command_line({"remove", "a"});
  CHECK(remove.action == WatchAction::Remove);
  CHECK(remove.names == std::vector<std::string>{"a"});
}

TEST_CASE("parse_watch_command_line refuses with one line that says what to do") {
  const std::pair<std::vector<std::string>, const char*> cases[] = {
      {{}, "no command given"},
      {{"watch"}, "unknown command 'watch'"},
      {{"add"}, "add needs a NAME"},
      {{"add", "x"}, "no query and no filter"},
      {{"add", "bad name!", "q"}, "watch name 'bad name!'"},
      {{"new", "--country", "RS"}, "filters (--country"},
      {{"list", "--actor", "nato"}, "filters (--country"},
      {{"add", "x", "q", "--peek"}, "--peek, --limit and --sort go with 'new'"},
      {{"list", "--limit", "3"}, "--peek, --limit and --sort go with 'new'"},
      {{"list", "extra"}, "list takes no arguments"},
      {{"remove"}, "remove takes one watch NAME"},
      {{"remove", "a", "b"}, "remove takes one watch NAME"},
      {{"list", "--format", "jsonl"}, "--format jsonl lists hits"},
      {{"new", "--format", "tsv"}, "--format must be text, json or jsonl"},
      {{"new", "--limit", "0"}, "--limit"},
      {{"add", "x", "--match", "some", "q"}, "--match must be 'any' or 'all'"},
      {{"new", "--hlep"}, "--help"},
  };
  for (const auto& [args, message] : cases) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(parse_watch_command_line(args), doctest::Contains(message), UsageError);
  }
  CHECK_THROWS_AS(parse_watch_command_line({"add", "x", std::string(5000, 'q')}), UsageError);
}

TEST_CASE("--help and --version need no command") {
  CHECK(parse_watch_command_line({"--help"}).show_help);
  CHECK(parse_watch_command_line({"--help"}).help_text.find("Exit status") != std::string::npos);
  CHECK(parse_watch_command_line({"--version"}).show_version);
}
