// Tests for indexer/summary.cpp: the one-line summary of a run and the --report document.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "indexer/summary.h"
#include "test_support.h"

using dossier::IndexerOptions;
using dossier::IndexSummary;

namespace {

IndexSummary summary_of_a_run() {
  IndexSummary s;
  s.files_read = 3;
  s.files_unchanged = 4;
  s.files_ignored = 1;
  s.files_removed = 2;
  s.articles_added = 5;
  s.articles_replaced = 2;
  s.articles_unchanged = 7;
  s.articles_deleted = 1;
  s.passages = 20;
  s.skipped = 1;
  s.warnings = 2;
  s.problems.push_back({"in/bad.txt", 4, "not UTF-8"});
  s.bytes_read = 2000000;
  s.shards = 2;
  s.seconds = 1.2345;
  return s;
}

}  // namespace

TEST_CASE("write_summary_line: an indexing run and a --dump-passages run") {
  IndexerOptions options;
  options.db_path = "news.db";
  std::ostringstream line;
  dossier::write_summary_line(line, summary_of_a_run(), options);
  // Wrapped at options.width (80 by default), continuation lines indented.
  CHECK(line.str() ==
        "dossier-index: 7 articles (20 passages) from 3 files into news.db (5 new,\n"
        "  2 replaced, 1 deleted, 7 unchanged; 4 files unchanged) in 1234 ms; 1 skipped,\n"
        "  2 warnings, 1 files ignored\n");
  for (std::size_t width : {40, 60, 80}) {  // every line fits, however narrow
    options.width = width;
    line.str("");
    dossier::write_summary_line(line, summary_of_a_run(), options);
    std::istringstream lines(line.str());
    for (std::string one; std::getline(lines, one);) CHECK(one.size() <= width);
  }
  options.width = 1000;
  line.str("");
  dossier::write_summary_line(line, summary_of_a_run(), options);
  CHECK(line.str() ==
        "dossier-index: 7 articles (20 passages) from 3 files into news.db (5 new, 2 replaced, 1 deleted, 7 unchanged; "
        "4 files unchanged) in 1234 ms; 1 skipped, 2 warnings, 1 files ignored\n");
  options.width = 80;

  options.dump_passages = true;
  line.str("");
  dossier::write_summary_line(line, summary_of_a_run(), options);
  CHECK(line.str() == "dossier-index: 7 articles (20 passages) from 3 files in 1234 ms; 1 skipped,\n  2 warnings, 1 files ignored\n");
}

TEST_CASE("write_summary_line: the database path is made safe for the terminal") {
  IndexerOptions options;
  options.db_path = "evil\x1b[2J.db";
  std::ostringstream line;
  dossier::write_summary_line(line, summary_of_a_run(), options);
  CHECK(line.str().find('\x1b') == std::string::npos);
}

TEST_CASE("summary_json: the --report document") {
  IndexerOptions options;
  options.db_path = "news.db";
  options.jobs = 4;
  const auto report = nlohmann::json::parse(dossier::summary_json(summary_of_a_run(), options));
  CHECK(report.at("database") == "news.db");
  CHECK(report.at("shards") == 2);
  CHECK(report.at("jobs") == 4);
  CHECK(report.at("files") == nlohmann::json{{"read", 3}, {"unchanged", 4}, {"ignored", 1}, {"removed", 2}});
  CHECK(report.at("articles") == nlohmann::json{{"added", 5}, {"replaced", 2}, {"unchanged", 7}, {"deleted", 1}});
  CHECK(report.at("passages") == 20);
  CHECK(report.at("problems") == nlohmann::json::array({{{"path", "in/bad.txt"}, {"line", 4}, {"reason", "not UTF-8"}}}));
  CHECK(report.at("mb_per_second").get<double>() == doctest::Approx(2.0 / 1.2345));
  CHECK(report.at("exit_code") == 1);
  CHECK(report.at("phases").size() == 7);
  CHECK(report.at("phases").contains("copies"));
  CHECK(report.at("copies_joined") == 0);
}
