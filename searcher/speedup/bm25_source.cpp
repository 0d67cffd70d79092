#include "searcher/speedup/bm25_source.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dossier {

Xapian::BM25Weight bm25_weight(const Bm25Params& params) {
  return Xapian::BM25Weight(params.k1, 0, 1, params.b, params.min_normlen);
}

Bm25Term bm25_term(const Xapian::Database& db, const std::string& term, const Bm25Params& params) {
  // Xapian::BM25Weight::init without a relevance set, in its order of operations.
  const Xapian::doccount collection = db.get_doccount();
  const Xapian::doccount termfreq = db.get_termfreq(term);
  double tw = (collection - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  Bm25Term out;
  out.term = term;
  out.params = params;
  out.termweight = std::log(tw) * 1.0;  // the scale factor
  const double wqf = 1;
  out.termweight *= (1 + 1) * wqf / (1 + wqf);  // k3 = 1
  out.termweight *= (params.k1 + 1);
  if (params.b == 0 || params.k1 == 0) {
    out.len_factor = 0;
  } else {
    out.len_factor = db.get_avlength();
    if (out.len_factor != 0) out.len_factor = 1 / out.len_factor;
  }
  return out;
}

void Bm25Source::init(const Xapian::Database& part) {
  part_ = part;
  lengths_ = doc_lengths(part);
  postings_ = part.postlist_begin(term_.term);
  end_ = part.postlist_end(term_.term);
  started_ = false;
  termfreq_ = part.get_termfreq(term_.term);
  weight_ = 0;
  // BM25Weight::get_maxpart with this part's bounds: the matcher prunes with it.
  const double wdf_max = part.get_wdf_upper_bound(term_.term);
  double denom = term_.params.k1;
  if (term_.params.k1 != 0.0 && term_.params.b != 0.0) {
    const double length_min = std::max<double>(wdf_max, part.get_doclength_lower_bound());
    denom *= std::max(length_min * term_.len_factor, term_.params.min_normlen) * term_.params.b + (1 - term_.params.b);
  }
  denom += wdf_max;
  set_maxweight(denom > 0 ? term_.termweight * (wdf_max / denom) : 0);
}

void Bm25Source::settle(double min_wt) {
  for (; postings_ != end_; ++postings_) {
    weight_ = weight_of(postings_.get_wdf(), length_of(*postings_));
    if (weight_ >= min_wt) return;
  }
}

void Bm25Source::next(double min_wt) {
  if (started_) {
    ++postings_;
  } else {
    started_ = true;
  }
  settle(min_wt);
}

void Bm25Source::skip_to(Xapian::docid did, double min_wt) {
  if (!started_) {
    started_ = true;
  } else if (postings_ != end_ && *postings_ >= did) {
    return;  // already there (the current posting met the minimum when it was reached)
  }
  if (postings_ != end_) postings_.skip_to(did);
  settle(min_wt);
}

namespace {

class Rewriter {
 public:
  Rewriter(const Xapian::Database& db, const Bm25Params& params) : db_(db), params_(params) {}

  bool changed() const { return rewritten_ > 0; }

  Xapian::Query visit(const Xapian::Query& query) {
    switch (query.get_type()) {
      case Xapian::Query::LEAF_TERM: return leaf(query);
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_XOR:
      case Xapian::Query::OP_AND_MAYBE: return rebuild(query, query.get_num_subqueries());
      // The other sides only decide what matches: they add no weight.
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::OP_FILTER: return rebuild(query, 1);
      default: return query;
    }
  }

 private:
  // The first `weighted` subqueries rewritten, the rest as they are, under the same operator.
  Xapian::Query rebuild(const Xapian::Query& query, std::size_t weighted) {
    const std::size_t count = query.get_num_subqueries();
    const int before = rewritten_;
    std::vector<Xapian::Query> parts;
    parts.reserve(count);
    for (std::size_t i = 0; i < count; ++i) parts.push_back(i < weighted ? visit(query.get_subquery(i)) : query.get_subquery(i));
    if (rewritten_ == before) return query;
    return Xapian::Query(static_cast<Xapian::Query::op>(query.get_type()), parts.begin(), parts.end());
  }

  Xapian::Query leaf(const Xapian::Query& query) {
    const Xapian::TermIterator it = query.get_terms_begin();
    if (it == query.get_terms_end()) return query;
    const std::string term = *it;
    if (term.empty() || !weighs_once(query, term)) return query;
    if (db_.get_termfreq(term) == 0) return query;  // matches nothing either way
    ++rewritten_;
    return Xapian::Query((new Bm25Source(bm25_term(db_, term, params_)))->release());
  }

  // The public API has no accessor for a leaf's wqf: its description shows one that is not 1
  // ("Zarmi#2@3"). A term the description escapes is left to Xapian too.
  static bool weighs_once(const Xapian::Query& query, const std::string& term) {
    const std::string description = query.get_description();
    const std::string head = "Query(" + term;
    if (description.size() < head.size() + 1 || description.compare(0, head.size(), head) != 0 || description.back() != ')') {
      return false;
    }
    const std::string rest = description.substr(head.size(), description.size() - head.size() - 1);
    if (rest.empty()) return true;
    return rest.size() > 1 && rest[0] == '@' &&
           std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  }

  const Xapian::Database& db_;
  Bm25Params params_;
  int rewritten_ = 0;  // leaves replaced so far
};

}  // namespace

Xapian::Query with_bm25_sources(const Xapian::Query& query, const Xapian::Database& db, const Bm25Params& params) {
  Rewriter rewriter(db, params);
  Xapian::Query out = rewriter.visit(query);
  return rewriter.changed() ? out : query;
}

}  // namespace dossier
