// Exact facet counts over every match of a local database: a MatchSpy that reads the compact
// schema::kSlotFacetIds (common/facet_ids.h) and counts distinct articles (default) or passages
// per facet value, in this process only (a stock xapian-tcpsrv cannot run it).
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/facet_ids.h"
#include "common/schema.h"
#include "searcher/deadline.h"
#include "searcher/facet_counts.h"
#include "searcher/request.h"
#include "searcher/speedup/facet_table_probe.h"

namespace dossier {

// Reads the few bytes of schema::kSlotFacetIds per match (common/facet_ids.h): no strings are
// hashed or copied per match. Distinct articles are counted as changes of the article key,
// which is exact because a match visits docids in ascending order, shard after shard, and an
// article's passages have consecutive docids in one shard. What would break that (a shard seen
// twice, an article key going backwards, an id missing from its shard's dictionary, a malformed
// value) makes complete() false, and the caller counts again with SlotFacetCounter.
class LocalFacetSpy : public Xapian::MatchSpy {
 public:
  LocalFacetSpy(CountUnit unit, const FacetCodeTables& tables) : unit_(unit), tables_(tables) {}

  // Count from the parts' facet tables instead of reading each match's value, for the matches
  // where the cursor is on the table of the part matched and at the same docid (the query must
  // be filtered by a FacetTableProbe of this cursor); any other match reads its value.
  void use_tables(std::shared_ptr<const FacetTableCursor> cursor) { cursor_ = std::move(cursor); }
  // Checked every 4096 passages; its QueryError ends the match (and the search).
  void use_deadline(const Deadline* deadline) { deadline_ = deadline; }

  void operator()(const Xapian::Document& doc, double weight) override;

  // Number of passages and distinct articles seen.
  std::size_t passages() const { return passages_; }
  std::size_t articles() const { return articles_; }
  bool complete() const { return complete_; }
  // Of passages(), those counted from a facet table (use_tables()).
  std::size_t from_tables() const { return from_tables_; }

  // Counts per facet value id, for one facet (the ids view the code dictionaries), read after the
  // match: counting on after this is not supported (no per-match bookkeeping for it). The first
  // call gathers every facet's counts in one pass over the codes met, merging a value's counts
  // from several shards; later calls copy them out.
  FacetCounts counts(schema::Facet facet) const;

  // Adds the counts of a counter over the same tables that saw other shards (a split count,
  // searcher/speedup/partition.h): exact, because an article lives in one shard. A shard that both
  // saw makes complete() false. Counting on after this is not supported.
  void absorb(const LocalFacetSpy& other);

 private:
  std::vector<bool> shards_seen() const;  // shards_left_ and the shard being counted

  static constexpr std::uint64_t kNoArticle = ~std::uint64_t{0};
  // All zero before a code is met: last_article 0 is no article (a key holds a docid, never 0).
  struct CodeCount {
    std::size_t passages;
    std::size_t articles;
    std::uint64_t last_article;
  };
  // A shard's tallies by code id, zeroed by calloc: the pages of a large allocation come zeroed
  // from the kernel and are only touched (and faulted in) where a code is counted, where a
  // vector writes every tally first (tens of thousands of codes per shard, a few met by a rare
  // word, at the start of every one-shot search).
  class CodeCounts {
   public:
    std::size_t size() const { return size_; }
    CodeCount& operator[](std::size_t id) { return data_.get()[id]; }
    const CodeCount& operator[](std::size_t id) const { return data_.get()[id]; }
    void grow(std::size_t size);  // to at least size; new tallies zero
   private:
    struct Free {
      void operator()(CodeCount* p) const { std::free(p); }
    };
    std::unique_ptr<CodeCount, Free> data_;
    std::size_t size_ = 0;
  };

  // One shard's tallies, by code id, and the ids whose tally is not 0: counts() reads those
  // alone (a shard's dictionary holds tens of thousands of codes, a rare word meets a few).
  struct ShardTallies {
    CodeCounts codes;
    std::vector<std::uint32_t> touched;
  };
  // The tallies of the passage's shard, after the article-order checks; nullptr when
  // they fail.
  ShardTallies* begin_passage(std::uint32_t shard, std::uint32_t article, std::uint64_t& key);
  static bool add_code(ShardTallies& tallies, std::uint32_t code, std::uint64_t key);
  void count_value(const std::string& value);
  void gather() const;  // fills gathered_ from the tallies, once

  static constexpr std::size_t kFacetCount = std::size(schema::kFacets);
  mutable std::array<FacetCounts, kFacetCount> gathered_;  // by kFacets position
  mutable bool gathered_valid_ = false;

  CountUnit unit_;
  const FacetCodeTables& tables_;
  std::vector<ShardTallies> tallies_;  // [shard]
  std::vector<bool> shards_left_;                 // shards the match has moved past
  std::size_t passages_ = 0;
  std::size_t articles_ = 0;
  std::uint64_t last_article_ = kNoArticle;  // shard << 32 | article key
  bool complete_ = true;
  std::shared_ptr<const FacetTableCursor> cursor_;
  std::size_t from_tables_ = 0;
  const Deadline* deadline_ = nullptr;
};

}  // namespace dossier
