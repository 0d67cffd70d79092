#include "common/copy_index.h"

#include <fmt/format.h>

#include "common/schema.h"

namespace dossier {

namespace {

void append_item(std::string& out, std::string_view item) {
  out += std::to_string(item.size());
  out += ':';
  out += item;
}

// Reads one "<length>:<bytes>" item at pos; nullopt when malformed.
std::optional<std::string_view> read_item(std::string_view text, std::size_t& pos) {
  std::size_t length = 0;
  std::size_t digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 6) {
    length = length * 10 + static_cast<std::size_t>(text[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0 || pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  if (text.size() - pos < length) return std::nullopt;
  const std::string_view item = text.substr(pos, length);
  pos += length;
  return item;
}

}  // namespace

std::string copy_label(std::string_view id, std::size_t n) {
  std::string label;
  append_item(label, id);
  if (n > 0) label += "#" + std::to_string(n);
  return label;
}

std::string encode_copy_entry(const CopyEntry& entry) {
  std::string out;
  append_item(out, entry.label);
  out += encode_copy_key(entry.key);
  return out;
}

std::optional<CopyEntry> decode_copy_entry(std::string_view text) {
  std::size_t pos = 0;
  const auto label = read_item(text, pos);
  if (!label || label->empty()) return std::nullopt;
  auto key = decode_copy_key(text.substr(pos));
  if (!key) return std::nullopt;
  return CopyEntry{std::string(*label), std::move(*key)};
}

std::string encode_id_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) append_item(out, id);
  return out;
}

std::optional<std::vector<std::string>> decode_id_list(std::string_view text) {
  std::vector<std::string> ids;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto id = read_item(text, pos);
    if (!id) return std::nullopt;
    ids.emplace_back(*id);
  }
  return ids;
}

std::string copy_article_key(std::string_view id) { return std::string(schema::kMetaCopyArticlePrefix) + std::string(id); }

std::string copy_band_key(std::size_t band, std::uint64_t value) {
  return fmt::format("{}{:02x}{:0{}x}", schema::kMetaCopyBandPrefix, band, value, kCopyBandRows * 4);
}

std::string copy_group_key(std::string_view label) { return std::string(schema::kMetaCopyGroupPrefix) + std::string(label); }

}  // namespace dossier
