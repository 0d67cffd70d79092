#include "searcher/cli.h"

#include "common/arguments.h"

#include <algorithm>
#include <limits>

#include <cxxopts.hpp>
#include <fmt/format.h>

#include "common/error.h"
#include "searcher/request_options.h"
#include "searcher/timeline.h"

namespace dossier {

namespace {

// K1,B with K1 >= 0 and 0 <= B <= 1 (NaN and infinities refused).
void parse_bm25(const std::string& text, const std::string& option, double& k1, double& b) {
  try {
    std::size_t used = 0;
    k1 = std::stod(text, &used);
    if (used >= text.size() || text[used] != ',') throw std::invalid_argument("comma");
    const std::string rest = text.substr(used + 1);
    b = std::stod(rest, &used);
    if (used != rest.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw UsageError(option + " takes K1,B (e.g. 1.2,0.75), not '" + text + "'");
  }
  if (!(k1 >= 0 && k1 <= 1000) || !(b >= 0 && b <= 1)) throw UsageError(option + " needs K1 >= 0 and 0 <= B <= 1");
}

}  // namespace

cxxopts::Options searcher_option_spec() {
  cxxopts::Options spec("dossier-search", "Search a Dossier database: ranked passages, snippets and facet counts.");
  spec.custom_help("[OPTIONS]");
  spec.positional_help("QUERY...");
  add_count_options(spec);
  spec.add_options()
      ("d,db", "Database directory (default: $DOSSIER_DB, then dossier.db)", cxxopts::value<std::string>())
      ("cluster", "Search the shards listed in this cluster description (local directories, tcp://HOST:PORT)",
       cxxopts::value<std::string>())
      ("allow-partial", "With --cluster: search the shards that answer when others are down, and say which are missing")
      ("country", "Only passages tagged with this country (id or name; repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("country-focus", "Only articles ABOUT this country (title, dateline, lead, repeated mentions; repeatable, OR)",
       cxxopts::value<std::vector<std::string>>())
      ("actor", "Only passages tagged with this actor (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("weapon", "Only passages tagged with this weapon system or category (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("speaker", "Only passages whose attribution names this actor as the speaker (repeatable, OR)", cxxopts::value<std::vector<std::string>>())
      ("since", "Only articles dated on or after YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("until", "Only articles dated on or before YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("by", "Group results by 'article' (best passage each) or list every 'passage'", cxxopts::value<std::string>()->default_value("article"))
      ("no-collapse-copies", "List near-duplicate articles (wire copies, reposts) as hits of their own, instead of once with '+N copies'")
      ("match", "Default operator between words: 'any' (OR, ranked) or 'all' (AND)", cxxopts::value<std::string>()->default_value("any"))
      ("sort", "relevance, date (oldest first) or -date (newest first)", cxxopts::value<std::string>()->default_value("relevance"))
      ("n,limit", "Number of hits to show (0 with --timeline: the timeline without hits)", cxxopts::value<std::size_t>()->default_value("10"))
      ("offset", "Number of hits to skip (paging)", cxxopts::value<std::size_t>()->default_value("0"))
      ("facet-count", "Count facet values per 'article' or per 'passage'", cxxopts::value<std::string>()->default_value("article"))
      ("facet-top", "Values shown per facet (0: all)", cxxopts::value<std::size_t>()->default_value("8"))
      ("fragments", "Snippet fragments per hit", cxxopts::value<std::size_t>()->default_value("2"))
      ("bm25", "BM25 parameters K1,B", cxxopts::value<std::string>()->default_value("1.2,0.75"))
      ("time-limit", "Stop a search that takes longer than SECONDS (0: no limit)", cxxopts::value<double>()->default_value("10"))
      ("expand", "Pseudo-relevance feedback: re-rank with N terms from the top passages (20 suits natural-language questions; never changes what matches)", cxxopts::value<std::size_t>()->default_value("0"))
      ("article-score", "How articles are scored: 'mixed' (BM25 over the whole article mixed with its best passage), 'best' (best passage) or 'sum' (best + 0.3 x the others)",
       cxxopts::value<std::string>()->default_value("mixed"))
      ("article-weight", "With --article-score mixed: the whole article's share of the score, 0 to 1 (below 1, an article of one passage is scored by its passage alone)",
       cxxopts::value<double>()->default_value(fmt::format("{}", RankingOptions::kDefaultArticleWeight)))
      ("article-bm25", "With --article-score mixed: BM25 parameters K1,B of the whole-article score",
       cxxopts::value<std::string>()->default_value(
           fmt::format("{},{}", RankingOptions::kDefaultArticleK1, RankingOptions::kDefaultArticleB)))
      ("json", "Print one JSON object (same as --format json)")
      ("format", "text, json, jsonl or tsv (id, date, title, score, path: one line per hit)", cxxopts::value<std::string>()->default_value("text"))
      ("color", "auto, always or never (NO_COLOR is honoured)", cxxopts::value<std::string>()->default_value("auto"))
      ("explain", "Show why each hit matched and where each facet comes from")
      ("values", "List one facet's values for the query and filters (ids, names, article counts), e.g. actor or actor:vuc",
       cxxopts::value<std::string>(), "FACET[:PREFIX]")
      ("timeline", "Also count the matching articles per year, month, week (ISO, from Monday) or day of their date, over every match",
       cxxopts::value<std::string>(), "UNIT")
      ("by-facet", "With --timeline: a row of counts per top value of this facet (country, actor or weapon)",
       cxxopts::value<std::string>(), "FACET")
      ("show", "Print the article with this id in full (every passage, attribution, entity, source file), the query's words highlighted",
       cxxopts::value<std::string>(), "ID")
      ("i,interactive", "Interactive session: refine the query, filters and page (:help inside)")
      ("h,help", "Show this help")
      ("version", "Show the version")
      ("query", "Query words", cxxopts::value<std::vector<std::string>>());
  spec.parse_positional({"query"});
  return spec;
}

ManualText searcher_manual() {
  ManualText text;
  text.name = "dossier-search";
  text.summary = "search a Dossier database: ranked articles, snippets and facet counts";
  text.synopsis = "[OPTIONS] QUERY...";
  text.description = {
      "dossier-search ranks the articles of a database built by dossier-index for a query (BM25 over attributed passages, "
      "an article shown as its best passage), prints a snippet of each hit with the query's words highlighted, and counts "
      "the countries, actors and weapons of every matching article.",
      "The query language: plain words (any of them; --match all for every one), \"a phrase\", -word to leave one out, "
      "word* for a prefix, NEAR and AND/OR/NOT, and fields: country:, actor:, weapon:, speaker:, focus:, lang:, source:, kind:, "
      "title:, attribution:, date:FROM..TO. A word that names an entity the gazetteer knows (in any script or spelling) also "
      "matches the passages tagged with it.",
      "--show ID prints one article in full; --format tsv prints one line per hit (id, date, title, score, path) for "
      "cut, xargs and fzf; --values lists a facet's values; -i starts an interactive session (:help inside).",
      "Output is sanitised for the terminal: control characters and escape sequences from the archive never reach it."};
  text.environment = {{"DOSSIER_DB", "The database when neither --db nor --cluster is given (then dossier.db)."},
                      {"NO_COLOR", "No colour unless --color always."},
                      {"COLUMNS", "The width text is wrapped at when not on a terminal (default 80)."},
                      {"PAGER", "The pager of interactive sessions (default: less -R)."},
                      {"XDG_STATE_HOME", "Where the interactive history is kept (default: ~/.local/state/dossier/history)."},
                      {"DOSSIER_MAPPED_READS, DOSSIER_LENGTH_TABLE, DOSSIER_FACET_TABLE, DOSSIER_ONE_SEARCH_HEAP",
                       "1 or 0: force a speed-up on or off (they never change results)."}};
  text.exit_status = {{"0", "Hits found (with --show: the article was found)."},
                      {"1", "No hits (with --show: no article with that id)."},
                      {"2", "An error: a bad query or option, a database that cannot be read."}};
  text.examples = {{"dossier-search --db archive.db --country RS drones", "Articles about drones tagged with Serbia."},
                   {"dossier-search --json 'actor:nato kosovo' | jq '.hits[].article.title'", "Titles of the hits, with jq."},
                   {"dossier-search --format tsv javelin | fzf --delimiter '\\t' --preview 'dossier-search --show {1} javelin'",
                    "Pick a hit with fzf, each article in its preview."},
                   {"dossier-search --timeline month --by-facet country drones", "Who was tagged in drone stories, month by month."},
                   {"dossier-search -i", "An interactive session."}};
  text.see_also = {"dossier-index(1)", "jq(1)", "fzf(1)"};
  text.choices = {{"by", {"article", "passage"}},          {"match", {"any", "all"}},
                  {"sort", {"relevance", "date", "-date"}}, {"facet-count", {"article", "passage"}},
                  {"format", {"text", "json", "jsonl", "tsv"}}, {"color", {"auto", "always", "never"}},
                  {"article-score", {"best", "mixed", "sum"}}, {"values", {"country", "actor", "weapon", "speaker"}},
                  {"timeline", {"year", "month", "week", "day"}}, {"by-facet", {"country", "actor", "weapon", "speaker"}}};
  text.file_options = {"cluster"};
  text.directory_options = {"db"};
  return text;
}

SearcherCommand parse_searcher_command_line(const std::vector<std::string>& args, const std::string& env_db) {
  cxxopts::Options spec = searcher_option_spec();
  SearcherCommand command;
  ArgumentRules rules = argument_rules(spec);
  rules.dash_words = true;  // "kosovo -drone": the word left out, not the option -d
  const std::vector<std::string> checked = check_arguments(args, rules);
  std::vector<const char*> argv{"dossier-search"};
  for (const auto& arg : checked) argv.push_back(arg.c_str());
  try {
    const auto result = spec.parse(static_cast<int>(argv.size()), argv.data());
    command.show_help = result.count("help") > 0;
    command.show_version = result.count("version") > 0;
    // Formatted only when asked for: laying out every option's help cost a one-shot search
    // about 0.2 ms, 6% of a rare AND's whole run.
    if (command.show_help) {
      command.help_text = spec.help({"", "Counting"}) +
                          "\nExit status: 0 hits found, 1 no hits, 2 error (bad query, bad option, database problem).\n";
    }
    if (command.show_help || command.show_version) return command;

    command.db_path = result.count("db") ? result["db"].as<std::string>() : (env_db.empty() ? "dossier.db" : env_db);
    if (result.count("cluster")) {
      if (result.count("db")) throw UsageError("--db and --cluster are alternatives: give one");
      command.cluster_path = result["cluster"].as<std::string>();
      command.db_path.clear();
    }
    command.allow_partial = result.count("allow-partial") > 0;
    if (command.allow_partial && command.cluster_path.empty()) throw UsageError("--allow-partial needs --cluster FILE");
    SearchRequest& request = command.request;
    if (result.count("query")) {
      for (const auto& word : result["query"].as<std::vector<std::string>>()) {
        if (!request.query.empty()) request.query += ' ';
        request.query += word;
      }
    }
    if (result.count("country")) request.countries = result["country"].as<std::vector<std::string>>();
    if (result.count("country-focus")) request.focus_countries = result["country-focus"].as<std::vector<std::string>>();
    if (result.count("actor")) request.actors = result["actor"].as<std::vector<std::string>>();
    if (result.count("weapon")) request.weapons = result["weapon"].as<std::vector<std::string>>();
    if (result.count("speaker")) request.speakers = result["speaker"].as<std::vector<std::string>>();
    if (result.count("since")) request.since = result["since"].as<std::string>();
    if (result.count("until")) request.until = result["until"].as<std::string>();

    request.by_passage = parse_by_passage(result["by"].as<std::string>(), "--by");
    request.collapse_copies = result.count("no-collapse-copies") == 0;
    const std::string match = result["match"].as<std::string>();
    if (match != "any" && match != "all") throw UsageError("--match must be 'any' or 'all', not '" + match + "'");
    request.match_all_words = match == "all";
    request.sort = parse_sort_order(result["sort"].as<std::string>(), "--sort");
    // --limit 0 with a timeline: the timeline (and the facets) without hits.
    const std::size_t limit = result["limit"].as<std::size_t>();
    request.limit = limit == 0 && result.count("timeline") ? 0 : check_limit(limit, "--limit");
    request.offset = check_offset(result["offset"].as<std::size_t>(), "--offset");
    const std::string unit = result["facet-count"].as<std::string>();
    if (unit != "article" && unit != "passage") throw UsageError("--facet-count must be 'article' or 'passage'");
    request.facet_unit = unit == "article" ? CountUnit::Articles : CountUnit::Passages;
    request.facet_top = result["facet-top"].as<std::size_t>();
    request.count_policy = parse_count_options(result);
    command.searcher = parse_searcher_options(result);
    request.snippet.max_fragments = result["fragments"].as<std::size_t>();
    if (request.snippet.max_fragments == 0 || request.snippet.max_fragments > 10) throw UsageError("--fragments must be 1 to 10");

    parse_bm25(result["bm25"].as<std::string>(), "--bm25", request.ranking.bm25_k1, request.ranking.bm25_b);
    parse_bm25(result["article-bm25"].as<std::string>(), "--article-bm25", request.ranking.article_k1, request.ranking.article_b);
    request.time_limit_seconds = result["time-limit"].as<double>();
    if (!(request.time_limit_seconds >= 0 && request.time_limit_seconds <= 86400)) throw UsageError("--time-limit must be 0 to 86400 seconds");
    request.ranking.expand_terms = result["expand"].as<std::size_t>();
    if (request.ranking.expand_terms > 100) throw UsageError("--expand takes at most 100 terms");
    request.ranking.article_score = parse_article_score(result["article-score"].as<std::string>());
    request.ranking.article_weight = result["article-weight"].as<double>();
    if (!(request.ranking.article_weight >= 0 && request.ranking.article_weight <= 1)) {
      throw UsageError("--article-weight must be 0 to 1");
    }
    const std::string format = result.count("json") ? "json" : result["format"].as<std::string>();
    if (format == "json") command.format = OutputFormat::Json;
    else if (format == "jsonl") command.format = OutputFormat::JsonLines;
    else if (format == "text") command.format = OutputFormat::Text;
    else if (format == "tsv") command.format = OutputFormat::Tsv;
    else throw UsageError("--format must be text, json, jsonl or tsv, not '" + format + "'");
    command.colour = parse_colour_mode(result["color"].as<std::string>());
    command.explain = result.count("explain") > 0;
    command.request.collect_matched_terms = command.explain;  // only --explain shows them
    command.interactive = result.count("interactive") > 0;
    if (result.count("values")) {
      command.values = parse_values_request(result["values"].as<std::string>());
      if (command.interactive) throw UsageError("--values and --interactive are alternatives: give one");
      command.request.facet_top = 0;  // every value
      if (command.format == OutputFormat::Tsv) throw UsageError("--values prints text or JSON, not tsv");
    }
    if (result.count("timeline")) {
      request.timeline = parse_timeline_request(result["timeline"].as<std::string>(),
                                                result.count("by-facet") ? result["by-facet"].as<std::string>() : "", "--timeline");
      if (command.values) throw UsageError("--timeline and --values are alternatives: give one");
      if (command.format == OutputFormat::Tsv || command.format == OutputFormat::JsonLines) {
        throw UsageError("--timeline prints text or JSON (--json), not " + format);
      }
    } else if (result.count("by-facet")) {
      throw UsageError("--by-facet goes with --timeline UNIT (e.g. --timeline month --by-facet country)");
    }
    if (result.count("show")) {
      command.show = result["show"].as<std::string>();
      if (command.show->empty()) throw UsageError("--show needs an article id");
      if (command.interactive || command.values || request.timeline) {
        throw UsageError("--show prints one article: not with --interactive, --values or --timeline");
      }
      if (command.format == OutputFormat::Tsv || command.format == OutputFormat::JsonLines) {
        throw UsageError("--show prints text or JSON (--json), not " + format);
      }
    }
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(describe_option_error(e, args));
  }
  const SearchRequest& request = command.request;
  if (!command.interactive && !command.values && !command.show && request.query.empty() && request.countries.empty() && request.focus_countries.empty() && request.actors.empty() && request.weapons.empty() && request.speakers.empty() &&
      request.since.empty() && request.until.empty()) {
    throw UsageError("no query and no filter given (try --help)");
  }
  return command;
}

void add_count_options(cxxopts::Options& spec) {
  spec.add_options("Counting")
      ("exact-facets", "Count every match, however many: never estimate the total and facet counts from a sample")
      ("sample-above", "Estimate the total and facet counts from a sample when a query can match more than N passages",
       cxxopts::value<std::size_t>()->default_value(std::to_string(CountPolicy{}.exact_limit)))
      ("search-threads", "Split each search between N threads by shard (0: one per core, at most one per shard, for a search that can match enough passages to share, while the other cores are free; 1: no split). Same results either way",
       cxxopts::value<std::size_t>()->default_value("0"));
}

SearcherOptions parse_searcher_options(const cxxopts::ParseResult& result) {
  SearcherOptions options;
  options.threads = result["search-threads"].as<std::size_t>();
  if (options.threads > 64) throw UsageError("--search-threads must be 0 to 64");
  return options;
}

CountPolicy parse_count_options(const cxxopts::ParseResult& result) {
  CountPolicy policy;
  policy.exact = result.count("exact-facets") > 0;
  const std::size_t sample_above = result["sample-above"].as<std::size_t>();
  if (sample_above < 1 || sample_above > std::numeric_limits<Xapian::doccount>::max()) {
    throw UsageError("--sample-above must be 1 to " + std::to_string(std::numeric_limits<Xapian::doccount>::max()));
  }
  policy.exact_limit = static_cast<Xapian::doccount>(sample_above);
  policy.sample_size = CountPolicy::sample_size_for(policy.exact_limit);
  return policy;
}

ArticleScore parse_article_score(const std::string& text) {
  if (text == "mixed") return ArticleScore::Mixed;
  if (text == "best") return ArticleScore::Best;
  if (text == "sum") return ArticleScore::Sum;
  throw UsageError("--article-score must be 'mixed', 'best' or 'sum', not '" + text + "'");
}

ColourMode parse_colour_mode(const std::string& text) {
  if (text == "auto") return ColourMode::Auto;
  if (text == "always") return ColourMode::Always;
  if (text == "never") return ColourMode::Never;
  throw UsageError("--color must be auto, always or never, not '" + text + "'");
}

bool use_colour(ColourMode mode, bool stdout_is_tty, bool no_color_set) {
  switch (mode) {
    case ColourMode::Always: return true;
    case ColourMode::Never: return false;
    case ColourMode::Auto: return stdout_is_tty && !no_color_set;
  }
  return false;
}

}  // namespace dossier
