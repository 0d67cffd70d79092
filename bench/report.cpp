#include "bench/report.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "bench/latency_stats.h"
#include "common/terminal.h"

namespace dossier::bench {

namespace {

double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

nlohmann::ordered_json stats_json(const LatencySummary& s) {
  return {{"count", s.count},     {"mean", round3(s.mean_ms)}, {"p50", round3(s.p50_ms)},
          {"p90", round3(s.p90_ms)}, {"p99", round3(s.p99_ms)},  {"p99_9", round3(s.p99_9_ms)},
          {"max", round3(s.max_ms)}, {"qps", std::round(s.qps * 10.0) / 10.0}};
}

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = (end > begin ? dirs.substr(begin, end - begin) : ".") + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    begin = end + 1;
  }
  return {};
}

// gnuplot strings are single-quoted: a quote is doubled.
std::string gnuplot_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += "''";
    else if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "'";
}

}  // namespace

nlohmann::ordered_json report_json(const BenchRun& run, const BenchSettings& settings, const ReportInfo& info) {
  nlohmann::ordered_json doc;
  doc["tool"] = info.tool;
  doc["system"] = info.system;
  doc["version"] = info.version;
  doc["db"] = info.db;
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (const SkippedQuery& s : run.skipped) skipped.push_back({{"origin", s.origin}, {"message", s.message}});
  doc["queries"] = {{"source", info.queries}, {"measured", run.queries.size()}, {"skipped", run.skipped.size()},
                    {"skipped_lines", skipped}};
  nlohmann::ordered_json modes_list = nlohmann::ordered_json::array();
  for (BenchMode mode : settings.modes) modes_list.push_back(std::string(mode_name(mode)));
  doc["settings"] = {{"modes", modes_list},         {"warmup", settings.cold ? 0 : settings.warmup}, {"repeat", settings.repeat},
                     {"threads", run.threads},      {"cold", settings.cold},     {"seed", settings.seed},
                     {"percentiles", "nearest-rank"}, {"details", info.details}};
  doc["unit"] = "ms";
  nlohmann::ordered_json modes = nlohmann::ordered_json::object();
  for (const ModeRun& mode_run : run.modes) {
    std::vector<double> all;
    std::map<std::string, std::vector<double>> by_class;
    std::size_t estimated = 0, split = 0;
    std::map<std::string, std::size_t> estimated_by_class, split_by_class;
    std::vector<std::string> class_order;  // first appearance in the query list
    for (const BenchQuery& query : run.queries) {
      if (by_class.emplace(query.label, std::vector<double>{}).second) class_order.push_back(query.label);
    }
    for (const Sample& sample : mode_run.samples) {
      all.push_back(sample.ms);
      by_class[run.queries[sample.query].label].push_back(sample.ms);
      if (sample.estimated) {
        ++estimated;
        ++estimated_by_class[run.queries[sample.query].label];
      }
      if (sample.split) {
        ++split;
        ++split_by_class[run.queries[sample.query].label];
      }
    }
    nlohmann::ordered_json entry;
    entry["overall"] = stats_json(summarise_latencies(all, mode_run.wall_seconds));
    entry["overall"]["estimated"] = estimated;  // runs whose counts came from a sample
    entry["overall"]["split"] = split;          // runs split between threads
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (const std::string& label : class_order) {
      const std::vector<double>& values = by_class[label];
      double busy_ms = 0;
      for (double ms : values) busy_ms += ms;
      classes[label] = stats_json(summarise_latencies(values, busy_ms / 1000.0 / static_cast<double>(run.threads)));
      classes[label]["estimated"] = estimated_by_class[label];
      classes[label]["split"] = split_by_class[label];
    }
    entry["classes"] = classes;
    entry["wall_s"] = round3(mode_run.wall_seconds);
    if (settings.samples) {
      // Every timed run in the order it ran, [query index, ms], for statistics over several
      // reports (bench/load_summary.py pools rounds, and pairs alternating settings run by run);
      // an alternating run adds the setting's place in the query's turn (0: it ran first).
      nlohmann::ordered_json runs = nlohmann::ordered_json::array();
      for (const Sample& sample : mode_run.samples) {
        nlohmann::ordered_json run = {sample.query, std::round(sample.ms * 1e4) / 1e4};
        if (sample.place >= 0) run.push_back(sample.place);
        runs.push_back(std::move(run));
      }
      entry["samples"] = runs;
    }
    modes[std::string(mode_name(mode_run.mode))] = entry;
  }
  doc["modes"] = modes;
  return doc;
}

void print_report_table(const nlohmann::ordered_json& report, std::ostream& out) {
  const auto& queries = report["queries"];
  const auto& settings = report["settings"];
  out << sanitise_for_terminal(fmt::format("{} ({}), {}: {} queries measured, {} skipped; {} pass(es), {} warm-up, "
                                           "{} client(s){}",
                                           report["system"].get<std::string>(), report["version"].get<std::string>(),
                                           queries["source"].get<std::string>(), queries["measured"].get<std::size_t>(),
                                           queries["skipped"].get<std::size_t>(), settings["repeat"].get<std::size_t>(),
                                           settings["warmup"].get<std::size_t>(), settings["threads"].get<std::size_t>(),
                                           settings["cold"].get<bool>() ? ", cold page cache" : ""))
      << '\n';
  out << "latency in ms, nearest-rank percentiles\n";
  const std::string header = fmt::format("{:<7} {:<18} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "mode",
                                         "class", "count", "mean", "p50", "p90", "p99", "p99.9", "max", "qps");
  out << header << '\n' << std::string(header.size(), '-') << '\n';
  const auto row = [&](const std::string& mode, const std::string& label, const nlohmann::ordered_json& s) {
    out << sanitise_for_terminal(fmt::format("{:<7} {:<18} {:>7} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.1f}",
                                             mode, label, s["count"].get<std::size_t>(), s["mean"].get<double>(),
                                             s["p50"].get<double>(), s["p90"].get<double>(), s["p99"].get<double>(),
                                             s["p99_9"].get<double>(), s["max"].get<double>(), s["qps"].get<double>()))
        << '\n';
  };
  std::string estimates;
  for (const auto& [mode, entry] : report["modes"].items()) {
    row(mode, "all", entry["overall"]);
    for (const auto& [label, stats] : entry["classes"].items()) row("", label, stats);
    const auto& overall = entry["overall"];
    const std::size_t estimated = overall.value("estimated", std::size_t{0});
    if (estimated > 0) {
      estimates += fmt::format("{}: counts estimated from a sample in {} of {} runs ({:.1f}%)\n", mode, estimated,
                               overall["count"].get<std::size_t>(),
                               100.0 * static_cast<double>(estimated) / overall["count"].get<double>());
    }
  }
  out << sanitise_for_terminal(estimates);
}

void print_skipped(const BenchRun& run, const std::string& program, std::ostream& err) {
  for (const SkippedQuery& s : run.skipped) {
    err << program << ": error: " << sanitise_for_terminal(s.origin + ": " + s.message) << " (skipped)\n";
  }
}

bool write_percentile_plot(const BenchRun& run, const std::string& title, const std::string& path, std::ostream& err) {
  const std::string gnuplot = find_program("gnuplot");
  if (gnuplot.empty()) {
    err << "note: gnuplot not found, no plot written to " << sanitise_for_terminal(path)
        << " (install the Debian package gnuplot-nox)\n";
    return false;
  }
  const bool png = path.size() > 4 && path.compare(path.size() - 4, 4, ".png") == 0;
  std::string script;
  script += png ? "set terminal pngcairo size 900,560 font 'sans,10'\n" : "set terminal svg size 900,560 dynamic font 'sans,11'\n";
  script += "set output " + gnuplot_quote(path) + "\n";
  script += "set title " + gnuplot_quote(title) + "\n";
  script += "set xlabel 'percentile'\nset ylabel 'latency (ms)'\nset logscale y\nset grid\nset key top left\n";
  script += "set xtics ('p0' 0, 'p50' 0.30103, 'p90' 1, 'p99' 2, 'p99.9' 3)\nset xrange [0:3.05]\n";
  std::string plot = "plot ";
  for (std::size_t i = 0; i < run.modes.size(); ++i) {
    std::vector<double> values;
    for (const Sample& sample : run.modes[i].samples) values.push_back(std::max(sample.ms, 1e-4));
    script += fmt::format("$mode{} << EOD\n", i);
    for (const auto& [p, ms] : percentile_curve(values)) {
      if (p >= 100.0) continue;  // the maximum has no place on a log-of-nines axis
      script += fmt::format("{:.6f} {:.6f}\n", -std::log10(1.0 - p / 100.0), ms);
    }
    script += "EOD\n";
    plot += fmt::format("{}$mode{} using 1:2 with lines linewidth 2 title {}", i == 0 ? "" : ", ", i,
                        gnuplot_quote(std::string(mode_name(run.modes[i].mode))));
  }
  script += plot + "\n";
  std::error_code ignored;
  std::filesystem::remove(path, ignored);  // so that a stale plot is never taken for this one
  // The script goes through a pipe; a gnuplot that dies early must not kill us with SIGPIPE.
  struct sigaction ignore_pipe {}, previous {};
  ignore_pipe.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore_pipe, &previous);
  FILE* pipe = ::popen("gnuplot", "w");  // found on PATH above; the shell looks it up the same way
  int status = -1;
  if (pipe != nullptr) {
    std::fwrite(script.data(), 1, script.size(), pipe);
    status = ::pclose(pipe);
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  if (status != 0 || !std::filesystem::exists(path)) {
    err << "note: gnuplot failed (status " << status << "); no plot written to " << sanitise_for_terminal(path) << '\n';
    return false;
  }
  return true;
}

}  // namespace dossier::bench
