// dossier-bench-xapian: the plain Xapian baseline of the query-latency comparison, written the
// way a Xapian user would: TermGenerator (English stemmer) at build time; QueryParser (English
// stemmer, default OR, boolean prefixes for the facets, a FieldProcessor for dates) + Enquire
// with the default BM25 + collapse on the article + one ValueCountMatchSpy per facet with exact
// counts (check_at_least = doccount) + MSet::snippet at search time.
//
//   dossier-bench-xapian --db X.db --build passages.jsonl     # from dossier-bench-export
//   dossier-bench-xapian --db X.db --queries q.txt [--json]   # same options as dossier-bench
//
// Multi-valued facets: a document keeps each facet's ids, sorted and joined, in one value slot;
// ValueCountMatchSpy counts those joined values and the counts are split and summed afterwards
// (exact passage counts per id). Exit status: 0, 1 some queries skipped, 2 error.
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "bench/baseline_query.h"
#include "bench/bench_tool.h"
#include "common/error.h"

namespace {

using namespace dossier::bench;

constexpr const char* kProgram = "dossier-bench-xapian";
constexpr Xapian::valueno kSlotArticle = 0, kSlotDate = 1;
constexpr Xapian::valueno kSlotFacet[] = {2, 3, 4};  // country, actor, weapon
constexpr char kFacetLetters[] = {'C', 'A', 'W'};
const char* const kFacetPrefix[] = {"XC:", "XA:", "XW:"};
const char* const kFacetField[] = {"country", "actor", "weapon"};
constexpr char kSeparator = '\x1f';
constexpr std::size_t kMaxTermBytes = 240;  // Xapian's limit is 245
constexpr Xapian::termcount kSnippetBytes = 300;
constexpr std::size_t kFacetTop = 8;

int facet_index(char letter) {
  for (int i = 0; i < 3; ++i) {
    if (kFacetLetters[i] == letter) return i;
  }
  return -1;
}

void build(const std::string& db_path, const std::string& passages_path) {
  std::ifstream in(passages_path, std::ios::binary);
  if (!in) throw dossier::InputError(passages_path, 0, "cannot open");
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  std::string line;
  std::size_t number = 0, added = 0, skipped = 0;
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
    const std::string article = passage.value("article", "");
    const std::string text = passage.value("text", "");
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    const std::string id = "Q" + article + "#" + std::to_string(passage.value("passage", 0));
    if (id.size() <= kMaxTermBytes) doc.add_boolean_term(id);
    std::vector<std::string> ids[3];
    for (const std::string& code : passage.value("facets", std::vector<std::string>{})) {
      const int facet = code.size() > 2 ? facet_index(code[0]) : -1;
      if (facet < 0 || code[1] != ':') continue;
      const std::string term = kFacetPrefix[facet] + code.substr(2);
      if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
      ids[facet].push_back(code.substr(2));
    }
    for (int facet = 0; facet < 3; ++facet) {
      std::sort(ids[facet].begin(), ids[facet].end());
      std::string joined;
      for (const std::string& value : ids[facet]) joined += (joined.empty() ? "" : std::string(1, kSeparator)) + value;
      if (!joined.empty()) doc.add_value(kSlotFacet[facet], joined);
    }
    doc.add_value(kSlotArticle, article);
    const std::string date = passage.value("date", "");
    if (!date.empty()) doc.add_value(kSlotDate, date);
    doc.set_data(passage.value("title", "") + "\n" + text);
    db.add_document(doc);
    ++added;
  }
  db.commit();
  std::cerr << kProgram << ": " << added << " passages indexed into " << db_path;
  if (skipped > 0) std::cerr << ", " << skipped << " lines skipped";
  std::cerr << '\n';
}

// date:2021..2022-06, date:2021-03, date:..2020: a range on the date slot.
class DateField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    const auto bounds = date_bounds(value);
    if (!bounds) throw Xapian::QueryParserError("not a date or date range: " + value);
    if (bounds->first.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotDate, bounds->second);
    if (bounds->second.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotDate, bounds->first);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotDate, bounds->first, bounds->second);
  }
};

class XapianClient : public BenchClient {
 public:
  explicit XapianClient(std::string path) : path_(std::move(path)), stemmer_("english") {
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (int facet = 0; facet < 3; ++facet) parser_.add_boolean_prefix(kFacetField[facet], kFacetPrefix[facet]);
    parser_.add_boolean_prefix("date", (new DateField)->release());
    reopen();
  }

  void reopen() override {
    db_ = Xapian::Database(path_);
    parser_.set_database(db_);
  }

  void run(const BenchQuery& query, BenchMode mode) override {
    Xapian::Query parsed;
    try {
      parsed = parser_.parse_query(query.text);
    } catch (const Xapian::QueryParserError& e) {
      throw BenchQueryError(e.get_description());
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(parsed);
    enquire.set_collapse_key(kSlotArticle);  // best passage per article, like Dossier
    Xapian::ValueCountMatchSpy spies[3] = {Xapian::ValueCountMatchSpy(kSlotFacet[0]), Xapian::ValueCountMatchSpy(kSlotFacet[1]),
                                           Xapian::ValueCountMatchSpy(kSlotFacet[2])};
    const bool facets = mode != BenchMode::Top10;
    if (facets) {
      for (auto& spy : spies) enquire.add_matchspy(&spy);
    }
    const Xapian::MSet mset = enquire.get_mset(0, 10, facets ? db_.get_doccount() : 0);
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      const std::size_t newline = data.find('\n');
      const std::string title = data.substr(0, newline);
      const std::string text = newline == std::string::npos ? "" : data.substr(newline + 1);
      bytes += title.size();
      if (mode == BenchMode::Full) bytes += mset.snippet(text, kSnippetBytes, stemmer_).size();
    }
    if (facets) {
      total_ = mset.get_matches_estimated();
      for (int facet = 0; facet < 3; ++facet) top_values(spies[facet]);
    }
    sink_ += bytes;
  }

 private:
  // Splits the joined values of a spy into ids and keeps the kFacetTop most frequent.
  void top_values(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::string joined = *it;
      std::size_t begin = 0;
      while (begin <= joined.size()) {
        std::size_t end = joined.find(kSeparator, begin);
        if (end == std::string::npos) end = joined.size();
        counts[joined.substr(begin, end - begin)] += it.get_termfreq();
        begin = end + 1;
      }
    }
    std::vector<std::pair<Xapian::doccount, std::string>> top;
    for (auto& [id, count] : counts) top.emplace_back(count, id);
    const std::size_t keep = std::min(kFacetTop, top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(keep), top.end(),
                      [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    sink_ += keep;
  }

  std::string path_;
  Xapian::Stem stemmer_;
  Xapian::QueryParser parser_;
  Xapian::Database db_;
  Xapian::doccount total_ = 0;
  std::size_t sink_ = 0;  // results are used, so that no work can be skipped
};

BaselineTool xapian_tool() {
  BaselineTool tool;
  tool.description = "Query latency of the plain Xapian baseline (same queries and report as dossier-bench).";
  tool.info.tool = kProgram;
  tool.info.system = "xapian";
  tool.info.version = std::string("xapian ") + Xapian::version_string();
  tool.info.details["unit"] = "articles (collapse on the article); facet counts of passages (ValueCountMatchSpy)";
  tool.info.details["weighting"] = "BM25Weight() defaults (k1 1, b 0.5)";
  tool.build = build;
  tool.open = [](const std::string& path) { return std::make_unique<XapianClient>(path); };
  return tool;
}

}  // namespace

int main(int argc, char** argv) {
  return guarded_main(kProgram, [&] {
    try {
      return run_baseline_tool(xapian_tool(), argc, argv);
    } catch (const Xapian::Error& e) {
      throw dossier::DatabaseError(e.get_description());
    }
  }, std::cerr);
}
