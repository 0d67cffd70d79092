// The words a query matches, in folded form: what the snippet maker highlights.
#pragma once

#include "common/entity_table.h"

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

namespace dossier {

struct MatchTerms {
  std::set<std::string> words;         // folded words
  std::set<std::string> stems;         // English stems of those words
  std::vector<std::string> prefixes;   // folded wildcard prefixes ("javel" for javel*)
  std::set<std::string> entities;      // "facet:id" of the entities the words name (their mentions match)

  bool empty() const { return words.empty() && prefixes.empty(); }
  // True when a folded token is one of the words, shares a stem with one, or has a prefix.
  bool matches(const std::string& folded, const Xapian::Stem& stemmer) const;
};

// An index term as the analyst would say it: "kosovo (stem)", "title: javelin", "country Serbia
// [RS]", "year 2024" (common/schema.h lists the prefixes).
std::string describe_term(const std::string& term, const EntityTable& entities);

// Xapian's description of a query with each term read out by describe_term (--explain).
std::string describe_query(const std::string& raw, const EntityTable& entities);

}  // namespace dossier
