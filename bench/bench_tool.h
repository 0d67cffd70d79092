// What dossier-bench and the baselines do once their client is ready: measure, report (table or
// JSON), plot, and map errors to exit codes, identically for every system.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "bench/bench_cli.h"
#include "bench/report.h"
#include "bench/tool_main.h"  // guarded_main

namespace dossier::bench {

// Measures queries with clients from factory and prints the report on out (progress, skipped
// lines and notes on err). Returns the exit status: 0, or 1 when some queries were skipped.
int run_bench_tool(const BenchCommand& command, QueryList queries, const ClientFactory& factory, const ReportInfo& info,
                   std::ostream& out, std::ostream& err);

}  // namespace dossier::bench
