#include "searcher/watch_cli.h"

#include <cxxopts.hpp>

#include "common/arguments.h"
#include "common/error.h"
#include "searcher/request_options.h"

namespace dossier {

namespace {

constexpr const char* kFilterOptions[] = {"country", "country-focus", "actor", "weapon", "speaker", "since", "until", "match"};

WatchAction parse_action(const std::string& word) {
  if (word == "add") return WatchAction::Add;
  if (word == "list") return WatchAction::List;
  if (word == "new") return WatchAction::New;
  if (word == "remove") return WatchAction::Remove;
  throw UsageError("unknown command '" + word + "': use add, list, new or remove (try --help)");
}

}  // namespace

cxxopts::Options watch_option_spec() {
  cxxopts::Options spec("dossier-watch", "Standing queries: what each saved search finds among the articles indexed since it was last read.");
  spec.custom_help("[OPTIONS]");
  spec.positional_help("add NAME [FILTERS] QUERY... | list | new [NAME...] | remove NAME");
  spec.add_options()
      ("d,db", "Database directory (default: $DOSSIER_DB, then dossier.db); the watches are kept in it", cxxopts::value<std::string>())
      ("country", "add: only passages tagged with this country (id or name; repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("country-focus", "add: only articles ABOUT this country (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("actor", "add: only passages tagged with this actor (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("weapon", "add: only passages tagged with this weapon system or category (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("speaker", "add: only passages whose attribution names this actor as the speaker (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("since", "add: only articles dated on or after YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("until", "add: only articles dated on or before YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("match", "add: default operator between words, 'any' or 'all'", cxxopts::value<std::string>()->default_value("any"))
      ("peek", "new: show what is new without marking it seen")
      ("n,limit", "new: articles shown per watch (the count covers them all)", cxxopts::value<std::size_t>()->default_value("10"))
      ("sort", "new: relevance, date (oldest first) or -date (newest first)", cxxopts::value<std::string>()->default_value("relevance"))
      ("json", "Print one JSON object (same as --format json)")
      ("format", "text, json or jsonl (new: one line per hit, with its watch)", cxxopts::value<std::string>()->default_value("text"))
      ("color", "auto, always or never (NO_COLOR is honoured)", cxxopts::value<std::string>()->default_value("auto"))
      ("h,help", "Show this help")
      ("version", "Show the version")
      ("args", "Command and its arguments", cxxopts::value<std::vector<std::string>>());
  spec.parse_positional({"args"});
  return spec;
}

ManualText watch_manual() {
  ManualText text;
  text.name = "dossier-watch";
  text.summary = "standing queries over a Dossier database: what is new since they were last read";
  text.synopsis = "[OPTIONS] add NAME [FILTERS] QUERY... | list | new [NAME...] | remove NAME";
  text.description = {
      "A watch is a dossier-search query with its filters, saved under a name in the database directory (watches.json). "
      "dossier-watch new shows, watch by watch, the articles that indexing runs added or changed since the watch was last "
      "read, ranked as dossier-search ranks them, and marks them seen (--peek leaves them unseen). A new watch starts at the "
      "current run: its first new is empty until the next dossier-index run.",
      "list shows every watch: its query, filters, when it was last read and how many articles are new now. remove "
      "deletes one. dossier-index prints each watch's count of new articles at the end of a run.",
      "The watches are written atomically and have a lock of their own: dossier-watch works while dossier-index runs, "
      "and shows only what finished runs wrote."};
  text.environment = {{"DOSSIER_DB", "The database when --db is not given (then dossier.db)."},
                      {"NO_COLOR", "No colour unless --color always."},
                      {"COLUMNS", "The width text is wrapped at when not on a terminal (default 80)."}};
  text.exit_status = {{"0", "new: something new; list: watches listed; add, remove: done."},
                      {"1", "new: nothing new; list: no watches."},
                      {"2", "An error: a bad query, option or watch name, a database or watch file that cannot be read, or (new) a "
                            "watch that could not run (the others are still shown)."}};
  text.examples = {{"dossier-watch add drones --country RS drone", "Watch drone stories tagged with Serbia."},
                   {"dossier-watch new", "What every watch found since it was last read."},
                   {"dossier-watch new drones --peek --json | jq '.watches[0].hits[].article.title'", "Titles, left unseen."},
                   {"dossier-watch list", "Every watch, with its count of new articles."}};
  text.see_also = {"dossier-search(1)", "dossier-index(1)"};
  text.choices = {{"match", {"any", "all"}},
                  {"sort", {"relevance", "date", "-date"}},
                  {"format", {"text", "json", "jsonl"}},
                  {"color", {"auto", "always", "never"}}};
  text.directory_options = {"db"};
  return text;
}

WatchCommand parse_watch_command_line(const std::vector<std::string>& args, const std::string& env_db) {
  cxxopts::Options spec = watch_option_spec();
  WatchCommand command;
  ArgumentRules rules = argument_rules(spec);
  rules.dash_words = true;  // "add quiet kosovo -drone": the word left out
  const std::vector<std::string> checked = check_arguments(args, rules);
  std::vector<const char*> argv{"dossier-watch"};
  for (const auto& arg : checked) argv.push_back(arg.c_str());
  try {
    const auto result = spec.parse(static_cast<int>(argv.size()), argv.data());
    command.show_help = result.count("help") > 0;
    command.show_version = result.count("version") > 0;
    if (command.show_help) {  // formatted only when asked for, as dossier-search's
      command.help_text = spec.help() +
                          "\nCommands: add NAME [FILTERS] QUERY... | list | new [NAME...] [--peek] | remove NAME\n"
                          "Exit status: 0 something new (list: watches listed), 1 nothing new (list: none), 2 error.\n";
    }
    if (command.show_help || command.show_version) return command;
    command.db_path = result.count("db") ? result["db"].as<std::string>() : (env_db.empty() ? "dossier.db" : env_db);
    std::vector<std::string> words = result.count("args") ? result["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (words.empty()) throw UsageError("no command given: add, list, new or remove (try --help)");
    command.action = parse_action(words.front());
    words.erase(words.begin());
    // count() is 0 for an option left at its default (--match any).
    bool filters_given = false;
    for (const char* option : kFilterOptions) filters_given = filters_given || result.count(option) > 0;
    if (command.action != WatchAction::Add && filters_given) {
      throw UsageError("filters (--country, --actor, --weapon, --since, ...) belong to 'add': a watch keeps its own");
    }
    if (command.action != WatchAction::New && (result.count("peek") || result.count("limit") || result.count("sort"))) {
      throw UsageError("--peek, --limit and --sort go with 'new'");
    }

    switch (command.action) {
      case WatchAction::Add: {
        if (words.empty()) throw UsageError("add needs a NAME, then the query (e.g. dossier-watch add drones --country RS drone)");
        check_watch_name(words.front());
        command.watch.name = words.front();
        for (std::size_t i = 1; i < words.size(); ++i) command.watch.query += (i > 1 ? " " : "") + words[i];
        if (command.watch.query.size() > kMostWatchQueryBytes) {
          throw UsageError("the query is longer than " + std::to_string(kMostWatchQueryBytes) + " bytes");
        }
        WatchFilters& filters = command.watch.filters;
        if (result.count("country")) filters.countries = result["country"].as<std::vector<std::string>>();
        if (result.count("country-focus")) filters.focus_countries = result["country-focus"].as<std::vector<std::string>>();
        if (result.count("actor")) filters.actors = result["actor"].as<std::vector<std::string>>();
        if (result.count("weapon")) filters.weapons = result["weapon"].as<std::vector<std::string>>();
        if (result.count("speaker")) filters.speakers = result["speaker"].as<std::vector<std::string>>();
        if (result.count("since")) filters.since = result["since"].as<std::string>();
        if (result.count("until")) filters.until = result["until"].as<std::string>();
        const std::string match = result["match"].as<std::string>();
        if (match != "any" && match != "all") throw UsageError("--match must be 'any' or 'all', not '" + match + "'");
        filters.match_all_words = match == "all";
        if (command.watch.query.empty() && filters.countries.empty() && filters.focus_countries.empty() && filters.actors.empty() &&
            filters.weapons.empty() && filters.speakers.empty() && filters.since.empty() && filters.until.empty()) {
          throw UsageError("add " + command.watch.name + ": no query and no filter given: the watch would match everything");
        }
        break;
      }
      case WatchAction::List:
        if (!words.empty()) throw UsageError("list takes no arguments");
        break;
      case WatchAction::New:
        for (const std::string& name : words) check_watch_name(name);
        command.names = words;
        break;
      case WatchAction::Remove:
        if (words.size() != 1) throw UsageError("remove takes one watch NAME");
        check_watch_name(words.front());
        command.names = words;
        break;
    }

    command.peek = result.count("peek") > 0;
    command.news.limit = check_limit(result["limit"].as<std::size_t>(), "--limit");
    command.news.sort = parse_sort_order(result["sort"].as<std::string>(), "--sort");
    const std::string format = result.count("json") ? "json" : result["format"].as<std::string>();
    if (format == "json") command.format = OutputFormat::Json;
    else if (format == "jsonl") command.format = OutputFormat::JsonLines;
    else if (format == "text") command.format = OutputFormat::Text;
    else throw UsageError("--format must be text, json or jsonl, not '" + format + "'");
    if (command.format == OutputFormat::JsonLines && command.action != WatchAction::New) {
      throw UsageError("--format jsonl lists hits: it goes with 'new'");
    }
    command.colour = parse_colour_mode(result["color"].as<std::string>());
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(describe_option_error(e, args));
  }
  return command;
}

}  // namespace dossier
