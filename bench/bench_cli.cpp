#include "bench/bench_cli.h"

#include <cxxopts.hpp>

#include "common/error.h"
#include "searcher/cli.h"

namespace dossier::bench {

namespace {

std::vector<BenchMode> parse_modes(const std::string& text) {
  std::vector<BenchMode> modes;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(begin, end - begin);
    const auto mode = parse_mode(name);
    if (!mode) throw UsageError("--modes takes top10, facets and full, comma-separated, not '" + name + "'");
    for (BenchMode seen : modes) {
      if (seen == *mode) throw UsageError("--modes names '" + name + "' twice");
    }
    modes.push_back(*mode);
    begin = end + 1;
  }
  return modes;
}

}  // namespace

SearchExtras parse_without(const std::string& list) {
  SearchExtras extras;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string item = list.substr(start, comma - start);
    if (item == "copies") extras.collapse_copies = false;
    else if (item == "entity-words") extras.entity_words = false;
    else if (item == "suggest") extras.suggest_spelling = false;
    else throw UsageError("--without takes copies, entity-words or suggest (comma-separated), not '" + item + "'");
    start = comma + 1;
  }
  return extras;
}

BenchCommand parse_bench_command_line(const std::vector<std::string>& args, BenchTool tool, const std::string& program,
                                      const std::string& description, const std::string& env_db) {
  const bool dossier = tool == BenchTool::Dossier;
  cxxopts::Options spec(program, description);
  spec.custom_help("[OPTIONS]");
  spec.add_options()
      ("d,db", dossier ? "Database directory (default: $DOSSIER_DB, then dossier.db)" : "Database to search (and to create with --build)",
       cxxopts::value<std::string>())
      ("queries", "Query file: one query per line, '#' comments, '# class: NAME' labels the lines after it",
       cxxopts::value<std::string>())
      ("modes", "What each timed query does: top10, facets, full (comma-separated)",
       cxxopts::value<std::string>()->default_value("top10,facets,full"))
      ("warmup", "Unmeasured passes over the queries before each mode", cxxopts::value<std::size_t>()->default_value("1"))
      ("repeat", "Measured passes over the queries per mode", cxxopts::value<std::size_t>()->default_value("3"))
      ("threads", "Concurrent clients, each with its own database connection", cxxopts::value<std::size_t>()->default_value("1"))
      ("seed", dossier ? "Seed of the query mix and of the query order" : "Seed of the query order",
       cxxopts::value<std::uint64_t>()->default_value("1"))
      ("cold", "Drop the page cache before each query (needs root; exit 2 when it cannot)")
      ("json", "Print the results as one JSON object instead of the table")
      ("samples", "With --json: list every timed run of each mode ([query index, ms], in the order they ran)")
      ("plot", "Write a latency percentile plot per mode (FILE.svg or FILE.png; needs gnuplot)", cxxopts::value<std::string>())
      ("h,help", "Show this help");
  if (dossier) {
    add_count_options(spec);
    spec.add_options()
        ("cluster", "Search the cluster this file describes (local and tcp:// shards) instead of --db",
         cxxopts::value<std::string>())
        ("mix", "Generate N queries from the database's vocabulary instead of --queries", cxxopts::value<std::size_t>())
        ("write-queries", "Write the generated --mix to FILE (query file format) and stop", cxxopts::value<std::string>())
        ("without", "Leave out per-query extras of a search, to time them (comma-separated): copies (collapsing near-duplicates, "
                    "finding a hit's copies), entity-words (words that name an entity also matching its passages), suggest "
                    "(did you mean)", cxxopts::value<std::string>())
        ("article-score", "How articles are ranked, as dossier-search's --article-score: mixed, best or sum (default: mixed)",
         cxxopts::value<std::string>())
        ("alternate-threads", "Also measure with --search-threads N, in the same process: each query runs with both settings, one "
                              "right after the other, which goes first alternating; reports both (JSON: {\"alternating\": [REPORT, REPORT]})",
         cxxopts::value<std::size_t>())
        ("split-above", "With --search-threads 0: split a search between threads when it can match at least N passages "
                        "(default: the searcher's own, " + std::to_string(kSplitAbove) + ")", cxxopts::value<std::uint32_t>());
  } else {
    spec.add_options()
        ("build", "Build the database at --db from FILE (JSON lines from dossier-bench-export) and stop",
         cxxopts::value<std::string>())
        ("shell-sql", "Print, for each query of FILE, the SQL a command-line shell runs to answer it (JSON lines) and stop; "
                      "systems without a shell refuse", cxxopts::value<std::string>());
  }

  std::vector<const char*> argv{program.c_str()};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  BenchCommand command;
  command.help_text = spec.help({"", "Counting"}) +
                      "\nModes: top10 = the 10 best articles, no facet counts, no snippets; facets = top10 + facet counts\n"
                      "over all matches (dossier-bench: estimated from a sample for very common queries unless\n"
                      "--exact-facets, as dossier-search; the report counts those runs); full = facets + a snippet per hit. Latencies in ms, nearest-rank percentiles.\n"
                      "Exit status: 0 measured, 1 measured but some query lines were skipped (each reported), 2 error.\n";
  try {
    const auto result = spec.parse(static_cast<int>(argv.size()), argv.data());
    if (!result.unmatched().empty()) throw UsageError("unexpected argument '" + result.unmatched().front() + "'");
    command.show_help = result.count("help") > 0;
    if (command.show_help) return command;
    if (result.count("db")) command.db_path = result["db"].as<std::string>();
    else if (dossier) command.db_path = env_db.empty() ? "dossier.db" : env_db;
    else throw UsageError("--db is required");
    if (result.count("queries")) command.queries_path = result["queries"].as<std::string>();
    if (dossier) {
      if (result.count("cluster")) {
        if (result.count("db")) throw UsageError("give either --db or --cluster, not both");
        command.cluster_path = result["cluster"].as<std::string>();
      }
      command.count_policy = parse_count_options(result);
      command.searcher = parse_searcher_options(result);
      if (result.count("split-above")) {
        const std::uint32_t above = result["split-above"].as<std::uint32_t>();
        if (above == 0) throw UsageError("--split-above must be at least 1");
        command.searcher.split_above = above;
        command.searcher.start_threads_above = above;  // a long-running process starts them for the first such search
      }
      if (result.count("without")) command.extras = parse_without(result["without"].as<std::string>());
      if (result.count("article-score")) command.extras.article_score = parse_article_score(result["article-score"].as<std::string>());
      if (result.count("alternate-threads")) {
        command.alternate_threads = result["alternate-threads"].as<std::size_t>();
        if (*command.alternate_threads > 64) throw UsageError("--alternate-threads must be 0 to 64, as --search-threads");
      }
      if (result.count("mix")) {
        command.mix = result["mix"].as<std::size_t>();
        if (command.mix == 0 || command.mix > 1000000) throw UsageError("--mix takes 1 to 1000000 queries");
      }
      if (result.count("write-queries")) command.write_queries = result["write-queries"].as<std::string>();
      if (command.mix > 0 && !command.queries_path.empty()) throw UsageError("give either --queries or --mix, not both");
      if (command.mix == 0 && command.queries_path.empty()) throw UsageError("give --queries FILE or --mix N (try --help)");
      if (!command.write_queries.empty() && command.mix == 0) throw UsageError("--write-queries needs --mix");
    } else {
      if (result.count("build")) command.build_from = result["build"].as<std::string>();
      if (result.count("shell-sql")) command.shell_sql_for = result["shell-sql"].as<std::string>();
      if (command.build_from.empty() && command.queries_path.empty() && command.shell_sql_for.empty()) {
        throw UsageError("give --queries FILE, --build FILE or --shell-sql FILE (try --help)");
      }
    }
    BenchSettings& settings = command.settings;
    settings.modes = parse_modes(result["modes"].as<std::string>());
    settings.warmup = result["warmup"].as<std::size_t>();
    settings.repeat = result["repeat"].as<std::size_t>();
    settings.threads = result["threads"].as<std::size_t>();
    settings.seed = result["seed"].as<std::uint64_t>();
    settings.cold = result.count("cold") > 0;
    settings.samples = result.count("samples") > 0;
    if (settings.repeat == 0 || settings.repeat > 1000) throw UsageError("--repeat takes 1 to 1000");
    if (settings.warmup > 1000) throw UsageError("--warmup takes 0 to 1000");
    if (settings.threads == 0 || settings.threads > 256) throw UsageError("--threads takes 1 to 256");
    if (settings.cold && settings.threads != 1) throw UsageError("--cold measures one client at a time: use --threads 1");
    if (command.alternate_threads && (settings.threads != 1 || settings.cold)) {
      throw UsageError("--alternate-threads measures one client per setting, warm: leave out --threads and --cold");
    }
    if (command.alternate_threads && !command.write_queries.empty()) throw UsageError("--alternate-threads measures; --write-queries does not");
    command.json = result.count("json") > 0;
    if (result.count("plot")) command.plot_path = result["plot"].as<std::string>();
    if (!command.plot_path.empty()) {
      const std::string& plot = command.plot_path;
      const auto ends_with = [&](const std::string& suffix) {
        return plot.size() > suffix.size() && plot.compare(plot.size() - suffix.size(), suffix.size(), suffix) == 0;
      };
      if (!ends_with(".svg") && !ends_with(".png")) throw UsageError("--plot writes FILE.svg or FILE.png");
    }
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
  return command;
}

}  // namespace dossier::bench
