#include "indexer/cli.h"

#include "common/arguments.h"

#include <cxxopts.hpp>

#include <thread>

#include "common/error.h"

namespace dossier {

cxxopts::Options indexer_option_spec() {
  cxxopts::Options spec("dossier-index", "Index news articles into a Dossier (Xapian) database.");
  spec.custom_help("[OPTIONS]");
  spec.positional_help("PATH...");
  spec.add_options()
      ("d,db", "Database directory to create or update (default: $DOSSIER_DB, then dossier.db)", cxxopts::value<std::string>())
      ("g,gazetteers", "Directory of *.gaz gazetteer files (default: $DOSSIER_GAZETTEERS, then the shipped corpus/gazetteers)",
       cxxopts::value<std::string>())
      ("dump-passages", "Write no database; print one JSON object per passage to stdout")
      ("q,quiet", "Print only errors and, when something was skipped, the summary")
      ("invalid-utf8", "Bytes that are not UTF-8: 'repair' (replace by U+FFFD and warn) or 'skip' the article/line",
       cxxopts::value<std::string>()->default_value("repair"))
      ("max-line-bytes", "Longest accepted input line in bytes", cxxopts::value<std::size_t>()->default_value(std::to_string(8u << 20)))
      ("max-passages", "Most paragraphs (passages) in one article; a longer one is skipped",
       cxxopts::value<std::size_t>()->default_value(std::to_string(kDefaultMaxPassages)))
      ("j,jobs", "Worker threads (default: the number of cores)", cxxopts::value<std::size_t>())
      ("shards", "Shards of a new database (default: as many as --jobs)", cxxopts::value<std::size_t>())
      ("commit-every", "Commit after this many passages", cxxopts::value<std::size_t>()->default_value("50000"))
      ("commit-seconds", "Commit at least this often", cxxopts::value<double>()->default_value("60"))
      ("wait-lock", "If another indexer holds the database, wait up to SECONDS for it",
       cxxopts::value<double>()->implicit_value("86400"))
      ("durable", "fsync at every commit, not just at the end (survives a machine crash mid-run)")
      ("compact", "At the end of a run that changed the database, compact its shards (smaller, faster to search)")
      ("no-delete", "Keep articles whose source file has gone")
      ("retry-failed", "Read again files that had problems last time, even if unchanged")
      ("report", "Write the summary as JSON to FILE", cxxopts::value<std::string>())
      ("check", "Check every table of the database (Xapian's consistency check) and exit")
      ("repair", "Rebuild every shard that fails the check from the source files the manifest lists for it "
                 "(the damaged copy is kept beside it); PATHs, if any, are indexed as usual")
      ("h,help", "Show this help")
      ("version", "Show the version")
      ("paths", "Files or directories to index", cxxopts::value<std::vector<std::string>>());
  spec.parse_positional({"paths"});
  return spec;
}

ManualText indexer_manual() {
  ManualText text;
  text.name = "dossier-index";
  text.summary = "index news articles into a Dossier search database";
  text.synopsis = "[OPTIONS] PATH... | -";
  text.description = {
      "dossier-index reads articles (plain text with Title:, Date:, Source:, Language: and ID: headers, or JSON Lines; "
      "either may be gzipped), splits them into attributed passages, tags the countries, actors and weapons they mention, "
      "and writes a sharded Xapian database that dossier-search searches.",
      "PATHs are files or folders (searched recursively for *.txt, *.text, *.jsonl and *.ndjson, each optionally .gz). "
      "A PATH of - reads JSON Lines from standard input; records without an id get stdin:LINE.",
      "Runs are incremental: unchanged files are skipped, changed ones re-read, and the articles of files that have gone "
      "are deleted (not with --no-delete). A run that is killed leaves the database at its last commit; running it again "
      "finishes the work.",
      "Bad input never stops a run: each skipped file, line or article is reported on one line naming the file and line, "
      "and the summary counts them."};
  text.environment = {{"DOSSIER_DB", "The database when --db is not given (then dossier.db)."},
                      {"DOSSIER_GAZETTEERS", "The gazetteer folder when --gazetteers is not given (else share/dossier/gazetteers beside an installed dossier-index, else the shipped corpus/gazetteers of the source tree)."},
                      {"COLUMNS", "The width the progress line and the summary are wrapped at when not on a terminal."}};
  text.exit_status = {{"0", "All input indexed."},
                      {"1", "Some input was skipped (each reported; the rest is indexed)."},
                      {"2", "An error: a bad option, a database that cannot be opened or is locked, a failed write."}};
  text.examples = {{"dossier-index --db archive.db corpus/articles", "Index a folder of articles (again: only what changed)."},
                   {"zcat feed.jsonl.gz | dossier-index --db archive.db -", "Index JSON Lines from a pipe."},
                   {"dossier-index --db archive.db --check", "Check every table of the database."}};
  text.see_also = {"dossier-search(1)", "xapian-check(1)"};
  text.choices = {{"invalid-utf8", {"repair", "skip"}}};
  text.file_options = {"report"};
  text.directory_options = {"db", "gazetteers"};
  text.files_positional = true;
  return text;
}

IndexerCommand parse_indexer_command_line(const std::vector<std::string>& args, const IndexerEnvironment& environment) {
  cxxopts::Options spec = indexer_option_spec();
  const std::vector<std::string> checked = check_arguments(args, argument_rules(spec));
  std::vector<const char*> argv{"dossier-index"};
  for (const auto& arg : checked) argv.push_back(arg.c_str());
  IndexerCommand command;
  try {
    const auto result = spec.parse(static_cast<int>(argv.size()), argv.data());
    command.help_text = spec.help({""}) +
                        "\nExit status: 0 all input indexed, 1 some input skipped (see messages), 2 error.\n";
    command.show_help = result.count("help") > 0;
    command.show_version = result.count("version") > 0;
    if (command.show_help || command.show_version) return command;
    IndexerOptions& options = command.options;
    options.db_path = result.count("db") ? result["db"].as<std::string>() : (environment.db.empty() ? "dossier.db" : environment.db);
    if (result.count("gazetteers")) options.gazetteer_dir = result["gazetteers"].as<std::string>();
    if (options.gazetteer_dir.empty()) options.gazetteer_dir = environment.gazetteers;
    options.dump_passages = result.count("dump-passages") > 0;
    options.quiet = result.count("quiet") > 0;
    options.limits.max_line_bytes = result["max-line-bytes"].as<std::size_t>();
    options.limits.max_passages = result["max-passages"].as<std::size_t>();
    const std::string invalid_utf8 = result["invalid-utf8"].as<std::string>();
    if (invalid_utf8 == "repair") {
      options.limits.invalid_utf8 = InvalidUtf8::Repair;
    } else if (invalid_utf8 == "skip") {
      options.limits.invalid_utf8 = InvalidUtf8::Skip;
    } else {
      throw UsageError("--invalid-utf8 must be 'repair' or 'skip', not '" + invalid_utf8 + "'");
    }
    options.commit_every = result["commit-every"].as<std::size_t>();
    options.commit_seconds = result["commit-seconds"].as<double>();
    const unsigned cores = std::thread::hardware_concurrency();
    options.jobs = result.count("jobs") ? result["jobs"].as<std::size_t>() : (cores > 0 ? cores : 1);
    if (result.count("shards")) options.shards = result["shards"].as<std::size_t>();
    if (result.count("wait-lock")) options.wait_lock_seconds = result["wait-lock"].as<double>();
    options.durable = result.count("durable") > 0;
    options.compact = result.count("compact") > 0;
    options.no_delete = result.count("no-delete") > 0;
    options.retry_failed = result.count("retry-failed") > 0;
    if (result.count("report")) options.report_path = result["report"].as<std::string>();
    command.check = result.count("check") > 0;
    options.repair = result.count("repair") > 0;
    if (result.count("shards") && result["shards"].as<std::size_t>() == 0) throw UsageError("--shards must be 1 to 1024, not 0");
    if (result.count("paths")) options.inputs = result["paths"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(describe_option_error(e, args));
  }
  if (command.check) return command;
  if (command.options.inputs.empty() && !command.options.repair) throw UsageError("no input paths given (try --help)");
  if (command.options.repair && command.options.dump_passages) throw UsageError("--repair writes a database; it cannot go with --dump-passages");
  if (command.options.jobs == 0 || command.options.jobs > 256) throw UsageError("--jobs must be 1 to 256");
  if (command.options.shards > 1024) throw UsageError("--shards must be 1 to 1024");
  if (command.options.commit_seconds <= 0) throw UsageError("--commit-seconds must be positive");
  if (command.options.limits.max_line_bytes < 1024) throw UsageError("--max-line-bytes must be at least 1024");
  if (command.options.commit_every == 0) throw UsageError("--commit-every must be at least 1");
  if (command.options.limits.max_passages == 0 || command.options.limits.max_passages > 1000000) {
    throw UsageError("--max-passages must be 1 to 1000000");
  }
  return command;
}

}  // namespace dossier
