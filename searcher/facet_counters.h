// The facet counters: what counts the totals and facet values of one match, whichever MatchSpy
// does it. LocalFacetCounter (searcher/local_facet_spy.h: slot 5, local parts only) and
// SlotFacetCounter (slot 4, through a stock xapian-tcpsrv) give the same counts.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "common/facet_ids.h"
#include "common/schema.h"
#include "searcher/facet_counts.h"
#include "searcher/local_facet_spy.h"
#include "searcher/request.h"

namespace dossier {

// The facet counts of one match, whichever MatchSpy gathers them; read after get_mset().
class FacetCounter {
 public:
  virtual ~FacetCounter() = default;
  virtual Xapian::MatchSpy& spy() = 0;  // for Enquire::add_matchspy
  virtual std::size_t passages() const = 0;
  virtual std::size_t articles() const = 0;
  virtual FacetCounts counts(schema::Facet facet) const = 0;  // valid while the counter lives
  // False when some match could not be counted this way: count again with another method.
  virtual bool complete() const { return true; }
  // Adds another counter's counts of other shards; false when this kind of counter cannot (the
  // caller then counts in one match).
  virtual bool absorb(FacetCounter& /*other*/) { return false; }
};

// Slot: every server counts its matching passages per kSlotArticleFacets value (article id +
// that passage's facet codes) with Xapian's own ValueCountMatchSpy, which the remote protocol
// serialises and merges by summing counts per value. The values are then split here: passage
// counts are sums; distinct-article counts are exact because an article lives in one shard, so
// its values never need to be matched up across servers. Nothing is sampled as long as the
// match checks every document (check_at_least = doccount), as Searcher does.
class SlotFacetCounter : public FacetCounter {
 public:
  explicit SlotFacetCounter(CountUnit unit) : unit_(unit), spy_(schema::kSlotArticleFacets) {}
  Xapian::MatchSpy& spy() override { return spy_; }
  std::size_t passages() const override;
  std::size_t articles() const override;
  FacetCounts counts(schema::Facet facet) const override;

 private:
  void decode() const;  // once, on first use

  CountUnit unit_;
  Xapian::ValueCountMatchSpy spy_;
  mutable bool decoded_ = false;
  mutable std::unordered_map<std::string, std::uint32_t> articles_;  // article id -> number
  mutable std::unordered_map<std::string, std::size_t> counts_;  // facet code -> articles or passages
};

class LocalFacetCounter : public FacetCounter {
 public:
  LocalFacetCounter(CountUnit unit, const FacetCodeTables& tables) : spy_(unit, tables) {}
  Xapian::MatchSpy& spy() override { return spy_; }
  std::size_t passages() const override { return spy_.passages(); }
  std::size_t articles() const override { return spy_.articles(); }
  FacetCounts counts(schema::Facet facet) const override { return spy_.counts(facet); }
  bool complete() const override { return spy_.complete(); }
  bool absorb(FacetCounter& other) override;
  LocalFacetSpy& local_spy() { return spy_; }

 private:
  LocalFacetSpy spy_;
};

// method must not be Auto (Searcher resolves it); tables are needed by Local only and must
// outlive the counter.
std::unique_ptr<FacetCounter> make_facet_counter(FacetMethod method, CountUnit unit, const FacetCodeTables* tables);

}  // namespace dossier
