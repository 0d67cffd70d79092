// The compact per-passage facet encoding (schema::kSlotFacetIds) that the local facet counter
// reads for every match: a few bytes instead of the article id and the facet codes as text, so
// that counting a common word's matches reads a fraction of the value blocks.
//
//   varint(shard number) varint(article key) varint(code id)...
//
// The article key is the shard-local docid of the article's first passage: unique in its shard,
// needing no counter of its own, and non-decreasing in docid order (an article's passages are
// added together, so a match visits them together). Code ids index the shard's own dictionary
// (metadata kMetaFacetCodes in the shard, written before each commit of that shard, so a
// committed passage never uses an id its shard's committed dictionary lacks).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dossier {

// Calls visit(code) for each non-empty code of a '\x1f'-joined list (kSlotFacets, the codes part
// of a kSlotArticleFacets value, a serialised dictionary), without copying.
template <typename Visit>
void for_each_facet_code(std::string_view codes, Visit&& visit) {
  std::size_t start = 0;
  while (start < codes.size()) {
    std::size_t end = codes.find('\x1f', start);
    if (end == std::string_view::npos) end = codes.size();
    if (end > start) visit(codes.substr(start, end - start));
    start = end + 1;
  }
}

void append_varint(std::string& out, std::uint64_t value);
// Reads a varint at pos and advances it; nullopt when truncated or longer than 10 bytes.
// Inline: the facet counter reads a few per match (a call each was 15% of an exact count).
inline std::optional<std::uint64_t> read_varint(std::string_view data, std::size_t& pos) {
  if (pos < data.size() && static_cast<unsigned char>(data[pos]) < 0x80) return static_cast<unsigned char>(data[pos++]);
  std::uint64_t value = 0;
  for (int shift = 0; shift < 70 && pos < data.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(data[pos++]);
    if (shift == 63 && byte > 1) return std::nullopt;  // would overflow 64 bits
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

// A shard's codes as a searcher reads them: the serialised dictionary kept whole, with the offset
// where each code starts; no string per code, as a dictionary of tens of thousands of codes is
// read at the start of every search process.
class CodeList {
 public:
  CodeList() = default;
  CodeList(const std::vector<std::string>& codes);  // NOLINT: what FacetCodeDictionary::codes() holds
  // Throws DatabaseError on an empty code (its position named).
  static CodeList parse(std::string serialised);
  std::size_t size() const { return starts_.empty() ? 0 : starts_.size() - 1; }
  bool empty() const { return size() == 0; }
  std::string_view operator[](std::size_t id) const {
    return std::string_view(text_).substr(starts_[id], starts_[id + 1] - starts_[id] - 1);
  }
  bool operator==(const std::vector<std::string>& codes) const;

 private:
  std::string text_;  // the codes, each followed by '\x1f'
  std::vector<std::uint32_t> starts_;  // code i is text_[starts_[i], starts_[i + 1] - 1)
};

// Append-only: an id, once given to a code, never changes.
class FacetCodeDictionary {
 public:
  FacetCodeDictionary() = default;
  // Parses serialise()'s form; throws DatabaseError when it is malformed (the caller adds which shard).
  static FacetCodeDictionary parse(std::string_view serialised);
  // The codes alone (a CodeList), in id order, for a reader that never adds one (the searcher, at the start of
  // every search process): no id map, so no duplicate check either; a duplicate would only split
  // a value's count between two ids, which the counts add up again by code. Throws DatabaseError
  // on an empty code.
  static CodeList read_codes(std::string serialised);
  std::string serialise() const;  // the codes in id order, joined by '\x1f'

  std::uint32_t id_of(std::string_view code);  // adds the code when it is new
  const std::vector<std::string>& codes() const { return codes_; }
  std::size_t size() const { return codes_.size(); }
  bool changed() const { return changed_; }  // codes added since parse() / mark_saved()
  void mark_saved() { changed_ = false; }

 private:
  std::vector<std::string> codes_;
  // Looked up as string_views: the indexer asks for every code of every passage, and only a new
  // code needs a string of its own.
  struct CodeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view code) const { return std::hash<std::string_view>{}(code); }
  };
  std::unordered_map<std::string, std::uint32_t, CodeHash, std::equal_to<>> ids_;
  bool changed_ = false;
};

// The code dictionaries of a database's local shards (schema::kMetaFacetCodes), by shard number,
// as a searcher reads them (FacetCodeDictionary::parse of each shard's metadata).
struct FacetCodeTables {
  std::vector<CodeList> codes_by_shard;  // shard -> code id -> "C:RU"
};

struct FacetIds {
  std::uint32_t shard = 0;
  std::uint32_t article = 0;  // docid of the article's first passage, in its shard
  std::vector<std::uint32_t> codes;
};

std::string encode_facet_ids(const FacetIds& ids);
// Calls on_article(shard, article key), then on_code(code id) for each code; either returning
// false stops the decoding. False when stopped or when the value is malformed.
template <typename OnArticle, typename OnCode>
bool decode_facet_ids(std::string_view value, OnArticle&& on_article, OnCode&& on_code) {
  std::size_t pos = 0;
  const auto shard = read_varint(value, pos);
  const auto article = shard ? read_varint(value, pos) : std::nullopt;
  if (!article || *shard > UINT32_MAX || *article > UINT32_MAX) return false;
  if (!on_article(static_cast<std::uint32_t>(*shard), static_cast<std::uint32_t>(*article))) return false;
  while (pos < value.size()) {
    const auto code = read_varint(value, pos);
    if (!code || *code > UINT32_MAX || !on_code(static_cast<std::uint32_t>(*code))) return false;
  }
  return true;
}

}  // namespace dossier
