#include "searcher/speedup/work_bound.h"

#include <algorithm>
#include <limits>

namespace dossier {

namespace {

Xapian::doccount bound_of(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount all, int depth) {
  // Queries are built from bounded input (the query parser caps terms and depth); this cap
  // only keeps the recursion's own depth bounded whatever it is handed.
  if (depth > 200) return all;
  const std::size_t n = query.get_num_subqueries();
  const auto sum = [&] {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < n; ++i) total += bound_of(db, query.get_subquery(i), all, depth + 1);
    return static_cast<Xapian::doccount>(std::min<std::uint64_t>(total, all));
  };
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      // get_unique_terms of a leaf is its one term.
      const auto term = query.get_unique_terms_begin();
      return term == query.get_unique_terms_end() ? all : db.get_termfreq(*term);
    }
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return 0;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
      Xapian::doccount least = all;
      for (std::size_t i = 0; i < n; ++i) least = std::min(least, bound_of(db, query.get_subquery(i), all, depth + 1));
      return least;
    }
    case Xapian::Query::OP_AND_NOT:
      return n == 0 ? 0 : bound_of(db, query.get_subquery(0), all, depth + 1);
    case Xapian::Query::OP_SCALE_WEIGHT:
      return n == 0 ? all : bound_of(db, query.get_subquery(0), all, depth + 1);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_ELITE_SET:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return sum();
    default:  // value ranges, wildcards, edit distance, match-all, posting sources
      return all;
  }
}

}  // namespace

Xapian::doccount match_bound(const Xapian::Database& db, const Xapian::Query& query) {
  if (query.empty()) return 0;
  return bound_of(db, query, db.get_doccount(), 0);
}

bool split_pays(std::size_t threads_wanted, bool threads_started, Xapian::doccount bound, Xapian::doccount start_above,
                Xapian::doccount split_above) {
  if (threads_wanted == 1) return false;  // never split: asked for
  if (threads_wanted > 1) return true;     // always split: asked for (the tests of the split route)
  return bound >= (threads_started ? split_above : std::max(start_above, split_above));
}

}  // namespace dossier
