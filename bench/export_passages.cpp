// dossier-bench-export: every passage of a Dossier database as JSON lines, for the baselines of
// the query-latency comparison (bench/query_bench.sh). They index exactly the passages, dates and
// facet tags Dossier indexed, without any Dossier code on their side:
//   {"article": ID, "passage": N, "title": ..., "date": "YYYYMMDD" or "", "text": ...,
//    "facets": ["C:RS", "A:nato", "W:atgm", ...]}
// Exit status: 0, 2 on errors.
#include <fstream>
#include <iostream>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "bench/bench_tool.h"
#include "common/error.h"
#include "common/record.h"
#include "common/schema.h"
#include "common/facet_codes.h"
#include "searcher/index_reader.h"

namespace {

constexpr const char* kProgram = "dossier-bench-export";

int run(int argc, char** argv) {
  cxxopts::Options spec(kProgram, "Write every passage of a Dossier database as JSON lines (for the baselines).");
  spec.add_options()
      ("d,db", "Database directory", cxxopts::value<std::string>())
      ("o,out", "Output file", cxxopts::value<std::string>())
      ("h,help", "Show this help");
  cxxopts::ParseResult args;
  try {
    args = spec.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw dossier::UsageError(e.what());
  }
  if (args.count("help")) {
    std::cout << spec.help() << "\nExit status: 0 written, 2 error.\n";
    return 0;
  }
  if (!args.count("db") || !args.count("out")) throw dossier::UsageError("--db and --out are required");
  dossier::IndexReader index(args["db"].as<std::string>());
  Xapian::Database& db = index.database();
  const std::string out_path = args["out"].as<std::string>();
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) throw dossier::InputError(out_path, 0, "cannot write");
  std::size_t written = 0, unreadable = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    dossier::PassageRecord record;
    try {
      record = dossier::decode_record(doc.get_data());
    } catch (const dossier::Error&) {
      ++unreadable;
      continue;
    }
    nlohmann::json line = {{"article", record.article.id},
                           {"passage", record.passage.index},
                           {"title", record.article.title},
                           {"date", doc.get_value(dossier::schema::kSlotDate)},
                           {"text", record.passage.text},
                           {"facets", dossier::split_facet_codes(doc.get_value(dossier::schema::kSlotFacets))}};
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    ++written;
  }
  out.close();
  if (!out) throw dossier::InputError(out_path, 0, "write failed");
  std::cerr << kProgram << ": " << written << " passages written";
  if (unreadable > 0) std::cerr << ", " << unreadable << " unreadable records left out";
  std::cerr << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return dossier::bench::guarded_main(kProgram, [&] { return run(argc, argv); }, std::cerr);
}
