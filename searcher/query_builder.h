// From the analyst's query string to a Xapian::Query. A small lexer validates the string
// (reporting the byte position of a problem), folds words exactly as the indexer did, resolves
// facet names to ids, and then Xapian's QueryParser does the rest.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "common/normalise.h"
#include "common/schema.h"
#include "searcher/dates.h"
#include "searcher/index_reader.h"
#include "searcher/match_terms.h"

namespace dossier {

struct ParsedQuery {
  Xapian::Query query;     // Xapian::Query::MatchAll for an empty query string
  std::string rewritten;   // the string given to QueryParser
  MatchTerms terms;
  // false: no words to rank by (no query string, or fields such as country:RS only)
  bool words = true;
};

struct QueryOptions {
  bool match_all_words = false;  // default operator AND instead of OR
  // Words that name an entity also match the passages tagged with it (SearchRequest::entity_words).
  bool entity_words = true;
};

class QueryBuilder {
 public:
  QueryBuilder(IndexReader& index, Normaliser& normaliser);

  // Throws QueryError (with the byte position of the problem) for a query it cannot run.
  ParsedQuery parse(const std::string& text, const QueryOptions& options);

  // OR of the given ids or names within one facet. Throws UsageError for an unknown value.
  // focus: filter on the countries an article is about instead of every country it names.
  Xapian::Query facet_filter(schema::Facet facet, const std::vector<std::string>& values, bool focus = false);
  // The ids of the given ids or names within one facet, in order. Throws UsageError for an
  // unknown value (naming the facet where it is known, with a hint).
  std::vector<std::string> resolve(schema::Facet facet, const std::vector<std::string>& values);
  // An entity's display name (its id when the entity table does not list it).
  std::string entity_name(schema::Facet facet, const std::string& id);

  const Xapian::Stopper& stopper() const { return stopper_; }

  // "Did you mean": the query with each word the index does not hold replaced by the closest
  // indexed word (edit distance <= 2, from the spelling table the indexer fills); empty when
  // nothing would change. Operators, field names and facet values are left alone.
  std::string suggest(const std::string& text);

  // The rewritten string alone (what QueryParser receives); for tests and --explain.
  std::string rewrite(const std::string& text, MatchTerms* terms = nullptr, bool entity_words = true);

 private:
  IndexReader& index_;
  Normaliser& normaliser_;
  Xapian::Stem stemmer_;
  Xapian::SimpleStopper stopper_;
};

}  // namespace dossier
