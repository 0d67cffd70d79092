#include "searcher/local_facet_spy.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <new>

#include "common/facet_ids.h"
#include "common/schema.h"

namespace dossier {

void LocalFacetSpy::CodeCounts::grow(std::size_t size) {
  if (size <= size_) return;
  auto* grown = static_cast<CodeCount*>(std::calloc(size, sizeof(CodeCount)));
  if (grown == nullptr) throw std::bad_alloc();
  if (size_ > 0) std::memcpy(grown, data_.get(), size_ * sizeof(CodeCount));
  data_.reset(grown);
  size_ = size;
}

LocalFacetSpy::ShardTallies* LocalFacetSpy::begin_passage(std::uint32_t shard, std::uint32_t article, std::uint64_t& key) {
  if (shard >= tables_.codes_by_shard.size()) return nullptr;
  key = (std::uint64_t{shard} << 32) | article;
  if (last_article_ == kNoArticle || shard != (last_article_ >> 32)) {
    if (shards_left_.size() <= shard) shards_left_.resize(shard + 1, false);
    if (shards_left_[shard]) return nullptr;  // a shard visited twice: not docid order
    if (last_article_ != kNoArticle) shards_left_[last_article_ >> 32] = true;
  } else if (key < last_article_) {
    return nullptr;  // an article key going backwards: not docid order
  }
  if (key != last_article_) ++articles_;
  last_article_ = key;
  if (tallies_.size() <= shard) tallies_.resize(shard + 1);
  ShardTallies* tallies = &tallies_[shard];
  if (tallies->codes.size() < tables_.codes_by_shard[shard].size()) tallies->codes.grow(tables_.codes_by_shard[shard].size());
  return tallies;
}

bool LocalFacetSpy::add_code(ShardTallies& tallies, std::uint32_t code, std::uint64_t key) {
  if (code >= tallies.codes.size()) return false;  // not in the shard's dictionary
  CodeCount& tally = tallies.codes[code];
  if (tally.passages++ == 0) tallies.touched.push_back(code);
  if (tally.last_article != key) {
    ++tally.articles;
    tally.last_article = key;
  }
  return true;
}

void LocalFacetSpy::count_value(const std::string& value) {
  ShardTallies* tallies = nullptr;
  std::uint64_t key = kNoArticle;
  const bool ok = decode_facet_ids(
      value,
      [&](std::uint32_t shard, std::uint32_t article) {
        tallies = begin_passage(shard, article, key);
        return tallies != nullptr;
      },
      [&](std::uint32_t code) { return add_code(*tallies, code, key); });
  if (!ok) complete_ = false;
}

void LocalFacetSpy::operator()(const Xapian::Document& doc, double) {
  if ((++passages_ & 4095) == 0 && deadline_ != nullptr) deadline_->check();
  if (cursor_ && cursor_->table != nullptr) {
    const ShardFacets& table = *cursor_->table;
    const Xapian::docid docid = doc.get_docid();  // the part's own
    if (cursor_->docid == docid && docid < table.size()) {
      ++from_tables_;
      std::uint64_t key = kNoArticle;
      ShardTallies* tallies =
          table.article[docid] == ShardFacets::kNoValue ? nullptr : begin_passage(table.shard, table.article[docid], key);
      if (tallies == nullptr) {
        complete_ = false;
        return;
      }
      for (std::uint32_t i = table.begin[docid]; i < table.begin[docid + 1]; ++i) {
        if (!add_code(*tallies, table.codes[i], key)) {
          complete_ = false;
          return;
        }
      }
      return;
    }
  }
  count_value(doc.get_value(schema::kSlotFacetIds));
}

void LocalFacetSpy::gather() const {
  if (gathered_valid_) return;
  for (FacetCounts& counts : gathered_) counts.clear();
  std::size_t met = 0;
  for (const ShardTallies& shard : tallies_) met += shard.touched.size();
  // An open-addressing index of the codes met (the whole code, so that facets never mix): a
  // value met in several shards (or twice in one shard's dictionary) is summed into one entry.
  // A slot holds facet position << 28 | (index + 1), 0 when free; at most half the slots fill.
  constexpr std::uint32_t kIndexBits = 28;
  std::vector<std::uint32_t> slots(std::bit_ceil(std::max<std::size_t>(16, met * 2)), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::size_t shard = 0; shard < tallies_.size(); ++shard) {
    const CodeList& codes = tables_.codes_by_shard[shard];
    for (const std::uint32_t id : tallies_[shard].touched) {
      const std::string_view code = codes[id];
      if (code.size() <= 2 || code[1] != ':') continue;
      std::size_t facet = 0;
      while (facet < kFacetCount && static_cast<char>(schema::kFacets[facet]) != code[0]) ++facet;
      if (facet == kFacetCount) continue;
      const CodeCount& tally = tallies_[shard].codes[id];
      const std::size_t count = unit_ == CountUnit::Articles ? tally.articles : tally.passages;
      FacetCounts& out = gathered_[facet];
      const std::string_view value = code.substr(2);
      for (std::size_t at = std::hash<std::string_view>{}(code) & mask;; at = (at + 1) & mask) {
        const std::uint32_t slot = slots[at];
        if (slot == 0) {
          out.emplace_back(value, count);
          slots[at] = static_cast<std::uint32_t>(facet << kIndexBits | out.size());
          break;
        }
        if ((slot >> kIndexBits) == facet) {
          auto& [known, total] = out[(slot & ((1u << kIndexBits) - 1)) - 1];
          if (known == value) {
            total += count;
            break;
          }
        }
      }
    }
  }
  gathered_valid_ = true;
}

FacetCounts LocalFacetSpy::counts(schema::Facet facet) const {
  gather();
  for (std::size_t i = 0; i < kFacetCount; ++i) {
    if (schema::kFacets[i] == facet) return gathered_[i];
  }
  return {};
}

std::vector<bool> LocalFacetSpy::shards_seen() const {
  std::vector<bool> seen = shards_left_;
  if (last_article_ != kNoArticle) {
    const std::size_t shard = last_article_ >> 32;
    if (seen.size() <= shard) seen.resize(shard + 1, false);
    seen[shard] = true;
  }
  return seen;
}

void LocalFacetSpy::absorb(const LocalFacetSpy& other) {
  gathered_valid_ = false;
  complete_ = complete_ && other.complete_;
  passages_ += other.passages_;
  articles_ += other.articles_;
  std::vector<bool> seen = shards_seen();
  const std::vector<bool> other_seen = other.shards_seen();
  if (seen.size() < other_seen.size()) seen.resize(other_seen.size(), false);
  for (std::size_t shard = 0; shard < other_seen.size(); ++shard) {
    if (!other_seen[shard]) continue;
    if (seen[shard]) complete_ = false;  // not disjoint: an article may be counted twice
    seen[shard] = true;
  }
  if (tallies_.size() < other.tallies_.size()) tallies_.resize(other.tallies_.size());
  for (std::size_t shard = 0; shard < other.tallies_.size(); ++shard) {
    ShardTallies& mine = tallies_[shard];
    const ShardTallies& theirs = other.tallies_[shard];
    if (mine.codes.size() < theirs.codes.size()) mine.codes.grow(theirs.codes.size());
    for (const std::uint32_t id : theirs.touched) {
      if (mine.codes[id].passages == 0) mine.touched.push_back(id);
      mine.codes[id].passages += theirs.codes[id].passages;
      mine.codes[id].articles += theirs.codes[id].articles;
    }
  }
  shards_left_ = std::move(seen);
  last_article_ = kNoArticle;
}

}  // namespace dossier
