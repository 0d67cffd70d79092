// Query strings (searcher/query_builder.h QueryBuilder::rewrite, parse, suggest), the whole
// search they start (searcher/search.h), every renderer, and the -i command interpreter
// (searcher/interactive.h), against a database built once from corpus/articles.
//
// The first line of the input is the query; an input of several lines (or one ':' command) is
// also fed, line by line, to one interactive session. Only QueryError and UsageError may come out of a search:
// the database is intact, so a DatabaseError (a wrapped Xapian::Error) is a bug too.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "fuzz_corpus.h"
#include "fuzz_support.h"
#include "indexer/indexer.h"
#include "searcher/interactive.h"
#include "searcher/match_terms.h"
#include "searcher/query_builder.h"
#include "searcher/render.h"
#include "searcher/search.h"

namespace {

struct World {
  std::string db_path;
  std::unique_ptr<dossier::IndexReader> index;
  std::unique_ptr<dossier::Normaliser> normaliser;
  std::unique_ptr<dossier::QueryBuilder> builder;
  std::unique_ptr<dossier::Searcher> searcher;
  std::ostringstream session_out;
  std::unique_ptr<dossier::InteractiveSession> session;

  World() {
    db_path = fuzz::index_sample_archive("corpus.db");
    index = std::make_unique<dossier::IndexReader>(db_path);
    normaliser = std::make_unique<dossier::Normaliser>();
    builder = std::make_unique<dossier::QueryBuilder>(*index, *normaliser);
    searcher = std::make_unique<dossier::Searcher>(*index);
    dossier::TextStyle style;
    style.colour = true;
    style.explain = true;
    session = std::make_unique<dossier::InteractiveSession>(*index, dossier::SearchRequest{}, style, session_out);
  }
};

World& world() {
  static World w;
  return w;
}

void check_query_error(const dossier::QueryError& e, const std::string& text) {
  FUZZ_CHECK(e.position() <= text.size(), "QueryError position %zu past the end of a %zu-byte query: %s", e.position(),
             text.size(), e.what());
}

void check_outputs(const dossier::SearchResult& result, const dossier::SearchRequest& request) {
  for (bool explain : {false, true}) {
    const std::string json_text = dossier::render_json(result, request, explain);
    fuzz::check_terminal_safe(json_text, "--json");
    const auto document = nlohmann::json::parse(json_text);
    FUZZ_CHECK(document.at("total").at("value").get<std::size_t>() >= document.at("hits").size(), "total < hits");
    const std::string jsonl = dossier::render_jsonl(result, request, explain);
    fuzz::check_terminal_safe(jsonl, "--format jsonl", "\n");
    for (bool colour : {false, true}) {
      dossier::TextStyle style;
      style.colour = colour;
      style.explain = explain;
      style.width = colour ? 40 : 100;
      std::ostringstream out;
      dossier::render_text(result, request, style, out);
      const std::string text = colour ? fuzz::strip_own_sgr(out.str()) : out.str();
      fuzz::check_terminal_safe(text, "text output", "\n");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string query = input.substr(0, input.find('\n'));

  try {
    dossier::MatchTerms terms;
    w.builder->rewrite(query, &terms);
  } catch (const dossier::QueryError& e) {
    check_query_error(e, query);
  }
  for (bool all : {false, true}) {
    try {
      w.builder->parse(query, dossier::QueryOptions{all});
    } catch (const dossier::QueryError& e) {
      check_query_error(e, query);
    }
  }
  const std::string suggestion = w.builder->suggest(query);
  FUZZ_CHECK(suggestion.empty() || suggestion != query, "suggestion equals the query");
  try {
    w.builder->facet_filter(dossier::schema::Facet::Country, {query});
  } catch (const dossier::UsageError&) {
  }

  dossier::SearchRequest request;
  request.query = query;
  request.limit = 3;
  request.by_passage = size % 2 == 1;
  request.snippet.fragment_bytes = 40 + size % 200;
  try {
    const dossier::SearchResult result = w.searcher->search(request);
    FUZZ_CHECK(result.total >= result.hits.size(), "total %zu < %zu hits", result.total, result.hits.size());
    check_outputs(result, request);
  } catch (const dossier::QueryError& e) {
    check_query_error(e, query);
  } catch (const dossier::UsageError&) {
  }

  // The interactive interpreter, for inputs of several lines or a ':' command: every line (at
  // most 4) as a command, after putting back the state an earlier input may have changed.
  static bool dirty = false;
  if (input.find('\n') == std::string::npos && (input.empty() || input[0] != ':')) return 0;
  if (dirty) {
    for (const char* reset : {":drop all", ":since", ":until", ":by article", ":sort relevance", ":limit 10"}) {
      w.session->handle(reset);
    }
  }
  dirty = true;
  std::size_t lines = 0;
  for (const std::string& line : fuzz::split_lines(input)) {
    if (++lines > 4) break;
    w.session_out.str("");
    if (!w.session->handle(line)) continue;  // :quit ends a real session; this one goes on
    fuzz::check_terminal_safe(fuzz::strip_own_sgr(w.session_out.str()), "interactive output", "\n");
  }
  return 0;
}
