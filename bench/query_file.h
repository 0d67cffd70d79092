// Query lists for the benchmarks: the file format every benchmark tool reads, so that Dossier and
// the baselines run exactly the same queries.
//
// One query per line, in dossier-search's query language. Blank lines and lines starting with
// '#' are ignored, except "# class: NAME", which labels the queries that follow (generated mixes
// use it; queries before any such line are labelled "file"). A line that cannot be a query
// (invalid UTF-8, control characters, over kMaxQueryBytes) is an error of that line.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace dossier::bench {

inline constexpr std::size_t kMaxQueryBytes = 4096;

struct BenchQuery {
  std::string text;
  std::string label;   // query class
  std::string origin;  // "FILE:LINE", or "mix:N" for a generated query
};

// A query that was not run: bad line, or a query the system rejected.
struct SkippedQuery {
  std::string origin;
  std::string message;
};

struct QueryList {
  std::vector<BenchQuery> queries;
  std::vector<SkippedQuery> skipped;
};

QueryList parse_query_lines(std::istream& in, const std::string& name);
// Throws InputError when the file cannot be read.
QueryList read_query_file(const std::string& path);

// Writes queries in the format above; a "# class:" line whenever the label changes.
void write_query_lines(std::ostream& out, const std::vector<BenchQuery>& queries, const std::string& header);

}  // namespace dossier::bench
