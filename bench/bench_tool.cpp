#include "bench/bench_tool.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/terminal.h"

namespace dossier::bench {

int run_bench_tool(const BenchCommand& command, QueryList queries, const ClientFactory& factory, const ReportInfo& info,
                   std::ostream& out, std::ostream& err) {
  err << info.tool << ": " << sanitise_for_terminal(info.system + " on " + info.db + ", queries from " + info.queries) << '\n';
  const BenchRun run = run_benchmark(std::move(queries), command.settings, factory, err);
  print_skipped(run, info.tool, err);
  const nlohmann::ordered_json report = report_json(run, command.settings, info);
  if (command.json) {
    // dump's error handler "replace" keeps invalid UTF-8 from a query file from throwing.
    out << escape_json_for_terminal(report.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << '\n';
  } else {
    print_report_table(report, out);
  }
  out.flush();
  if (!command.plot_path.empty() &&
      write_percentile_plot(run, info.system + " query latency (" + info.queries + ")", command.plot_path, err)) {
    err << info.tool << ": plot written to " << sanitise_for_terminal(command.plot_path) << '\n';
  }
  return run.skipped.empty() ? 0 : 1;
}

int run_alternating_tool(const BenchCommand& command, QueryList queries, const std::vector<AlternatingSetting>& settings,
                         std::ostream& out, std::ostream& err) {
  std::vector<ClientFactory> factories;
  for (const AlternatingSetting& setting : settings) {
    err << setting.info.tool << ": "
        << sanitise_for_terminal(setting.info.system + " on " + setting.info.db + ", queries from " + setting.info.queries +
                                 ", " + setting.label)
        << '\n';
    factories.push_back(setting.factory);
  }
  const std::vector<BenchRun> runs = run_alternating(std::move(queries), command.settings, factories, err);
  print_skipped(runs.front(), settings.front().info.tool, err);
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < runs.size(); ++i) reports.push_back(report_json(runs[i], command.settings, settings[i].info));
  if (command.json) {
    const nlohmann::ordered_json document{{"alternating", reports}};
    out << escape_json_for_terminal(document.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << '\n';
  } else {
    for (std::size_t i = 0; i < reports.size(); ++i) {
      out << (i == 0 ? "" : "\n") << "Setting " << (i + 1) << " of " << reports.size() << ": "
          << sanitise_for_terminal(settings[i].label) << '\n';
      print_report_table(reports[i], out);
    }
  }
  out.flush();
  return runs.front().skipped.empty() ? 0 : 1;
}

int run_baseline_tool(const BaselineTool& tool, int argc, char** argv) {
  const BenchCommand command = parse_bench_command_line(std::vector<std::string>(argv + 1, argv + argc),
                                                        BenchTool::Baseline, tool.info.tool, tool.description);
  if (command.show_help) {
    std::cout << command.help_text;
    return 0;
  }
  if (!command.build_from.empty()) {
    tool.build(command.db_path, command.build_from);
    return 0;
  }
  if (!command.shell_sql_for.empty()) {
    if (!tool.shell_sql) throw UsageError(tool.info.system + " has no command-line shell: --shell-sql is for the FTS5 baseline");
    tool.shell_sql(read_query_file(command.shell_sql_for), std::cout);
    return 0;
  }
  ReportInfo info = tool.info;
  info.db = command.db_path;
  info.queries = command.queries_path;
  const std::string path = command.db_path;
  tool.open(path);  // a missing database is an error before anything is measured
  const auto open = tool.open;
  return run_bench_tool(command, read_query_file(command.queries_path), [open, path] { return open(path); }, info,
                        std::cout, std::cerr);
}

}  // namespace dossier::bench
