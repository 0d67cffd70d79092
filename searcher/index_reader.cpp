#include "searcher/index_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "common/entity_table.h"
#include "common/error.h"
#include "common/facet_ids.h"
#include "common/entity_index.h"
#include "common/meta_seal.h"
#include "searcher/speedup/partition.h"

namespace dossier {

// Xapian's errors are not polymorphic: their type is told by get_type().
bool torn_read(const Xapian::Error& error) {
  const std::string_view type = error.get_type();
  if (type == "DatabaseCorruptError") return true;
  return type == "DatabaseError" && error.get_msg().rfind("EOF reading block", 0) == 0;
}

bool revision_moved(const Xapian::Error& error) {
  return std::string_view(error.get_type()) == "DatabaseModifiedError" || torn_read(error);
}

// libxapian 1.4 can write out of bounds when it reads a damaged table (AddressSanitizer caught it
// on an overwritten meta postlist). The meta database holds only metadata: check it before
// reading from it, so that damage there is an error message, never a crash. An indexer committing
// meanwhile can make the check see a half-written block, so only damage that is still there on
// the last attempt is reported (earlier ones throw DatabaseModifiedError to be retried). A remote
// meta part cannot be checked from here (Database::check needs the files): its server's host can
// run dossier-index --check.
void IndexReader::check_meta(const std::string& meta_path, int attempt, int attempts) const {
  std::error_code ec;
  const std::filesystem::path meta(meta_path);
  if (!std::filesystem::exists(meta / "iamglass", ec)) return;
  if (meta_sealed(meta.parent_path().string(), meta.string())) return;  // the bytes the indexer checked
  std::string problem;
  try {
    std::ostringstream details;
    const std::size_t errors = Xapian::Database::check(meta.string(), 0, &details);
    if (errors == 0) return;
    problem = std::to_string(errors) + " errors in Xapian's check";
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::Error& e) {
    problem = e.get_description();
  }
  if (attempt < attempts) throw Xapian::DatabaseModifiedError("meta check failed; retrying: " + problem);
  throw DatabaseError(meta.string() + ": damaged: " + problem);
}

// An indexer committing while we open can discard the revision being read: retry a few times.
// open(attempt, attempts) does the work.
template <typename Open>
void IndexReader::open_with_retries(const Open& open) {
  constexpr int kOpenAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      open(attempt, kOpenAttempts);
      return;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kOpenAttempts) throw DatabaseError(path_ + ": database changed while opening it too often: " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    } catch (const Xapian::DatabaseNotFoundError& e) {
      // dossier-index --compact swaps a shard in by two renames: for a moment it is not there.
      // A shard that is really gone is still gone after the retries.
      if (attempt >= kOpenAttempts) throw DatabaseError(path_ + ": cannot open database: " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    } catch (const Xapian::Error& e) {
      // Opening the stub while shards commit can read a block a commit just replaced (a torn
      // read); damage that is real is still there after the retries and is reported then.
      if (!torn_read(e) || attempt >= kOpenAttempts) throw DatabaseError(path_ + ": cannot open database: " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    }
  }
}

// The directory every source file in the manifest lies under (the argument that indexed them, or
// a parent of it), so that a message can say exactly which command rebuilds the database;
// "PATH..." when the manifest cannot tell.
std::string IndexReader::indexed_from(Xapian::Database& db) {
  std::string common;
  bool first = true;
  try {
    const std::string prefix(schema::kMetaManifestPrefix);
    for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
      const nlohmann::json entry = nlohmann::json::parse(db.get_metadata(*key), nullptr, false);
      if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string()) continue;
      const std::string dir = std::filesystem::path(entry["path"].get<std::string>()).parent_path().string();
      if (first) {
        common = dir, first = false;
        continue;
      }
      // Shorten common to a directory that holds dir too.
      while (!common.empty() && !(dir == common || dir.rfind(common + "/", 0) == 0)) {
        common = std::filesystem::path(common).parent_path().string();
        if (common == "/") break;
      }
    }
  } catch (const Xapian::Error&) {
    return "PATH...";
  }
  return common.empty() || common == "/" ? "PATH..." : common;
}

void IndexReader::check_format(const std::string& version, const std::string& where, const std::string& rebuild) const {
  if (schema::readable_format(version)) return;
  throw DatabaseError(where + ": index format version " + (version.empty() ? "unknown (not a Dossier index?)" : version) +
                      ", this dossier-search reads version " + std::to_string(schema::kFormatVersion) + "; " + rebuild);
}

IndexReader::IndexReader(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) {
    throw DatabaseError(path_ + ": no such database (build one with: dossier-index --db " + path_ + " PATH...)");
  }
  std::string version;
  open_with_retries([&](int attempt, int attempts) {
    check_meta((std::filesystem::path(path_) / schema::kMetaDir).string(), attempt, attempts);
    db_ = Xapian::Database(path_);
    version = db_.get_metadata(std::string(schema::kMetaFormatVersion));
  });
  if (!schema::readable_format(version)) {
    // Never advise deleting anything: the folder may be a healthy shard named by mistake, or
    // the only copy of an archive whose sources are gone.
    std::string identity;
    try {
      identity = db_.get_metadata(std::string(schema::kMetaShardIdentity));
    } catch (const Xapian::Error&) {
    }
    if (!identity.empty()) {
      throw DatabaseError(path_ + ": this is one shard of a Dossier database, not the database; give --db the folder "
                                  "above it (the one holding XAPIANDB)");
    }
    check_format(version, path_, "rebuild it into a new folder: dossier-index --db NEW.db " + indexed_from(db_) +
                                     ", then search that one (this folder is left as it is)");
  }
}

IndexReader::IndexReader(ClusterSpec cluster, ClusterOptions options)
    : path_(cluster.file), cluster_(std::move(cluster)), options_(options) {
  std::string version;
  open_with_retries([&](int attempt, int attempts) {
    if (!cluster_->meta.remote()) check_meta(cluster_->meta.path, attempt, attempts);
    OpenedCluster opened = open_cluster(*cluster_, options_.allow_partial);
    db_ = std::move(opened.db);
    missing_ = std::move(opened.missing);
    version = std::move(opened.format_version);
  });
  check_format(version, "meta " + cluster_->meta.describe(path_),
               "rebuild the database with this dossier-index and give each shard server its new shard");
}

bool IndexReader::marks_only_passages() {
  if (!only_passage_marks_) {
    const std::string version = db_.get_metadata(std::string(schema::kMetaFormatVersion));
    OnlyPassageMarks marks;
    for (int v = schema::kFirstFormatMarkingOnlyPassages; v <= schema::kFormatVersion; ++v) marks.marks = marks.marks || version == std::to_string(v);
    if (marks.marks) marks.marked = db_.get_termfreq(std::string(schema::kTermOnlyPassage));
    only_passage_marks_ = marks;
  }
  return only_passage_marks_->marks;
}

Xapian::doccount IndexReader::marked_only_passages() {
  marks_only_passages();
  return only_passage_marks_->marked;
}

std::size_t IndexReader::shard_count() const {
  if (cluster_) return cluster_->shards.size();
  return db_.size() > 0 ? db_.size() - 1 : 0;  // every part but meta
}

void IndexReader::recover(const Xapian::NetworkError& error) {
  if (!cluster_) throw DatabaseError(path_ + ": " + error.get_description());
  // Which part failed is not in the error: probe them all. The same failure again (a dead or
  // hung shard) names the shard; nothing failing means the connection alone was lost (a server
  // restarted, an idle connection closed), and the fresh connections carry on. Deep: a server
  // that answers the probe and then stalls must fail it too.
  reprobe(true);
}

std::string IndexReader::remote_parts() const {
  std::string parts;
  if (!cluster_) return parts;
  for (const ClusterPart& part : cluster_->shards) {
    if (part.remote()) parts += (parts.empty() ? "" : ", ") + part.describe(cluster_->file);
  }
  return parts;
}

void IndexReader::reprobe(bool deep) {
  facet_codes_.reset();  // the parts may have changed
  only_passage_marks_.reset();
  open_with_retries([&](int, int) {
    OpenedCluster opened = open_cluster(*cluster_, options_.allow_partial, deep);
    db_ = std::move(opened.db);
    missing_ = std::move(opened.missing);
  });
  ++generation_;
}

const FacetCodeTables& IndexReader::facet_codes() {
  if (facet_codes_) return *facet_codes_;
  auto tables = std::make_unique<FacetCodeTables>();
  const std::vector<ClusterPart> parts = cluster_ ? cluster_->shards : cluster_of_directory(path_).shards;
  for (const ClusterPart& part : parts) {
    if (part.remote()) continue;
    try {
      const Xapian::Database shard(part.path);
      std::string database_id;
      std::size_t number = 0, count = 0;
      if (!schema::parse_shard_identity(shard.get_metadata(std::string(schema::kMetaShardIdentity)), database_id, number, count)) {
        throw DatabaseError(part.path + ": shard without a valid identity");
      }
      if (tables->codes_by_shard.size() <= number) tables->codes_by_shard.resize(number + 1);
      tables->codes_by_shard[number] = FacetCodeDictionary::read_codes(shard.get_metadata(std::string(schema::kMetaFacetCodes)));
    } catch (const Xapian::Error& e) {
      if (revision_moved(e)) throw;  // Searcher::search reopens and retries: these codes are not missing
      // A shard that cannot be opened now is missing from database() too (--allow-partial) or
      // fails the search there; its values, if any, are reported incomplete by LocalFacetSpy.
    } catch (const DatabaseError& e) {
      throw DatabaseError(part.path + ": " + e.what());
    }
  }
  facet_codes_ = std::move(tables);
  return *facet_codes_;
}

const EntityTable& IndexReader::entities() {
  if (entities_) return *entities_;
  // Xapian's errors as the searcher expects them: a modified database or a torn read is reopened
  // and the search retried, a lost remote meta part recovered; anything else names the database.
  // `what` is copied: the table's source below outlives this call.
  const auto guarded = [what = path_ + ": cannot read the entity table"](auto&& read) { return guard_read(what, read); };
  const bool indexed = guarded([&] { return entity_index_current(db_); });
  if (!indexed) {  // an index from before the entity index, or a run that was interrupted
    entities_ = std::make_unique<EntityTable>(guarded([&] { return read_entity_tables(db_); }));
    return *entities_;
  }
  // The table lives as long as db_ (reopen() and reprobe() drop it before db_ changes).
  EntityTable::Source source;
  source.get = [this, guarded](const std::string& key) { return guarded([&] { return db_.get_metadata(key); }); };
  source.load = [this, guarded](EntityTable& table) {
    guarded([&] {
      read_entity_tables(db_, table);
      return 0;
    });
  };
  entities_ = std::make_unique<EntityTable>(EntityTable::through_index(std::move(source)));
  return *entities_;
}

bool IndexReader::reopen() {
  if (cluster_ && !missing_.empty()) {
    // A partial cluster: see whether the missing shards are back (interactive sessions reopen
    // before every search).
    reprobe();
    entities_.reset();
    facet_codes_.reset();
    only_passage_marks_.reset();
    return true;
  }
  try {
    // The article shards commit after their passage shards: they can move on alone.
    if (articles_) {
      articles_->reopen();
      // A shard swapped in (--compact) is a new part: its number is told again.
      for (std::size_t shard = 0; shard < article_parts_.size(); ++shard) remember_shard_number(article_parts_[shard], shard);
    }
    const bool changed = db_.reopen();
    if (changed) {  // the indexer may have written a new entity table and new facet codes
      entities_.reset();
      facet_codes_.reset();
      only_passage_marks_.reset();
      ++generation_;
    }
    return changed;
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;  // the caller retries
  } catch (const Xapian::NetworkError&) {
    throw;  // the caller recovers
  } catch (const Xapian::Error& e) {
    // Mid-commit a block can be read torn; the caller retries, and real damage persists.
    if (torn_read(e)) throw Xapian::DatabaseModifiedError(e.get_msg());
    throw DatabaseError(path_ + ": cannot reopen database: " + e.get_description());
  }
}

Xapian::Database IndexReader::open_articles(std::vector<Xapian::Database>* parts) const {
  Xapian::Database articles;
  for (std::size_t shard = 0; shard < shard_count(); ++shard) {
    const std::string dir = (std::filesystem::path(path_) / schema::article_dir_name(shard)).string();
    try {
      Xapian::Database part(dir);
      // Its number for splitting an article match between threads (speedup/partition.h).
      remember_shard_number(part, shard);
      articles.add_database(part);
      if (parts != nullptr) parts->push_back(std::move(part));
    } catch (const Xapian::DatabaseNotFoundError& e) {
      // dossier-index --compact swaps an article shard in by two renames, like a passage shard.
      throw Xapian::DatabaseModifiedError(dir + ": " + e.get_msg());
    } catch (const Xapian::DatabaseCorruptError& e) {
      throw Xapian::DatabaseModifiedError(dir + ": " + e.get_msg());  // a block a commit just replaced
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw DatabaseError(dir + ": cannot open the article shard (" + e.get_msg() + "); dossier-index --check " + path_ +
                          " checks every shard");
    }
  }
  return articles;
}

Xapian::Database* IndexReader::articles() {
  if (cluster_) return nullptr;
  if (articles_) return articles_.get();
  std::vector<Xapian::Database> parts;
  articles_ = std::make_unique<Xapian::Database>(open_articles(&parts));
  article_parts_ = std::move(parts);
  return articles_.get();
}

Xapian::Database IndexReader::open_articles_copy() const { return open_articles(nullptr); }

Xapian::Database IndexReader::open_copy() const {
  try {
    return Xapian::Database(path_);
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw Xapian::DatabaseModifiedError(e.get_msg());  // a block a commit just replaced
  } catch (const Xapian::DatabaseNotFoundError& e) {
    throw Xapian::DatabaseModifiedError(e.get_msg());  // a shard that --compact is swapping in
  }
}

std::vector<PassageRecord> IndexReader::article(const std::string& article_id) {
  constexpr int kArticleAttempts = 5;
  std::vector<PassageRecord> passages;
  const std::string term = schema::article_term(article_id);
  for (int attempt = 1;; ++attempt) {
    try {
      passages.clear();
      for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        passages.push_back(decode_record(db_.get_document(*it).get_data()));
      }
      break;
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= 2) throw DatabaseError(path_ + ": cannot read article " + article_id + ": " + e.get_description());
      recover(e);  // throws when the article's shard is gone and --allow-partial is off
    } catch (const Xapian::DatabaseError& e) {
      // An indexer committed twice while the passages were read, or a torn read: read them again
      // from the newest revision, as searches do (about 1 in 100 :open during a run failed here).
      if (!revision_moved(e) || attempt >= kArticleAttempts) throw DatabaseError(path_ + ": cannot read article " + article_id + ": " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
      try {
        reopen();
      } catch (const Xapian::DatabaseModifiedError&) {
        // the next attempt reopens again
      }
    } catch (const Xapian::Error& e) {
      throw DatabaseError(path_ + ": cannot read article " + article_id + ": " + e.get_description());
    }
  }
  std::sort(passages.begin(), passages.end(),
            [](const PassageRecord& a, const PassageRecord& b) { return a.passage.index < b.passage.index; });
  return passages;
}

}  // namespace dossier
