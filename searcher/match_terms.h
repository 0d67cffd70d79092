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
  // stemmer must be English (Porter2): see may_share_stem.
  bool matches(const std::string& folded, const Xapian::Stem& stemmer) const;
  // The same, stemming every token: the reference matches() is tested against.
  bool matches_by_stemming(const std::string& folded, const Xapian::Stem& stemmer) const;
  // Whether a folded token can have one of the stems. English stemming (Porter2) changes a word's
  // ending only, never its first letter (its prelude drops a leading apostrophe, so such a token
  // may): a token whose first byte begins no stem is not stemmed. Stemming every word of every
  // hit's passage was a sixth of a one-shot rare-word search.
  bool may_share_stem(const std::string& folded) const;

 private:
  // matches(), stemming the token only where stem is true.
  bool matches_stemming_if(const std::string& folded, const Xapian::Stem& stemmer, bool stem) const;
};

// An index term as the analyst would say it: "kosovo (stem)", "title: javelin", "country Serbia
// [RS]", "year 2024" (common/schema.h lists the prefixes).
std::string describe_term(const std::string& term, const EntityTable& entities);

// Xapian's description of a query with each term read out by describe_term (--explain).
std::string describe_query(const std::string& raw, const EntityTable& entities);

}  // namespace dossier
