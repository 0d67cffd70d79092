// The similarity key of an article: how the indexer recognises near-duplicates ("copies": the
// same wire story published by two outlets, a repost with another headline, a few words edited, a
// paragraph added), so that the searcher can show each group of copies once.
//
// The key is a MinHash sketch of the article's set of 5-word shingles. The words are the
// normaliser's folded tokens of the body (common/normalise.h: case, diacritics and script do not
// matter) taken across paragraph breaks, so re-flowed paragraphs change nothing; the title is
// left out because reposts change headlines, and the attribution tags because outlets rewrite
// them. Two articles are copies when the estimated Jaccard similarity of their shingle sets is at
// least kCopyThreshold.
//
// Why 5-word shingles and 0.7:
//   - an edited word removes up to 5 shingles from each side, so with n shingles k scattered
//     edits give J = (n - 5k) / (n + 5k) and an appended passage of m words J = n / (n + m). At
//     0.7 a 200-word wire story (the archive's typical length) stays a copy with ~7 words changed,
//     or a ~85-word paragraph added, or 3 words changed plus a sentence added (J ~ 0.78), the
//     edits a repost makes; 0.8 already loses that last case.
//   - different stories on the same subject share names and stock phrases, not runs of five
//     words: the most similar pair of the sample archive's 49 articles has J = 0.03, of 537
//     generated ones (bench/gen_corpus.py, Markov text from the same archive) J = 0.13. Two
//     texts that share 0.7 of their shingles share about 80% of their words in the same order:
//     one story, edited.
//   - articles under kMinWords words have no key and are never grouped: a few shingles make the
//     estimate unreliable, and short items (briefs, captions, "more follows") repeat wording by
//     nature.
//
// Estimated from kCopyHashes minima (standard error under 0.045 for J near 0.7), each kept to its
// low 16 bits (b-bit MinHash: unrelated minima then agree with probability 1/65536, which biases
// the estimate by 0.00002). Candidates are found without comparing every pair: the first
// kCopyBands x kCopyBandRows minima form kCopyBands bands, and articles that agree on all the
// minima of at least one band are compared (LSH). Two articles with J = 0.7 meet in some band
// with probability 1 - (1 - 0.7^3)^10 = 0.985 (0.996 at J = 0.75, 0.9992 at J = 0.8); at J = 0.1
// with 0.01, and then only cost a comparison. 10 bands of 3 rows find copies as surely as 16 of
// 4 with 5/8 of the bucket entries, which are most of the copy index's size.
//
// Part of the stored format: the copy index keeps keys across runs (common/copy_index.h), so any
// change here (the hash functions, the shingle size, the folding) needs a format version.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/normalise.h"
#include "common/passage.h"

namespace dossier {

inline constexpr std::size_t kShingleWords = 5;
inline constexpr std::size_t kMinWords = 30;
inline constexpr std::size_t kCopyHashes = 128;
inline constexpr std::size_t kCopyBands = 10;
inline constexpr std::size_t kCopyBandRows = 3;
inline constexpr double kCopyThreshold = 0.7;
static_assert(kCopyBands * kCopyBandRows <= kCopyHashes);
static_assert(kCopyBandRows * 16 <= 64, "a band's minima fit one 64-bit value");

struct CopyKey {
  std::vector<std::uint16_t> minima;  // kCopyHashes values; empty: too short to compare
  bool empty() const { return minima.empty(); }
  bool operator==(const CopyKey&) const = default;
};

// Builds a key from words given one at a time, in text order.
class CopyKeyBuilder {
 public:
  CopyKeyBuilder();
  void add_word(std::string_view folded);
  // The key of the words added (empty under kMinWords words). The builder is then spent.
  CopyKey finish();

 private:
  std::array<std::uint64_t, kShingleWords> window_{};  // hashes of the last words, a ring
  std::size_t words_ = 0;
  std::array<std::uint32_t, kCopyHashes> minima_;
};

// The key of folded words in text order.
CopyKey copy_key(const std::vector<std::string>& folded_words);
// The key of an article: its passages' words, folded with the scheme of its language.
CopyKey copy_key(const Article& article, Normaliser& normaliser);

// The estimated Jaccard similarity of the two shingle sets, 0 to 1 (0 when either key is empty).
double copy_similarity(const CopyKey& a, const CopyKey& b);
// Near-duplicates: both keys present and copy_similarity >= kCopyThreshold.
bool are_copies(const CopyKey& a, const CopyKey& b);

// The key's kCopyBands band values, band b at index b: two keys that share one are candidates.
std::vector<std::uint64_t> copy_bands(const CopyKey& key);

// kCopyHashes little-endian 16-bit values; nullopt when text is not that.
std::string encode_copy_key(const CopyKey& key);
std::optional<CopyKey> decode_copy_key(std::string_view text);

}  // namespace dossier
