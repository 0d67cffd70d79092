#include "searcher/local_facet_spy.h"

#include <cstring>
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

std::map<std::string, std::size_t> LocalFacetSpy::counts(schema::Facet facet) const {
  std::map<std::string, std::size_t> out;
  const char letter = static_cast<char>(facet);
  for (std::size_t shard = 0; shard < tallies_.size(); ++shard) {
    const CodeList& codes = tables_.codes_by_shard[shard];
    for (const std::uint32_t id : tallies_[shard].touched) {
      const CodeCount& tally = tallies_[shard].codes[id];
      const std::string_view code = codes[id];
      if (code.size() <= 2 || code[0] != letter || code[1] != ':') continue;
      // An article lives in one shard: its shards' distinct-article counts add up exactly.
      out[std::string(code.substr(2))] += unit_ == CountUnit::Articles ? tally.articles : tally.passages;
    }
  }
  return out;
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
