#include "common/similarity.h"

#include <algorithm>
#include <limits>

#include "common/schema.h"

namespace dossier {

namespace {

// SplitMix64's finaliser: every input bit affects every output bit.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// The kCopyHashes hash functions h_i(x) = high 32 bits of (a_i x + b_i) mod 2^64 (multiply-shift,
// a_i odd), one multiply-add each, over an already mixed shingle hash x. Their coefficients come
// from a fixed seed: they are part of the stored format (common/similarity.h).
struct HashFamily {
  std::array<std::uint64_t, kCopyHashes> a{}, b{};
  constexpr HashFamily() {
    std::uint64_t state = 0x646f73736965722eULL;  // "dossier."
    for (std::size_t i = 0; i < kCopyHashes; ++i) {
      state += 0x9e3779b97f4a7c15ULL;
      a[i] = mix64(state) | 1;
      state += 0x9e3779b97f4a7c15ULL;
      b[i] = mix64(state);
    }
  }
};
constexpr HashFamily kFamily;

}  // namespace

CopyKeyBuilder::CopyKeyBuilder() { minima_.fill(std::numeric_limits<std::uint32_t>::max()); }

void CopyKeyBuilder::add_word(std::string_view folded) {
  window_[words_ % kShingleWords] = schema::fnv1a64(folded);
  ++words_;
  if (words_ < kShingleWords) return;
  // The shingle: its words' hashes in order (oldest first), combined FNV-style, then mixed.
  std::uint64_t shingle = 14695981039346656037ULL;
  for (std::size_t i = 0; i < kShingleWords; ++i) {
    shingle ^= window_[(words_ + i) % kShingleWords];
    shingle *= 1099511628211ULL;
  }
  const std::uint64_t x = mix64(shingle);
  for (std::size_t i = 0; i < kCopyHashes; ++i) {
    const auto value = static_cast<std::uint32_t>((kFamily.a[i] * x + kFamily.b[i]) >> 32);
    minima_[i] = std::min(minima_[i], value);
  }
}

CopyKey CopyKeyBuilder::finish() {
  CopyKey key;
  if (words_ < kMinWords) return key;
  key.minima.reserve(kCopyHashes);
  // b-bit MinHash: the minimum over the full 32-bit values, then its low 16 bits.
  for (const std::uint32_t minimum : minima_) key.minima.push_back(static_cast<std::uint16_t>(minimum));
  return key;
}

CopyKey copy_key(const std::vector<std::string>& folded_words) {
  CopyKeyBuilder builder;
  for (const std::string& word : folded_words) builder.add_word(word);
  return builder.finish();
}

CopyKey copy_key(const Article& article, Normaliser& normaliser) {
  const CyrillicScheme scheme = scheme_for_language(article.meta.language);
  CopyKeyBuilder builder;
  for (const Passage& passage : article.passages) {
    for (const Token& token : normaliser.tokenize(passage.text, scheme)) builder.add_word(token.folded);
  }
  return builder.finish();
}

double copy_similarity(const CopyKey& a, const CopyKey& b) {
  if (a.minima.size() != kCopyHashes || b.minima.size() != kCopyHashes) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < kCopyHashes; ++i) same += a.minima[i] == b.minima[i] ? 1 : 0;
  return static_cast<double>(same) / static_cast<double>(kCopyHashes);
}

bool are_copies(const CopyKey& a, const CopyKey& b) {
  // 0.7 x 128 = 89.6: at least 90 of the 128 minima agree.
  if (a.empty() || b.empty()) return false;
  return copy_similarity(a, b) >= kCopyThreshold;
}

std::vector<std::uint64_t> copy_bands(const CopyKey& key) {
  std::vector<std::uint64_t> bands;
  if (key.minima.size() != kCopyHashes) return bands;
  bands.reserve(kCopyBands);
  for (std::size_t band = 0; band < kCopyBands; ++band) {
    // The band's 16-bit minima side by side: equal values, equal bands, and nothing else.
    std::uint64_t value = 0;
    for (std::size_t row = 0; row < kCopyBandRows; ++row) value = (value << 16) | key.minima[band * kCopyBandRows + row];
    bands.push_back(value);
  }
  return bands;
}

std::string encode_copy_key(const CopyKey& key) {
  std::string text;
  text.reserve(2 * key.minima.size());
  for (const std::uint16_t value : key.minima) {
    text += static_cast<char>(value & 0xff);
    text += static_cast<char>(value >> 8);
  }
  return text;
}

std::optional<CopyKey> decode_copy_key(std::string_view text) {
  if (text.size() != 2 * kCopyHashes) return std::nullopt;
  CopyKey key;
  key.minima.reserve(kCopyHashes);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    key.minima.push_back(static_cast<std::uint16_t>(static_cast<unsigned char>(text[i]) |
                                                    (static_cast<unsigned char>(text[i + 1]) << 8)));
  }
  return key;
}

}  // namespace dossier
