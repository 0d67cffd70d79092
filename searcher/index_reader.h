// Opening a Dossier database for search, a local directory or a cluster of local and remote
// parts: format check, and the entity table the indexer stored (display names and folded names
// of every gazetteer entry).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/entity_table.h"
#include "common/error.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"
#include "searcher/cluster.h"
#include "common/facet_ids.h"  // FacetCodeTables

namespace dossier {

// A block read while an indexer rewrote it (a freed block reused two commits on) can come back
// half old, half new: its checks fail (DatabaseCorruptError) or it points past the end of the
// file (DatabaseError "EOF reading block N"). Searcher::search reopens and retries these; damage
// that is real is still there after the retries and is reported then.
bool torn_read(const Xapian::Error& error);
// A DatabaseModifiedError or a torn read: the revision being read is gone, a newer one is there.
bool revision_moved(const Xapian::Error& error);

// Runs read(), letting through what Searcher::search recovers from (a modified database, a torn
// read, a lost remote part); any other Xapian error becomes a DatabaseError starting with `what`.
template <typename Read>
auto guard_read(const std::string& what, Read&& read) {
  try {
    return read();
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::NetworkError&) {
    throw;
  } catch (const Xapian::Error& e) {
    if (torn_read(e)) throw;
    throw DatabaseError(what + ": " + e.get_description());
  }
}

struct ClusterOptions {
  // Leave out shards that cannot be reached (at the open or during a search) instead of failing;
  // missing_shards() lists them.
  bool allow_partial = false;
};

class IndexReader {
 public:
  // A database directory (DIR/XAPIANDB lists its parts). Throws DatabaseError when the database
  // is missing, unreadable or of another format.
  explicit IndexReader(std::string path);
  // A cluster (searcher/cluster.h): every part, local or remote, is opened and probed now.
  // Throws ClusterError or DatabaseError naming the part that failed (see open_cluster()).
  IndexReader(ClusterSpec cluster, ClusterOptions options);

  Xapian::Database& database() { return db_; }
  // The database directory, or the cluster description file: what error messages name.
  const std::string& path() const { return path_; }
  const EntityTable& entities();  // loaded on first use
  // The facet code dictionaries of the local shards (LocalFacetSpy), read on first use after each
  // (re)open, so never older than what database() shows. Remote shards are left out.
  const FacetCodeTables& facet_codes();
  // Whether the passage of every article of one passage carries schema::kTermOnlyPassage (format
  // 9 on; an older database is read until the next indexing run upgrades it): read from meta on
  // first use after each (re)open.
  bool marks_only_passages();
  // How many passages carry it (0 where the database does not mark them), read with
  // marks_only_passages(): the whole-article ranking asks it in every search.
  Xapian::doccount marked_only_passages();
  // Whether facet_codes() has been read since the last (re)open.
  bool facet_codes_loaded() const { return facet_codes_ != nullptr; }
  // Picks up the latest committed revision; true when there was a newer one. A Xapian
  // NetworkError passes through (Searcher::search and article() recover from it).
  bool reopen();
  // Counts the times database() was replaced or moved to a newer revision, so that the copies
  // opened by open_copy() can follow.
  std::uint64_t generation() const { return generation_; }

  // A local database directory (not a cluster): open_copy() can give a thread its own
  // Xapian::Database of the same parts (searcher/speedup/split_workers.h).
  bool can_open_copy() const { return !cluster_; }
  // A fresh Xapian::Database of this directory at its latest revision. A shard being swapped
  // or written at that moment throws Xapian::DatabaseModifiedError, which Searcher retries.
  Xapian::Database open_copy() const;

  // The article shards of a local database (schema::article_dir_name) as one Database, opened on
  // first use and moved to the newest revision by reopen(); nullptr for a cluster. Throws
  // DatabaseError when one is missing (dossier-index --check names it).
  Xapian::Database* articles();
  // Article shard `shard` alone, sharing its state (and so its revision) with articles(), which
  // must have been called: article k is document (k - 1) / shard_count() + 1 of part
  // (k - 1) % shard_count() of articles().
  const Xapian::Database& article_part(std::size_t shard) const { return article_parts_.at(shard); }
  // A fresh Database of the article shards at their latest revision, for a thread of its own
  // (as open_copy()).
  Xapian::Database open_articles_copy() const;

  // Every passage of one article, in order (empty when the id is unknown).
  std::vector<PassageRecord> article(const std::string& article_id);

  // True when no part is remote: the searcher may then use its local-only facet counter.
  bool all_local() const { return !cluster_ || cluster_->all_local(); }
  std::size_t shard_count() const;
  // Shards left out (ClusterOptions::allow_partial); empty for a complete database.
  const std::vector<MissingShard>& missing_shards() const { return missing_; }

  // After a Xapian::NetworkError from an operation on database(): probes every part again and
  // reopens the database. Throws DatabaseError naming the shards that fail unless allow_partial,
  // which leaves them out (they join missing_shards()); throws the error itself as a
  // DatabaseError when this is not a cluster.
  void recover(const Xapian::NetworkError& error);
  // The remote parts, described with their cluster-file lines ("tcp://h:p (cluster.txt:3)"),
  // for a message when a search keeps timing out although every part passes its probe.
  std::string remote_parts() const;

 private:
  template <typename Open>
  void open_with_retries(const Open& open);
  void check_meta(const std::string& meta_path, int attempt, int attempts) const;
  void check_format(const std::string& version, const std::string& where, const std::string& rebuild) const;
  static std::string indexed_from(Xapian::Database& db);
  void reprobe(bool deep = false);  // opens every part of the cluster again (open_cluster's deep)

  std::string path_;
  Xapian::Database db_;
  std::unique_ptr<EntityTable> entities_;
  std::unique_ptr<FacetCodeTables> facet_codes_;
  struct OnlyPassageMarks {
    bool marks = false;
    Xapian::doccount marked = 0;
  };
  std::optional<OnlyPassageMarks> only_passage_marks_;  // read on first use after each (re)open
  // The article shards as one Database; each part also into *parts, where given.
  Xapian::Database open_articles(std::vector<Xapian::Database>* parts) const;

  std::unique_ptr<Xapian::Database> articles_;
  std::vector<Xapian::Database> article_parts_;  // articles_'s parts, in order
  std::optional<ClusterSpec> cluster_;
  ClusterOptions options_;
  std::vector<MissingShard> missing_;
  std::uint64_t generation_ = 0;
};

}  // namespace dossier
