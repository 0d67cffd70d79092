#include "searcher/query_shape.h"

#include <vector>

namespace dossier {

bool has_operator(const Xapian::Query& query, Xapian::Query::op op) {
  if (query.get_type() == op) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_operator(query.get_subquery(i), op)) return true;
  }
  return false;
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
