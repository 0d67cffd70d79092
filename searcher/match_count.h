// Counting the matches of a query (totals and facet values): exactly, or, when a query matches
// so much of the archive that visiting every match would take too long, from a stratified sample
// of the docid range, scaled up and labelled as an estimate with the fraction examined.
//
// The sample is a set of docid blocks spread evenly over each shard's docid range (DocidSample):
// blocks rather than single docids so that an article's passages (consecutive docids in their
// shard) are mostly counted together and the matcher can skip whole posting chunks between
// blocks; spread out so that an archive indexed in date order is sampled across all its years.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "searcher/deadline.h"
#include "searcher/facet_counters.h"
#include "searcher/request.h"
#include "searcher/speedup/partition.h"
#include "searcher/speedup/split_workers.h"

namespace dossier {

// A PostingSource that yields the docids of `strata` evenly spaced blocks covering `fraction`
// of each (sub-)database's docid range. Every clone (one per shard) adds what it covers to the
// shared Coverage, from which the exact fraction of the whole range follows. With a Partition,
// parts out of scope yield nothing and add nothing to the Coverage (a thread's share of a split
// count): the scopes' Coverages then add up to the whole one's.
class DocidSample : public Xapian::PostingSource {
 public:
  struct Coverage {
    Xapian::doccount sampled = 0;  // docids in the blocks, over all shards initialised
    Xapian::doccount range = 0;    // docids in [1, last docid], over the same shards
    double fraction() const { return range == 0 ? 1.0 : static_cast<double>(sampled) / range; }
  };

  DocidSample(double fraction, Xapian::doccount strata, std::shared_ptr<Coverage> coverage, Partition scope = {});

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return sampled_; }
  Xapian::doccount get_termfreq_max() const override { return sampled_; }
  Xapian::docid get_docid() const override { return current_; }
  void next(double min_weight) override;
  void skip_to(Xapian::docid did, double min_weight) override;
  bool at_end() const override { return current_ > last_; }
  Xapian::PostingSource* clone() const override;
  std::string get_description() const override;

 private:
  void move_to(Xapian::docid did);  // the first sampled docid >= did

  double fraction_;
  Xapian::doccount strata_;
  std::shared_ptr<Coverage> coverage_;
  Partition scope_;
  Xapian::docid last_ = 0;
  std::vector<std::pair<Xapian::docid, Xapian::docid>> blocks_;  // [begin, end), ascending
  std::size_t next_block_ = 0;  // the first block that does not end at or before current_
  Xapian::doccount sampled_ = 0;
  Xapian::docid current_ = 0;
};

// Totals and facet counts of one query, exact or scaled up from a sample.
class MatchCount {
 public:
  MatchCount(std::unique_ptr<FacetCounter> tally, double fraction) : tally_(std::move(tally)), fraction_(fraction) {}

  bool exact() const { return fraction_ >= 1.0; }
  // Share of the docid range whose matches were counted (1 when exact).
  double fraction() const { return fraction_; }
  // Passages actually visited (not scaled).
  std::size_t examined_passages() const { return tally_->passages(); }
  std::size_t passages() const { return scaled(tally_->passages()); }
  std::size_t articles() const { return scaled(tally_->articles()); }
  FacetCounts counts(schema::Facet facet) const;  // valid while this MatchCount lives

 private:
  std::size_t scaled(std::size_t count) const;

  std::unique_ptr<FacetCounter> tally_;
  double fraction_;
};

struct CountTarget {
  Xapian::Database& db;
  FacetMethod method;  // Local or Slot
  CountUnit unit;
  bool can_sample;  // every part local: a stock xapian-tcpsrv cannot run DocidSample
  const FacetCodeTables* codes = nullptr;  // Local: the shards' facet code dictionaries
  // Local counts of a local database may be split between these threads (nullptr: one match).
  SplitWorkers* workers = nullptr;
  // Local counts read the parts' facet tables (searcher/speedup/shard_tables.h) instead of each match's
  // value: the same counts.
  bool facet_tables = false;
  const Deadline* deadline = nullptr;  // checked while Local counts run
};

// Every match of query counted, without ranking: exactly, or from a sample as policy allows.
MatchCount count_matches(const CountTarget& target, const Xapian::Query& query, const CountPolicy& policy);

// The decision alone, from the estimates of a match that was not run: the sampling fraction to
// use, or 1 to count exactly. Exposed for tests.
double sampling_fraction(Xapian::doccount estimated, Xapian::doccount upper_bound, const CountPolicy& policy);

}  // namespace dossier
