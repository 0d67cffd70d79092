// Exact facet counts over every match. Xapian's ValueCountMatchSpy counts whole slot values
// and samples when not all matches are checked; FacetCounter splits the facet codes of
// schema::kSlotFacets and counts distinct articles (default) or passages per facet value, in
// this process only. SlotFacetTally gives the same counts through a stock xapian-tcpsrv.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/schema.h"

namespace dossier {

enum class CountUnit { Articles, Passages };

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(CountUnit unit) : unit_(unit) {}

  void operator()(const Xapian::Document& doc, double weight) override;

  // Number of passages and distinct articles seen.
  std::size_t passages() const { return passages_; }
  std::size_t articles() const { return article_numbers_.size(); }

  // Counts per facet value id, for one facet.
  std::map<std::string, std::size_t> counts(schema::Facet facet) const;

 private:
  std::uint32_t article_number(const std::string& article_id);

  CountUnit unit_;
  std::size_t passages_ = 0;
  std::unordered_map<std::string, std::uint32_t> article_numbers_;
  // Per facet code ("C:RU"): the articles seen (Articles) or a passage count (Passages).
  std::unordered_map<std::string, std::unordered_set<std::uint32_t>> article_sets_;
  std::unordered_map<std::string, std::size_t> passage_counts_;
};

// Splits a kSlotFacets value into its codes.
std::vector<std::string> split_facet_codes(const std::string& value);

// The facet counts of one match, whichever MatchSpy gathers them; read after get_mset().
class FacetTally {
 public:
  virtual ~FacetTally() = default;
  virtual Xapian::MatchSpy& spy() = 0;  // for Enquire::add_matchspy
  virtual std::size_t passages() const = 0;
  virtual std::size_t articles() const = 0;
  virtual std::map<std::string, std::size_t> counts(schema::Facet facet) const = 0;
};

enum class FacetMethod {
  Auto,   // Local when every part of the database is local, else Slot
  Local,  // FacetCounter: a custom MatchSpy, which a stock xapian-tcpsrv cannot run
  Slot,   // a built-in ValueCountMatchSpy over schema::kSlotArticleFacets: works remotely
};

// Slot: every server counts its matching passages per kSlotArticleFacets value (article id +
// that passage's facet codes) with Xapian's own ValueCountMatchSpy, which the remote protocol
// serialises and merges by summing counts per value. The values are then split here: passage
// counts are sums; distinct-article counts are exact because an article lives in one shard, so
// its values never need to be matched up across servers. Nothing is sampled as long as the
// match checks every document (check_at_least = doccount), as Searcher does.
class SlotFacetTally : public FacetTally {
 public:
  explicit SlotFacetTally(CountUnit unit) : unit_(unit), spy_(schema::kSlotArticleFacets) {}
  Xapian::MatchSpy& spy() override { return spy_; }
  std::size_t passages() const override;
  std::size_t articles() const override;
  std::map<std::string, std::size_t> counts(schema::Facet facet) const override;

 private:
  void decode() const;  // once, on first use

  CountUnit unit_;
  Xapian::ValueCountMatchSpy spy_;
  mutable bool decoded_ = false;
  mutable std::unordered_map<std::string, std::uint32_t> articles_;  // article id -> number
  mutable std::unordered_map<std::string, std::size_t> counts_;  // facet code -> articles or passages
};

class LocalFacetTally : public FacetTally {
 public:
  explicit LocalFacetTally(CountUnit unit) : counter_(unit) {}
  Xapian::MatchSpy& spy() override { return counter_; }
  std::size_t passages() const override { return counter_.passages(); }
  std::size_t articles() const override { return counter_.articles(); }
  std::map<std::string, std::size_t> counts(schema::Facet facet) const override { return counter_.counts(facet); }

 private:
  FacetCounter counter_;
};

// method must not be Auto (Searcher resolves it).
std::unique_ptr<FacetTally> make_facet_tally(FacetMethod method, CountUnit unit);

}  // namespace dossier
