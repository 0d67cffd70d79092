// Facet counts from the shard facet tables (searcher/speedup/shard_tables.h) instead of each
// match's value: the same counts, about half the work of an exact count. Replaces, per match,
// LocalFacetSpy's read of schema::kSlotFacetIds through Xapian (a value-stream chunk decoded,
// a string copied, varints read) by array reads.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>

#include "searcher/speedup/shard_tables.h"

namespace dossier {

// Where a count match stands, for LocalFacetSpy: the facet table (searcher/speedup/shard_tables.h) of the
// part being matched and the docid its FacetTableProbe was last moved to. A MatchSpy is given
// the part's own docid, not which part it is in; the probe of that part is what knows.
struct FacetTableCursor {
  const ShardFacets* table = nullptr;
  Xapian::docid docid = 0;
};

// Every docid of a part (the right side of an OP_FILTER: it adds no weight and removes nothing).
// Each clone holds its part's facet table, read in init() at the revision the match reads, and
// points the cursor at it whenever the match moves it.
class FacetTableProbe : public Xapian::PostingSource {
 public:
  explicit FacetTableProbe(std::shared_ptr<FacetTableCursor> cursor) : cursor_(std::move(cursor)) {}

  void init(const Xapian::Database& part) override;
  Xapian::doccount get_termfreq_min() const override { return count_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return count_; }
  Xapian::docid get_docid() const override { return current_; }
  void next(double) override { move_to(current_ + 1); }
  void skip_to(Xapian::docid did, double) override {
    if (did > current_) move_to(did);
  }
  bool check(Xapian::docid did, double) override {
    if (did > current_) move_to(did);
    return true;
  }
  bool at_end() const override { return current_ > last_; }
  Xapian::PostingSource* clone() const override { return new FacetTableProbe(cursor_); }
  std::string get_description() const override { return "FacetTableProbe"; }

 private:
  void move_to(Xapian::docid did) {
    current_ = did;
    cursor_->table = table_.get();
    cursor_->docid = did;
  }

  std::shared_ptr<FacetTableCursor> cursor_;
  std::shared_ptr<const ShardFacets> table_;
  Xapian::docid last_ = 0;
  Xapian::doccount count_ = 0;
  Xapian::docid current_ = 0;
};

}  // namespace dossier
