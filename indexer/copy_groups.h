// Copy groups at index time: each article written gets a copy label (common/copy_index.h) before
// it goes to the shard writers, so that every passage of a group of near-duplicates
// (common/similarity.h) carries the same label and the searcher can collapse on it.
//
// The run's reader thread labels the articles one at a time, in the order the files are read,
// from the copy index of the earlier runs and of the articles before it: the labels do not
// depend on --jobs, on the shard count or on thread timing. An article that is re-written (a
// changed file, a re-tagging run, --repair) first leaves its group, then is labelled again.
//
// An article joins the group of its most similar earlier article (ties: the smaller label), when
// that one is a copy (are_copies); otherwise it founds a group of its own, labelled after its id.
// Labels are never re-written: when an article leaves (deleted, or changed into another story)
// the others keep its label, and a label stays taken while any article has it, so an unrelated
// article that later gets the same id founds "<id>#1" instead. Joining is single-link: A and C
// may each be a copy of B, and so be grouped, without being copies of each other.
//
// The index lives in meta (schema::kMetaCopyArticlePrefix and the others) and is written by
// write(), which the run calls inside the commit that writes the manifest, after the shards have
// committed the articles: the index describes the same articles as the manifest.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/copy_index.h"
#include "common/similarity.h"

namespace dossier {

class CopyGroups {
 public:
  // meta: read for what earlier runs stored; never written but by write(). Must outlive this.
  explicit CopyGroups(Xapian::Database& meta);

  // The label of the article `id` with this key, about to be written (replacing any earlier
  // version of it). An empty key (a short article) is never anyone's copy.
  std::string assign(const std::string& id, const CopyKey& key);
  // The article is deleted: it leaves its group.
  void remove(const std::string& id);

  // Writes the changes since the last call into meta (the caller commits) and forgets them.
  void write(Xapian::WritableDatabase& meta);

  // Articles labelled by this object that joined an existing group.
  std::size_t joined() const { return joined_; }

  // A bucket keeps its first kBucketLimit ids: a story copied hundreds of times is still found
  // through them, and no metadata value grows with the number of copies (each new copy would
  // otherwise read and rewrite them all).
  static constexpr std::size_t kBucketLimit = 50;

 private:
  std::optional<std::string> get(const std::string& key) const;  // pending first, then meta
  void put(const std::string& key, std::string value);         // "" removes the key
  std::optional<CopyEntry> entry(const std::string& id) const;
  std::vector<std::string> ids(const std::string& key) const;  // a bucket or a group; [] when absent
  void put_ids(const std::string& key, const std::vector<std::string>& ids);
  // copy_label(id, n) for the smallest n whose label no group still uses.
  std::string fresh_label(const std::string& id) const;

  Xapian::Database& meta_;
  // False while meta holds no copy index (a new database, until the first write()): get() then
  // reads nothing from it. A lookup in a database never committed to cost ~30 us, and a first
  // run makes a dozen per article.
  bool meta_has_index_ = false;
  // Metadata key -> value ("" removes it). Hashed: the keys share long prefixes, which made
  // ordered comparisons a third of the time spent here.
  std::unordered_map<std::string, std::string> pending_;
  std::size_t joined_ = 0;
};

}  // namespace dossier
