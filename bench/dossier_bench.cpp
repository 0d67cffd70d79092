// dossier-bench: query latency of a Dossier database, through the searcher library itself.
// Thin entry point: options (bench_cli), queries (query_file / query_mix), measuring and
// reporting (bench_tool) live in the libraries.
#include <cstdlib>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/bench_tool.h"
#include "bench/dossier_client.h"
#include "bench/query_mix.h"
#include "common/error.h"
#include "common/terminal.h"
#include "searcher/environment.h"
#include "searcher/index_reader.h"
#include "searcher/speedup/mapped_reads.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "?"
#endif

namespace {

constexpr const char* kProgram = "dossier-bench";

int run(int argc, char** argv) {
  using namespace dossier;
  using namespace dossier::bench;
  // Every environment variable the tool honours, read here and nowhere else (searcher/environment.h).
  const SearchEnvironment environment = read_search_environment([](const char* name) { return std::getenv(name); });
  mapped_reads::set_enabled(environment.mapped_reads.value_or(true));
  const BenchCommand command = parse_bench_command_line(
      std::vector<std::string>(argv + 1, argv + argc), BenchTool::Dossier, kProgram,
      "Query latency of a Dossier database: a query file or a generated mix, per mode and query class.",
      environment.db);
  if (command.show_help) {
    std::cout << command.help_text;
    return 0;
  }
  DossierTarget target{command.db_path, command.cluster_path, command.count_policy,
                      apply_environment(command.searcher, environment), command.extras};
  // Concurrent clients share the cores: by default each splits its searches between its share.
  if (target.searcher.threads == 0 && command.settings.threads > 1) {
    target.searcher.threads = std::max<std::size_t>(1, std::thread::hardware_concurrency() / command.settings.threads);
  }
  QueryList queries;
  std::string source;
  if (command.mix > 0) {
    const std::unique_ptr<IndexReader> opened = open_target(target);
    IndexReader& index = *opened;
    MixOptions options;
    options.count = command.mix;
    options.seed = command.settings.seed;
    QueryMix mix = generate_query_mix(index, options);
    for (const std::string& note : mix.notes) std::cerr << kProgram << ": mix: " << sanitise_for_terminal(note) << '\n';
    source = "mix " + std::to_string(command.mix) + " seed " + std::to_string(options.seed);
    if (!command.write_queries.empty()) {
      std::ofstream out(command.write_queries, std::ios::binary | std::ios::trunc);
      write_query_lines(out, mix.queries, "dossier-bench --mix " + std::to_string(command.mix) + " --seed " +
                                              std::to_string(options.seed) + " on " + index.path() + " (" +
                                              std::to_string(index.database().get_doccount()) + " passages)");
      out.close();
      if (!out) throw InputError(command.write_queries, 0, "cannot write the query file");
      std::cerr << kProgram << ": wrote " << mix.queries.size() << " queries to "
                << sanitise_for_terminal(command.write_queries) << '\n';
      return 0;
    }
    queries.queries = std::move(mix.queries);
  } else {
    queries = read_query_file(command.queries_path);
    source = command.queries_path;
  }
  ReportInfo info;
  info.tool = kProgram;
  info.system = command.count_policy.exact ? "dossier-exact" : "dossier";
  info.version = std::string("dossier ") + DOSSIER_VERSION;
  info.db = command.cluster_path.empty() ? command.db_path : "cluster " + command.cluster_path;
  info.queries = source;
  {
    const std::unique_ptr<IndexReader> opened = open_target(target);
    IndexReader& index = *opened;
    info.details["passages"] = index.database().get_doccount();
    info.details["search_threads"] = search_partitions(index, target.searcher);
    info.details["split_above"] = target.searcher.split_above;
    info.details["length_table"] = target.searcher.length_table && index.all_local();
    info.details["facet_table"] = target.searcher.facet_table && index.all_local();
    info.details["unit"] = "articles (best passage each); facet counts of distinct articles";
    info.details["counts"] = command.count_policy.exact ? "exact (--exact-facets)"
                                                        : "estimated from a sample of about " +
                                                              std::to_string(command.count_policy.sample_size) + " above " +
                                                              std::to_string(command.count_policy.exact_limit) +
                                                              " possible matches, else exact";
  }
  if (!command.alternate_threads) {
    return run_bench_tool(command, std::move(queries), [target] { return std::make_unique<DossierClient>(target); }, info,
                          std::cout, std::cerr);
  }
  // The same search with another --search-threads, query by query in this process.
  std::vector<AlternatingSetting> settings;
  for (const std::size_t threads : {target.searcher.threads, *command.alternate_threads}) {
    DossierTarget setting = target;
    setting.searcher.threads = threads;
    AlternatingSetting alternating;
    alternating.label = "--search-threads " + std::to_string(threads);
    alternating.info = info;
    alternating.info.details["setting"] = alternating.label;
    alternating.info.details["search_threads"] = search_partitions(*open_target(setting), setting.searcher);
    alternating.factory = [setting] { return std::make_unique<DossierClient>(setting); };
    settings.push_back(std::move(alternating));
  }
  return run_alternating_tool(command, std::move(queries), settings, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return dossier::bench::guarded_main(kProgram, [&] { return run(argc, argv); }, std::cerr);
}
