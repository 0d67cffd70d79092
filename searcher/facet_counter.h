// Exact facet counts over every match. FacetCounter reads the compact schema::kSlotFacetIds and
// counts distinct articles (default) or passages per facet value, in this process only.
// SlotFacetTally gives the same counts through a stock xapian-tcpsrv, from the text of
// schema::kSlotArticleFacets.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "searcher/part_tables.h"

namespace dossier {

enum class CountUnit { Articles, Passages };

// The code dictionaries of a database's local shards (schema::kMetaFacetCodes), by shard number.
struct FacetCodeTables {
  std::vector<std::vector<std::string>> codes_by_shard;  // shard -> code id -> "C:RU"
};

// Reads the few bytes of schema::kSlotFacetIds per match (common/facet_ids.h): no strings are
// hashed or copied per match. Distinct articles are counted as changes of the article key,
// which is exact because a match visits docids in ascending order, shard after shard, and an
// article's passages have consecutive docids in one shard. What would break that (a shard seen
// twice, an article key going backwards, an id missing from its shard's dictionary, a malformed
// value) makes complete() false, and the caller counts again with SlotFacetTally.
// Where a count match stands, for FacetCounter: the facet table (searcher/part_tables.h) of the
// part being matched and the docid its FacetTableProbe was last moved to. A MatchSpy is given
// the part's own docid, not which part it is in; the probe of that part is what knows.
struct FacetTableCursor {
  const PartFacets* table = nullptr;
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
  std::shared_ptr<const PartFacets> table_;
  Xapian::docid last_ = 0;
  Xapian::doccount count_ = 0;
  Xapian::docid current_ = 0;
};

class FacetCounter : public Xapian::MatchSpy {
 public:
  FacetCounter(CountUnit unit, const FacetCodeTables& tables) : unit_(unit), tables_(tables) {}

  // Count from the parts' facet tables instead of reading each match's value, for the matches
  // where the cursor is on the table of the part matched and at the same docid (the query must
  // be filtered by a FacetTableProbe of this cursor); any other match reads its value.
  void use_tables(std::shared_ptr<const FacetTableCursor> cursor) { cursor_ = std::move(cursor); }

  void operator()(const Xapian::Document& doc, double weight) override;

  // Number of passages and distinct articles seen.
  std::size_t passages() const { return passages_; }
  std::size_t articles() const { return articles_; }
  bool complete() const { return complete_; }
  // Of passages(), those counted from a facet table (use_tables()).
  std::size_t from_tables() const { return from_tables_; }

  // Counts per facet value id, for one facet.
  std::map<std::string, std::size_t> counts(schema::Facet facet) const;

  // Adds the counts of a counter over the same tables that saw other shards (a split count,
  // searcher/shard_scope.h): exact, because an article lives in one shard. A shard that both
  // saw makes complete() false. Counting on after this is not supported.
  void absorb(const FacetCounter& other);

 private:
  std::vector<bool> shards_seen() const;  // shards_left_ and the shard being counted

  static constexpr std::uint64_t kNoArticle = ~std::uint64_t{0};
  struct CodeTally {
    std::size_t passages = 0;
    std::size_t articles = 0;
    std::uint64_t last_article = kNoArticle;
  };

  // The tallies of the passage's shard, after the article-order checks; nullptr when
  // they fail.
  std::vector<CodeTally>* begin_passage(std::uint32_t shard, std::uint32_t article, std::uint64_t& key);
  bool add_code(std::vector<CodeTally>& tallies, std::uint32_t code, std::uint64_t key);
  void count_value(const std::string& value);

  CountUnit unit_;
  const FacetCodeTables& tables_;
  std::vector<std::vector<CodeTally>> tallies_;  // [shard][code id]
  std::vector<bool> shards_left_;                 // shards the match has moved past
  std::size_t passages_ = 0;
  std::size_t articles_ = 0;
  std::uint64_t last_article_ = kNoArticle;  // shard << 32 | article key
  bool complete_ = true;
  std::shared_ptr<const FacetTableCursor> cursor_;
  std::size_t from_tables_ = 0;
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
  // False when some match could not be counted this way: count again with another method.
  virtual bool complete() const { return true; }
  // Adds another tally's counts of other shards; false when this kind of tally cannot (the
  // caller then counts in one match).
  virtual bool absorb(FacetTally& /*other*/) { return false; }
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
  LocalFacetTally(CountUnit unit, const FacetCodeTables& tables) : counter_(unit, tables) {}
  Xapian::MatchSpy& spy() override { return counter_; }
  std::size_t passages() const override { return counter_.passages(); }
  std::size_t articles() const override { return counter_.articles(); }
  std::map<std::string, std::size_t> counts(schema::Facet facet) const override { return counter_.counts(facet); }
  bool complete() const override { return counter_.complete(); }
  bool absorb(FacetTally& other) override;
  FacetCounter& counter() { return counter_; }

 private:
  FacetCounter counter_;
};

// method must not be Auto (Searcher resolves it); tables are needed by Local only and must
// outlive the tally.
std::unique_ptr<FacetTally> make_facet_tally(FacetMethod method, CountUnit unit, const FacetCodeTables* tables);

}  // namespace dossier
