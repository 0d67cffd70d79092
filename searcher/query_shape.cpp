#include "searcher/query_shape.h"

#include <string>
#include <vector>

#include "common/schema.h"

namespace dossier {

bool has_operator(const Xapian::Query& query, Xapian::Query::op op) {
  if (query.get_type() == op) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_operator(query.get_subquery(i), op)) return true;
  }
  return false;
}

bool articles_cover(const Xapian::Query& query) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::LEAF_TERM: {
      const Xapian::TermIterator term = query.get_unique_terms_begin();
      if (term == query.get_unique_terms_end()) return true;
      // A passage's own terms: its id, and its attribution's words ("Z" + kPrefixAttribution).
      static const std::string attribution = "Z" + std::string(schema::kPrefixAttribution);
      const std::string& name = *term;
      return name.compare(0, schema::kPrefixPassageId.size(), schema::kPrefixPassageId) != 0 &&
             name.compare(0, attribution.size(), attribution) != 0;
    }
    case Q::LEAF_POSTING_SOURCE:
      // Only the sources of words that name an entity, which weigh every document alike.
      return query.get_description().find("Xapian::FixedWeightPostingSource(") != std::string::npos;
    case Q::LEAF_MATCH_ALL:
    case Q::LEAF_MATCH_NOTHING: return true;
    case Q::OP_AND_MAYBE: return articles_cover(query.get_subquery(0));  // matches where its left side does
    case Q::OP_OR:
    case Q::OP_AND:
    case Q::OP_FILTER:
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_SYNONYM:
    case Q::OP_ELITE_SET:
    case Q::OP_MAX:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!articles_cover(query.get_subquery(i))) return false;
      }
      return true;
    // AND_NOT, XOR, value ranges, anything newer; and a wildcard, whose pattern may be a
    // passage's own field (attribution:...*).
    default: return false;
  }
}

bool passages_select(const Xapian::Query& query) {
  return has_operator(query, Xapian::Query::OP_PHRASE) || has_operator(query, Xapian::Query::OP_NEAR);
}

Xapian::Query without_xor(const Xapian::Query& query) {
  const auto type = query.get_type();
  const std::size_t n = query.get_num_subqueries();
  if (n == 0 || !has_operator(query, Xapian::Query::OP_XOR)) return query;
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < n; ++i) parts.push_back(without_xor(query.get_subquery(i)));
  if (type == Xapian::Query::OP_XOR) {
    Xapian::Query folded = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) {
      folded = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, folded, parts[i]),
                             Xapian::Query(Xapian::Query::OP_AND, folded, parts[i]));
    }
    return folded;
  }
  switch (type) {  // the operators the query parser puts above an XOR: no parameter to carry over
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return Xapian::Query(type, parts.begin(), parts.end());
    default:
      return query;  // no such query comes from the parser
  }
}

}  // namespace dossier
