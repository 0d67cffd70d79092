// The stored formats of copy groups (near-duplicate articles, common/similarity.h): the copy
// label every passage carries (schema::kSlotCopyGroup, schema::kPrefixCopyGroup) and the values
// of the copy index the indexer keeps in meta (schema::kMetaCopyArticlePrefix and the others;
// indexer/copy_groups.h maintains it). Writers and readers side by side.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/similarity.h"

namespace dossier {

// The label of a group founded by the article `id`: "<byte length of id>:<id>", and
// "<length>:<id>#<n>" for n > 0 when the plain one is still used by a group the article left
// (indexer/copy_groups.h). The length prefix keeps labels founded by different articles apart
// whatever bytes their ids hold ("1:a#2" is founded by "a", "3:a#2" by "a#2"). An article that is
// nobody's copy has the label it founded, so collapsing on labels never merges two articles
// that are not copies.
std::string copy_label(std::string_view id, std::size_t n = 0);

// The entry of one article (kMetaCopyArticlePrefix + id): its label and its key.
struct CopyEntry {
  std::string label;
  CopyKey key;
};
// "<byte length of label>:<label><encode_copy_key(key)>"
std::string encode_copy_entry(const CopyEntry& entry);
std::optional<CopyEntry> decode_copy_entry(std::string_view text);

// A list of article ids (a band's bucket, a group's members): "<length>:<id>" each, in order.
// decode_id_list gives nullopt for a malformed list.
std::string encode_id_list(const std::vector<std::string>& ids);
std::optional<std::vector<std::string>> decode_id_list(std::string_view text);

// The metadata keys.
std::string copy_article_key(std::string_view id);
// band: 2 hex digits; value: 4 hex digits per row (the band's 16-bit minima)
std::string copy_band_key(std::size_t band, std::uint64_t value);
std::string copy_group_key(std::string_view label);

}  // namespace dossier
