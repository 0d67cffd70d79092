// BM25 for the plain words of a query, weighed from a table of passage lengths
// (searcher/speedup/shard_tables.h) instead of Xapian's document-length list: the weights are Xapian's
// own (Xapian::BM25Weight's formula, computed in the same order, so equal to the last bit), the
// hits and their order the same, but a top-10 search no longer decodes a varint per posting to
// learn each document's length.
//
// with_bm25_sources() rewrites a parsed query: each word leaf in a weighted position (under AND,
// OR, XOR, AND_MAYBE, or the left of AND_NOT and FILTER) becomes a Bm25Source. Everything else
// stays Xapian's: phrases and NEAR (they need positions), synonyms and wildcards (their
// statistics are combined), scaled or boolean subqueries, value ranges, filters. Mixed queries
// are fine: each leaf adds its own weight either way.
//
// A Bm25Source also uses the minimum weight the matcher asks for: a posting that cannot reach
// it is passed over inside the source, without a round trip through the match tree.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>

#include "searcher/speedup/shard_tables.h"

namespace dossier {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double min_normlen = 0.5;
};

// Xapian's BM25Weight with these parameters (k2 = 0, k3 = 1): what every match of a search
// weighs with, and what Bm25Source reproduces.
Xapian::BM25Weight bm25_weight(const Bm25Params& params);

// What every part's source for one word shares: BM25Weight::init's results for the whole
// database (wqf 1, scale factor 1).
struct Bm25Term {
  std::string term;
  double termweight = 0;  // log of the idf ratio, times k1 + 1
  double len_factor = 0;  // 1 / the average passage length
  Bm25Params params;
};

// db: the whole database (every part), whose statistics every weight uses.
Bm25Term bm25_term(const Xapian::Database& db, const std::string& term, const Bm25Params& params);

class Bm25Source : public Xapian::PostingSource {
 public:
  explicit Bm25Source(Bm25Term term) : term_(std::move(term)) {}

  void init(const Xapian::Database& part) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  Xapian::docid get_docid() const override { return *postings_; }
  double get_weight() const override { return weight_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return postings_ == end_; }
  Xapian::PostingSource* clone() const override { return new Bm25Source(term_); }
  std::string get_description() const override { return "Bm25Source(" + term_.term + ")"; }

  // BM25Weight::get_sumpart, term for term.
  double weight_of(Xapian::termcount wdf, Xapian::termcount length) const {
    const double normlen = std::max(length * term_.len_factor, term_.params.min_normlen);
    const double wdf_double = wdf;
    const double denom = term_.params.k1 * (normlen * term_.params.b + (1 - term_.params.b)) + wdf_double;
    return term_.termweight * (wdf_double / denom);
  }

 private:
  Xapian::termcount length_of(Xapian::docid docid) const {
    if (lengths_ && docid < lengths_->by_docid.size()) return lengths_->by_docid[docid];
    return part_.get_doclength(docid);
  }
  // From the current posting on: the first worth at least min_wt.
  void settle(double min_wt);

  Bm25Term term_;
  Xapian::Database part_;
  std::shared_ptr<const DocLengths> lengths_;
  Xapian::PostingIterator postings_, end_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
  double weight_ = 0;
};

// The query with its plainly weighted words as Bm25Sources over db (the whole database); the
// query itself when it has none. Never for a query that crosses threads or processes: a
// PostingSource of this kind cannot be serialised (split searches rewrite on each thread).
Xapian::Query with_bm25_sources(const Xapian::Query& query, const Xapian::Database& db, const Bm25Params& params);

}  // namespace dossier
