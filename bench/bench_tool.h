// What dossier-bench and the baselines do once their client is ready: measure, report (table or
// JSON), plot, and map errors to exit codes, identically for every system.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "bench/bench_cli.h"
#include "bench/report.h"
#include "bench/tool_main.h"  // guarded_main

namespace dossier::bench {

// Measures queries with clients from factory and prints the report on out (progress, skipped
// lines and notes on err). Returns the exit status: 0, or 1 when some queries were skipped.
int run_bench_tool(const BenchCommand& command, QueryList queries, const ClientFactory& factory, const ReportInfo& info,
                   std::ostream& out, std::ostream& err);

// One setting of run_alternating_tool: its clients and its report's header (details name the setting).
struct AlternatingSetting {
  std::string label;  // "--search-threads 1": in the progress lines and the table's heading
  ClientFactory factory;
  ReportInfo info;
};

// Measures the settings query by query in this process (run_alternating) and prints one report
// per setting: tables one after the other, or with --json one object {"alternating": [REPORT,
// ...]} in the settings' order. Exit status as run_bench_tool.
int run_alternating_tool(const BenchCommand& command, QueryList queries, const std::vector<AlternatingSetting>& settings,
                         std::ostream& out, std::ostream& err);

// What distinguishes one baseline tool (plain Xapian, FTS5) from another; the rest of its main()
// is run_baseline_tool's.
struct BaselineTool {
  std::string description;  // the --help line
  ReportInfo info;          // tool, system, version and details; db and queries are filled in
  std::function<void(const std::string& db, const std::string& passages)> build;  // --build FILE
  std::function<std::unique_ptr<BenchClient>(const std::string& db)> open;       // one per client
  // --shell-sql FILE: one JSON line per query, {"query", ...what the shell runs} or {"query",
  // "error"}; empty for a system without a command-line shell.
  std::function<void(const QueryList& queries, std::ostream& out)> shell_sql;
};

// A baseline's whole run: parse its command line, --help, --build, or measure the query file.
int run_baseline_tool(const BaselineTool& tool, int argc, char** argv);

}  // namespace dossier::bench
