#include "indexer/copy_groups.h"

#include <algorithm>
#include <set>

#include "common/schema.h"

namespace dossier {

CopyGroups::CopyGroups(Xapian::Database& meta) : meta_(meta) {
  const std::string prefix = "dossier.copies.";
  static_assert(schema::kMetaCopyArticlePrefix.substr(0, 15) == "dossier.copies." &&
                schema::kMetaCopyBandPrefix.substr(0, 15) == "dossier.copies." &&
                schema::kMetaCopyGroupPrefix.substr(0, 15) == "dossier.copies.");
  meta_has_index_ = meta.metadata_keys_begin(prefix) != meta.metadata_keys_end(prefix);
}

std::optional<std::string> CopyGroups::get(const std::string& key) const {
  const auto found = pending_.find(key);
  std::string value = found != pending_.end() ? found->second : meta_has_index_ ? meta_.get_metadata(key) : std::string();
  if (value.empty()) return std::nullopt;
  return value;
}

void CopyGroups::put(const std::string& key, std::string value) { pending_[key] = std::move(value); }

std::optional<CopyEntry> CopyGroups::entry(const std::string& id) const {
  const auto value = get(copy_article_key(id));
  // A value that does not decode (written by nothing this format knows) counts as absent: the
  // article then founds a group of its own, which is never wrong, only less collapsed.
  return value ? decode_copy_entry(*value) : std::nullopt;
}

std::vector<std::string> CopyGroups::ids(const std::string& key) const {
  const auto value = get(key);
  if (!value) return {};
  auto list = decode_id_list(*value);
  return list ? std::move(*list) : std::vector<std::string>{};
}

void CopyGroups::put_ids(const std::string& key, const std::vector<std::string>& ids) { put(key, encode_id_list(ids)); }

std::string CopyGroups::fresh_label(const std::string& id) const {
  // A label without a group entry has at most one article, the one that founded it: this one,
  // which has just left it (assign() removes first). With an entry, other articles still have it.
  for (std::size_t n = 0;; ++n) {
    std::string label = copy_label(id, n);
    if (!get(copy_group_key(label))) return label;
  }
}

void CopyGroups::remove(const std::string& id) {
  const std::optional<CopyEntry> old = entry(id);
  if (!old) return;
  const std::vector<std::uint64_t> bands = copy_bands(old->key);
  for (std::size_t band = 0; band < bands.size(); ++band) {
    const std::string key = copy_band_key(band, bands[band]);
    std::vector<std::string> bucket = ids(key);
    const auto it = std::find(bucket.begin(), bucket.end(), id);
    if (it == bucket.end()) continue;  // left out of a full bucket
    bucket.erase(it);
    put_ids(key, bucket);
  }
  const std::string group_key = copy_group_key(old->label);
  std::vector<std::string> members = ids(group_key);
  const auto it = std::find(members.begin(), members.end(), id);
  if (it != members.end()) {
    members.erase(it);
    put_ids(group_key, members);  // the entry goes with its last member
  }
  put(copy_article_key(id), "");
}

std::string CopyGroups::assign(const std::string& id, const CopyKey& key) {
  remove(id);
  if (key.empty()) return fresh_label(id);
  const std::vector<std::uint64_t> bands = copy_bands(key);
  // Candidates in id order, so that the choice below never depends on the order buckets list them.
  std::set<std::string> candidates;
  for (std::size_t band = 0; band < bands.size(); ++band) {
    for (std::string& other : ids(copy_band_key(band, bands[band]))) {
      if (other != id) candidates.insert(std::move(other));
    }
  }
  std::optional<CopyEntry> best;
  std::string best_id;
  double best_similarity = 0;
  for (const std::string& other : candidates) {
    std::optional<CopyEntry> found = entry(other);
    if (!found || !are_copies(key, found->key)) continue;
    const double similarity = copy_similarity(key, found->key);
    if (!best || similarity > best_similarity || (similarity == best_similarity && found->label < best->label)) {
      best_similarity = similarity;
      best_id = other;
      best = std::move(found);
    }
  }
  std::string label;
  if (best) {
    label = best->label;
    const std::string group_key = copy_group_key(label);
    std::vector<std::string> members = ids(group_key);
    // No entry yet: the label's only article is the one it was found through.
    if (members.empty()) members.push_back(best_id);
    members.push_back(id);
    put_ids(group_key, members);
    ++joined_;
  } else {
    label = fresh_label(id);
  }
  put(copy_article_key(id), encode_copy_entry(CopyEntry{label, key}));
  for (std::size_t band = 0; band < bands.size(); ++band) {
    const std::string bucket_key = copy_band_key(band, bands[band]);
    std::vector<std::string> bucket = ids(bucket_key);
    if (bucket.size() >= kBucketLimit) continue;
    bucket.push_back(id);
    put_ids(bucket_key, bucket);
  }
  return label;
}

void CopyGroups::write(Xapian::WritableDatabase& meta) {
  // In key order: Xapian then fills the B-tree blocks one after the other instead of splitting
  // them at random places, which left them half empty (the copy index took 2.5x the space).
  std::vector<const std::pair<const std::string, std::string>*> sorted;
  sorted.reserve(pending_.size());
  for (const auto& change : pending_) sorted.push_back(&change);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* change : sorted) meta.set_metadata(change->first, change->second);
  meta_has_index_ = meta_has_index_ || !pending_.empty();
  pending_.clear();
}

}  // namespace dossier
