// dossier-bench-fts5: the SQLite FTS5 baseline of the query-latency comparison, through the C API
// the way an SQLite user would write it:
//   passages: fts5(body, title UNINDEXED, article UNINDEXED, date UNINDEXED,
//                  tokenize = 'porter unicode61'), 'optimize'd after the build
//   facets:   (code, doc) WITHOUT ROWID, plus an index on (doc, code)
// A query: the words become the MATCH expression (baseline_query.h), facet filters become
// `+rowid IN (SELECT doc FROM facets WHERE code = ?)`, a date range a condition on the date column.
//   top10:  best passage per article: bm25() of every match, GROUP BY article, min(), ORDER BY it,
//           LIMIT 10; then the 10 titles
//   facets: + count(DISTINCT article) and facet counts (passages) with GROUP BY over the facet
//           table joined to the matches
//   full:   + snippet() of each hit
// Statements are prepared once per distinct SQL text and reused (reset + bind).
//
//   dossier-bench-fts5 --db X.sqlite --build passages.jsonl    # from dossier-bench-export
//   dossier-bench-fts5 --db X.sqlite --queries q.txt [--json]  # same options as dossier-bench
// Exit status: 0, 1 some queries skipped, 2 error.
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "bench/baseline_query.h"
#include "bench/bench_tool.h"
#include "common/error.h"

namespace {

using namespace dossier::bench;

constexpr const char* kProgram = "dossier-bench-fts5";
constexpr int kSnippetTokens = 40;
constexpr std::size_t kFacetTop = 8;

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw dossier::DatabaseError(std::string("prepare: ") + sqlite3_errmsg(db) + ": " + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw dossier::DatabaseError(std::string(sql).substr(0, 60) + ": " + message);
  }
}

sqlite3* open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw dossier::DatabaseError(path + ": " + message);
  }
  return db;
}

void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void build(const std::string& db_path, const std::string& passages_path) {
  std::ifstream in(passages_path, std::ios::binary);
  if (!in) throw dossier::InputError(passages_path, 0, "cannot open");
  std::remove(db_path.c_str());
  sqlite3* db = open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  try {
    exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
    exec(db,
         "CREATE VIRTUAL TABLE passages USING fts5(body, title UNINDEXED, article UNINDEXED, date UNINDEXED, "
         "tokenize = 'porter unicode61');"
         "CREATE TABLE facets(code TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (code, doc)) WITHOUT ROWID;");
    exec(db, "BEGIN");
    Statement insert(db, "INSERT INTO passages(rowid, body, title, article, date) VALUES (?, ?, ?, ?, ?)");
    Statement facet(db, "INSERT OR IGNORE INTO facets(code, doc) VALUES (?, ?)");
    std::string line;
    std::size_t number = 0, skipped = 0;
    sqlite3_int64 rowid = 0;
    while (std::getline(in, line)) {
      ++number;
      nlohmann::json passage;
      try {
        passage = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        std::cerr << kProgram << ": error: " << passages_path << ":" << number << ": " << e.what() << " (skipped)\n";
        ++skipped;
        continue;
      }
      ++rowid;
      sqlite3_stmt* s = insert.get();
      sqlite3_bind_int64(s, 1, rowid);
      bind_text(s, 2, passage.value("text", ""));
      bind_text(s, 3, passage.value("title", ""));
      bind_text(s, 4, passage.value("article", ""));
      const std::string date = passage.value("date", "");
      if (date.empty()) sqlite3_bind_null(s, 5);
      else bind_text(s, 5, date);
      if (sqlite3_step(s) != SQLITE_DONE) throw dossier::DatabaseError(std::string("insert: ") + sqlite3_errmsg(db));
      sqlite3_reset(s);
      for (const std::string& code : passage.value("facets", std::vector<std::string>{})) {
        sqlite3_stmt* f = facet.get();
        bind_text(f, 1, code);
        sqlite3_bind_int64(f, 2, rowid);
        if (sqlite3_step(f) != SQLITE_DONE) throw dossier::DatabaseError(std::string("insert: ") + sqlite3_errmsg(db));
        sqlite3_reset(f);
      }
    }
    exec(db, "COMMIT");
    exec(db, "CREATE INDEX facets_by_doc ON facets(doc, code);"
             "INSERT INTO passages(passages) VALUES ('optimize');"
             "ANALYZE;");
    std::cerr << kProgram << ": " << rowid << " passages indexed into " << db_path;
    if (skipped > 0) std::cerr << ", " << skipped << " lines skipped";
    std::cerr << '\n';
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  sqlite3_close(db);
}

// A query's WHERE clause over the passages table, with ?1 the MATCH expression and ?2... the
// facet codes and date bounds (values, in order); what the client binds and the shell inlines.
struct Fts5Filter {
  std::string where;
  std::vector<std::string> values;
};

Fts5Filter fts5_filter(const std::string& query) {
  const SplitQuery split = split_filters(query);
  Fts5Filter filter;
  filter.values.push_back(fts5_match_expression(split.text));
  filter.where = "passages MATCH ?1";
  const auto parameter = [&](std::string value) {
    filter.values.push_back(std::move(value));
    return "?" + std::to_string(filter.values.size());
  };
  for (const FacetFilter& facet : split.facets) {
    // The unary + keeps SQLite from driving the full-text scan by the facet's rowid list (one
    // MATCH evaluation per tagged passage: 30x slower for a frequent country, per EXPLAIN QUERY
    // PLAN and a timing); the list is then an ephemeral index probed per match.
    filter.where += " AND +passages.rowid IN (SELECT doc FROM facets WHERE code = " + parameter(std::string(1, facet.facet) + ":" + facet.id) + ")";
  }
  if (!split.date_from.empty()) filter.where += " AND passages.date >= " + parameter(split.date_from);
  if (!split.date_to.empty()) filter.where += " AND passages.date <= " + parameter(split.date_to);
  return filter;
}

// sql with each ?N replaced by the filter's value as an SQL string literal.
std::string inline_values(std::string sql, const std::vector<std::string>& values) {
  for (std::size_t n = values.size(); n >= 1; --n) {  // ?12 before ?1
    std::string literal = "'";
    for (const char c : values[n - 1]) literal += c == '\'' ? std::string("''") : std::string(1, c);
    literal += "'";
    const std::string placeholder = "?" + std::to_string(n);
    for (std::size_t at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder, at + literal.size())) {
      sql.replace(at, placeholder.size(), literal);
    }
  }
  return sql;
}

// What the sqlite3 shell runs to answer a query as dossier-search answers it on a terminal: the
// 10 best articles (best passage's bm25) with title and snippet, the article count, and (facets)
// the facet counts of the matching passages.
void print_shell_sql(const QueryList& queries, std::ostream& out) {
  for (const BenchQuery& query : queries.queries) {
    nlohmann::json line{{"query", query.text}};
    try {
      const Fts5Filter filter = fts5_filter(query.text);
      const std::string top10 =
          "WITH m AS MATERIALIZED (SELECT rowid AS id, article, bm25(passages) AS score FROM passages WHERE " + filter.where +
          ") SELECT p.title, snippet(passages, 0, '[', ']', '…', " + std::to_string(kSnippetTokens) +
          ") FROM passages AS p JOIN (SELECT id, min(score) AS best FROM m GROUP BY article ORDER BY best LIMIT 10) AS t "
          "ON p.rowid = t.id WHERE passages MATCH ?1 ORDER BY t.best;\n"
          "SELECT count(DISTINCT article) FROM passages WHERE " + filter.where + ";\n";
      const std::string facets = "SELECT f.code, count(*) AS n FROM passages JOIN facets AS f ON f.doc = passages.rowid WHERE " +
                                 filter.where + " GROUP BY f.code ORDER BY n DESC LIMIT " + std::to_string(3 * kFacetTop) + ";\n";
      line["top10_count"] = inline_values(top10, filter.values);
      line["with_facets"] = inline_values(top10 + facets, filter.values);
    } catch (const BenchQueryError& e) {
      line["error"] = e.what();
    }
    out << line.dump() << '\n';
  }
}

class Fts5Client : public BenchClient {
 public:
  explicit Fts5Client(std::string path) : path_(std::move(path)) { reopen(); }
  ~Fts5Client() override { close(); }

  void reopen() override {
    close();
    db_ = open(path_, SQLITE_OPEN_READONLY);
  }

  void run(const BenchQuery& query, BenchMode mode) override {
    const Fts5Filter filter = fts5_filter(query.text);
    const std::string& where = filter.where;
    const std::string& match = filter.values.front();
    const auto bind = [&](sqlite3_stmt* s) {
      for (std::size_t i = 0; i < filter.values.size(); ++i) bind_text(s, static_cast<int>(i) + 1, filter.values[i]);
    };

    std::vector<sqlite3_int64> hits;
    std::size_t bytes = 0;
    {
      // bm25() cannot be an aggregate's argument (GROUP BY sorts rows before aggregating, away
      // from the full-text cursor), so the scores are materialised first.
      sqlite3_stmt* s = statement("WITH m AS MATERIALIZED (SELECT rowid AS id, article, bm25(passages) AS score FROM passages WHERE " +
                                  where + ") SELECT id, min(score) AS best FROM m GROUP BY article ORDER BY best LIMIT 10");
      bind(s);
      step_rows(s, [&] { hits.push_back(sqlite3_column_int64(s, 0)); });
      sqlite3_stmt* title = statement("SELECT title FROM passages WHERE rowid = ?1");
      for (const sqlite3_int64 rowid : hits) {
        sqlite3_bind_int64(title, 1, rowid);
        step_rows(title, [&] { bytes += static_cast<std::size_t>(sqlite3_column_bytes(title, 0)); });
      }
    }
    if (mode != BenchMode::Top10) {
      sqlite3_stmt* total = statement("SELECT count(DISTINCT article) FROM passages WHERE " + where);
      bind(total);
      step_rows(total, [&] { total_ = sqlite3_column_int64(total, 0); });
      sqlite3_stmt* s = statement("SELECT f.code, count(*) FROM passages JOIN facets AS f ON f.doc = passages.rowid WHERE " +
                                  where + " GROUP BY f.code");
      bind(s);
      std::map<char, std::vector<std::pair<sqlite3_int64, std::string>>> by_facet;
      step_rows(s, [&] {
        const auto* code = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        if (code != nullptr && code[0] != '\0') by_facet[code[0]].emplace_back(sqlite3_column_int64(s, 1), code + 1);
      });
      for (auto& [facet, values] : by_facet) {
        const std::size_t keep = std::min(kFacetTop, values.size());
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(keep), values.end(),
                          [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        bytes += keep;
      }
    }
    if (mode == BenchMode::Full) {
      sqlite3_stmt* s = statement("SELECT snippet(passages, 0, '[', ']', '…', " + std::to_string(kSnippetTokens) +
                                  ") FROM passages WHERE passages MATCH ?1 AND rowid = ?2");
      for (const sqlite3_int64 rowid : hits) {
        bind_text(s, 1, match);
        sqlite3_bind_int64(s, 2, rowid);
        step_rows(s, [&] { bytes += static_cast<std::size_t>(sqlite3_column_bytes(s, 0)); });
      }
    }
    sink_ += bytes;
  }

 private:
  void close() {
    statements_.clear();
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = nullptr;
  }

  sqlite3_stmt* statement(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    return it->second->get();
  }

  // Steps through every row; an FTS5 syntax error is the query's fault, anything else fatal.
  template <typename Row>
  void step_rows(sqlite3_stmt* s, Row row) {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) row();
    const std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_DONE) return;
    if (rc == SQLITE_ERROR && message.find("fts5") != std::string::npos) throw BenchQueryError(message);
    throw dossier::DatabaseError(path_ + ": " + message);
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  sqlite3_int64 total_ = 0;
  std::size_t sink_ = 0;  // results are used, so that no work can be skipped
};

BaselineTool fts5_tool() {
  BaselineTool tool;
  tool.description = "Query latency of the SQLite FTS5 baseline (same queries and report as dossier-bench).";
  tool.info.tool = kProgram;
  tool.info.system = "fts5";
  tool.info.version = std::string("sqlite ") + sqlite3_libversion();
  tool.info.details["unit"] = "articles (GROUP BY article, best bm25); facet counts of passages (GROUP BY code)";
  tool.info.details["tokenizer"] = "porter unicode61";
  tool.build = build;
  tool.open = [](const std::string& path) { return std::make_unique<Fts5Client>(path); };
  tool.shell_sql = print_shell_sql;
  return tool;
}

}  // namespace

int main(int argc, char** argv) {
  return guarded_main(kProgram, [&] { return run_baseline_tool(fts5_tool(), argc, argv); }, std::cerr);
}
