#include "indexer/index_store.h"

#include <atomic>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "common/meta_seal.h"
#include "common/schema.h"
#include "common/watch_file.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

std::string owner_description() {
  char host[256] = "unknown-host";
  gethostname(host, sizeof host - 1);
  const std::time_t now = std::time(nullptr);
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return "PID " + std::to_string(getpid()) + " on " + host + " since " + when;
}

// missing_ok: a file that is gone by the time it is opened is not an error (another tool's file,
// replaced under the directory walk).
void fsync_path(const fs::path& path, bool directory, bool missing_ok = false) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0 && missing_ok && errno == ENOENT) return;
  if (fd < 0) throw DatabaseError(errno_message(path.string()));
  const bool ok = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    errno = saved;
    throw DatabaseError(errno_message(path.string()) + " (fsync)");
  }
}

// 128 random bits in hex: unique enough to tell two databases' shards apart.
std::string new_database_id() {
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(random()));
    id += part;
  }
  return id;
}

// DIR/articles-NNN for shards 0..count-1: the k-th shard of the stub goes with articles-k (as
// the searcher pairs them).
std::vector<std::string> article_paths_of(const std::string& dir, std::size_t count) {
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < count; ++i) paths.push_back((fs::path(dir) / schema::article_dir_name(i)).string());
  return paths;
}

}  // namespace

IndexStore::IndexStore(const StoreOptions& options) : path_(options.path), durable_(options.durable_commits) {
  std::error_code ec;
  const fs::path root(path_);
  if (fs::exists(root / "iamglass", ec)) {
    throw DatabaseError(path_ + ": a single Xapian database (index format 1); this dossier-index writes format " +
                        std::to_string(schema::kFormatVersion) + ": remove the directory and index again");
  }
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) throw DatabaseError(path_ + ": exists and is not a directory");
  if (fs::exists(root, ec) && !fs::exists(root / schema::kStubFile, ec) && !fs::exists(root / schema::kMetaDir, ec) &&
      !fs::is_empty(root, ec)) {
    throw DatabaseError(path_ + ": directory is not empty and is not a Dossier database");
  }
  fs::create_directories(root, ec);
  if (ec) throw DatabaseError(path_ + ": cannot create directory: " + ec.message());
  open_meta(options);
  if (fs::exists(root / schema::kStubFile, ec)) {
    read_stub();
    finish_interrupted_compaction();
  } else {
    create_layout(std::max<std::size_t>(1, options.shards));
  }
  std::ofstream owner(root / schema::kOwnerFile, std::ios::trunc);
  owner << owner_description() << '\n';
}

void abandon_database(std::unique_ptr<Xapian::WritableDatabase> db) {
  // Reachable from a static for the life of the process, so leak checkers do not report it.
  static std::mutex mutex;
  static auto* abandoned = new std::vector<std::unique_ptr<Xapian::WritableDatabase>>();
  std::lock_guard lock(mutex);
  abandoned->push_back(std::move(db));
}

IndexStore::~IndexStore() {
  std::error_code ec;
  fs::remove(fs::path(path_) / schema::kOwnerFile, ec);
}

int IndexStore::open_flags() const {
  // Bulk builds skip fsync at each commit; sync_to_disk() makes the end of the run durable.
  // A kill -9 loses nothing either way (the page cache survives it); only a machine crash
  // mid-run can lose commits since the last sync, which --durable prevents.
  // DB_OPEN: shards are created only with the layout; a missing one is damage to report, never
  // to paper over with an empty shard (that would silently lose its passages).
  return Xapian::DB_OPEN | (durable_ ? 0 : Xapian::DB_NO_SYNC);
}

void IndexStore::open_meta(const StoreOptions& options) {
  const std::string meta_path = (fs::path(path_) / schema::kMetaDir).string();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(options.wait_lock_seconds);
  for (;;) {
    try {
      meta_ = std::make_unique<Xapian::WritableDatabase>(meta_path, Xapian::DB_CREATE_OR_OPEN | (durable_ ? 0 : Xapian::DB_NO_SYNC));
      // Xapian 1.4 can corrupt its heap when it writes into a damaged table (seen with
      // valgrind on an overwritten meta postlist). The meta database is small (metadata only),
      // so check it before writing anything; shards are too big to check on every run
      // (dossier-index --check does).
      std::ostringstream details;
      // Unless meta is byte for byte what the last run checked and sealed (common/meta_seal.h).
      const std::size_t errors = meta_sealed(path_, meta_path) ? 0 : Xapian::Database::check(meta_path, 0, &details);
      if (errors > 0) {
        meta_.reset();
        throw DatabaseError(meta_path + ": damaged (" + std::to_string(errors) +
                            " errors in Xapian's check; it holds the manifest, which --repair cannot rebuild): index the sources into a "
                            "new database (dossier-index --db NEW.db PATH...) and use that one");
      }
      return;
    } catch (const Xapian::DatabaseLockError&) {
      if (std::chrono::steady_clock::now() >= deadline) {
        std::ifstream owner(fs::path(path_) / schema::kOwnerFile);
        std::string who;
        std::getline(owner, who);
        throw DatabaseError(path_ + ": database is locked by another indexer" + (who.empty() ? "" : " (" + who + ")") +
                            (options.wait_lock_seconds > 0 ? "; gave up waiting" : "; use --wait-lock to wait for it"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } catch (const Xapian::Error& e) {
      throw DatabaseError(meta_path + ": cannot open for writing: " + e.get_description());
    }
  }
}

// Only "auto meta" and "auto shard-NNN" lines: a stub naming anything else (another path,
// "../x", a remote) is not one this indexer wrote, and it must never write outside DIR.
static bool valid_stub_entry(const std::string& kind, const std::string& name) {
  if (kind != "auto") return false;
  if (name == schema::kMetaDir) return true;
  return name.size() > 6 && name.compare(0, 6, "shard-") == 0 &&
         std::all_of(name.begin() + 6, name.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

void IndexStore::read_stub() {
  std::ifstream stub(fs::path(path_) / schema::kStubFile);
  std::string kind, name;
  while (stub >> kind >> name) {
    if (!valid_stub_entry(kind, name)) {
      throw DatabaseError(path_ + "/" + std::string(schema::kStubFile) + ": unexpected entry '" + kind + " " + name +
                          "' (a Dossier stub lists only meta and shard-NNN)");
    }
    if (name != schema::kMetaDir) shard_paths_.push_back((fs::path(path_) / name).string());
  }
  if (shard_paths_.empty()) throw DatabaseError(path_ + ": stub file lists no shards");
  // Not checked here: a database of an earlier format has none, and is refused with its format
  // version (Indexer); a missing one of this format fails to open for writing (ShardWriters).
  article_paths_ = article_paths_of(path_, shard_paths_.size());
}

void IndexStore::create_layout(std::size_t shards) {
  created_ = true;
  const std::string database_id = new_database_id();
  // A creation killed before the stub leaves some parts behind: when no run has ever committed
  // (meta records no gazetteer version, so no manifest either) they hold nothing and are
  // created again; otherwise (a stub lost later) creating over them fails, as it always has.
  const bool unused = meta_->get_metadata(std::string(schema::kMetaGazetteerVersion)).empty();
  const int create = (unused ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE) | (durable_ ? 0 : Xapian::DB_NO_SYNC);
  std::string stub = "auto " + std::string(schema::kMetaDir) + "\n";
  for (std::size_t i = 0; i < shards; ++i) {
    const std::string name = schema::shard_dir_name(i);
    const std::string shard = (fs::path(path_) / name).string();
    try {
      // Each shard says which database it belongs to and which shard it is, so that a cluster
      // description (searcher/cluster.h) naming a wrong or repeated shard is refused.
      Xapian::WritableDatabase db(shard, create);
      db.set_metadata(std::string(schema::kMetaShardIdentity), schema::shard_identity(database_id, i, shards));
      db.commit();
    } catch (const Xapian::Error& e) {
      throw DatabaseError(shard + ": cannot create: " + e.get_description());
    }
    shard_paths_.push_back(shard);
    stub += "auto " + name + "\n";
  }
  // The article shards too exist before the stub: every database with a stub has them.
  for (const std::string& articles : article_paths_of(path_, shards)) {
    try {
      Xapian::WritableDatabase(articles, create).commit();
    } catch (const Xapian::Error& e) {
      throw DatabaseError(articles + ": cannot create: " + e.get_description());
    }
    article_paths_.push_back(articles);
  }
  meta_->set_metadata(std::string(schema::kMetaShardCount), std::to_string(shards));
  meta_->set_metadata(std::string(schema::kMetaDatabaseId), database_id);
  meta_->set_metadata(std::string(schema::kMetaFormatVersion), std::to_string(schema::kFormatVersion));
  meta_->commit();
  // The stub appears last and atomically: a directory without it is an unfinished creation.
  const fs::path temporary = fs::path(path_) / (std::string(schema::kStubFile) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << stub;
    if (!out) throw DatabaseError(errno_message(temporary.string()));
  }
  std::error_code ec;
  fs::rename(temporary, fs::path(path_) / schema::kStubFile, ec);
  if (ec) throw DatabaseError(path_ + ": cannot write the stub file: " + ec.message());
}

namespace {

fs::path with_suffix(const std::string& shard, const std::string& suffix) { return fs::path(shard + suffix); }

}  // namespace

std::vector<std::string> IndexStore::parts() const {
  std::vector<std::string> parts = shard_paths_;
  parts.insert(parts.end(), article_paths_.begin(), article_paths_.end());
  return parts;
}

void IndexStore::finish_interrupted_compaction() const {
  for (const std::string& shard : parts()) {
    const fs::path compacting = with_suffix(shard, ".compacting"), old = with_suffix(shard, ".old");
    std::error_code ec;
    if (fs::exists(shard, ec)) {
      fs::remove_all(compacting, ec);  // a compaction that never got to the swap
      fs::remove_all(old, ec);         // a swap that got to its last step
      continue;
    }
    // The shard was moved aside only after its compacted copy was complete: finish the swap; or,
    // with no compacted copy (moved by hand?), put the old shard back.
    if (fs::exists(compacting, ec) && fs::exists(old, ec)) {
      fs::rename(compacting, shard, ec);
      if (!ec) fs::remove_all(old, ec);
    } else if (fs::exists(old, ec)) {
      fs::rename(old, shard, ec);
    }
    if (ec) throw DatabaseError(shard + ": cannot finish an interrupted compaction: " + ec.message());
  }
}

void IndexStore::compact_shards(std::size_t jobs) const {
  const std::vector<std::string> shards = parts();
  std::vector<std::exception_ptr> errors(shards.size());
  const auto compact_one = [&](std::size_t i) {
    const std::string& shard = shards[i];
    const fs::path compacting = with_suffix(shard, ".compacting"), old = with_suffix(shard, ".old");
    try {
      std::error_code ec;
      fs::remove_all(compacting, ec);
      Xapian::Database(shard).compact(compacting.string(), Xapian::DBCOMPACT_NO_RENUMBER);
      fs::rename(shard, old);
      fs::rename(compacting, shard);
      fs::remove_all(old);
    } catch (const Xapian::Error& e) {
      errors[i] = std::make_exception_ptr(DatabaseError(shard + ": compaction failed: " + e.get_description()));
    } catch (const fs::filesystem_error& e) {
      errors[i] = std::make_exception_ptr(DatabaseError(shard + ": compaction failed: " + e.code().message()));
    }
  };
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < std::max<std::size_t>(1, std::min(jobs, shards.size())); ++w) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < shards.size(); i = next++) compact_one(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

void IndexStore::seal_meta() const {
  const std::string meta_path = (fs::path(path_) / schema::kMetaDir).string();
  try {
    std::ostringstream details;
    if (Xapian::Database::check(meta_path, 0, &details) != 0) return;  // no seal: every reader checks, and reports
  } catch (const Xapian::Error&) {
    return;
  }
  write_meta_seal(path_, meta_seal_of(meta_path));
}

void IndexStore::sync_to_disk() const {
  for (const auto& item : fs::recursive_directory_iterator(path_)) {
    // The watch file is dossier-watch's, written durably by it and replaced (renamed over)
    // whenever it likes, without the indexer's lock: never the indexer's to sync, and a
    // temporary of it may vanish between the walk and the open.
    const std::string name = item.path().filename().string();
    if (name.rfind(kWatchFile, 0) == 0 || name == kWatchLockFile) continue;
    if (item.is_regular_file() && name != schema::kOwnerFile) fsync_path(item.path(), false, true);
    if (item.is_directory()) fsync_path(item.path(), true);
  }
  fsync_path(path_, true);
}

namespace {

// Errors Xapian's check finds in one part (a part it cannot even open counts as one).
std::size_t check_part(const std::string& part, std::ostream& out) {
  std::error_code ec;
  if (!fs::exists(part, ec)) {
    out << part << ": missing\n";
    return 1;
  }
  std::ostringstream details;
  try {
    const std::size_t found = Xapian::Database::check(part, 0, &details);
    out << part << ": " << (found == 0 ? "ok" : std::to_string(found) + " errors") << '\n';
    if (found > 0) out << details.str();
    return found;
  } catch (const Xapian::Error& e) {
    out << part << ": " << e.get_description() << '\n';
    return 1;
  }
}

}  // namespace

std::vector<std::size_t> IndexStore::damaged_shards(std::ostream& out) const {
  std::vector<std::size_t> damaged;
  for (std::size_t s = 0; s < shard_paths_.size(); ++s) {
    const std::size_t errors = check_part(shard_paths_[s], out) + check_part(article_paths_[s], out);
    if (errors > 0) damaged.push_back(s);
  }
  return damaged;
}

std::vector<std::string> IndexStore::replace_shard(std::size_t s) {
  const std::string database_id = meta_->get_metadata(std::string(schema::kMetaDatabaseId));
  std::vector<std::string> moved;
  for (const std::string& part : {shard_paths_.at(s), article_paths_.at(s)}) {
    std::error_code ec;
    if (fs::exists(part, ec)) {
      fs::path aside = with_suffix(part, ".damaged");
      for (int k = 2; fs::exists(aside, ec); ++k) aside = with_suffix(part, ".damaged-" + std::to_string(k));
      fs::rename(part, aside, ec);
      if (ec) throw DatabaseError(part + ": cannot move the damaged shard aside: " + ec.message());
      moved.push_back(aside.string());
    }
  }
  const int create = Xapian::DB_CREATE | (durable_ ? 0 : Xapian::DB_NO_SYNC);
  try {
    Xapian::WritableDatabase shard(shard_paths_[s], create);
    shard.set_metadata(std::string(schema::kMetaShardIdentity), schema::shard_identity(database_id, s, shard_paths_.size()));
    shard.commit();
    Xapian::WritableDatabase(article_paths_[s], create).commit();
  } catch (const Xapian::Error& e) {
    throw DatabaseError(shard_paths_[s] + ": cannot create it again: " + e.get_description());
  }
  return moved;
}

std::size_t IndexStore::check(const std::string& path, std::ostream& out) {
  std::vector<std::string> parts{(fs::path(path) / schema::kMetaDir).string()};
  std::ifstream stub(fs::path(path) / schema::kStubFile);
  if (!stub) throw DatabaseError(path + ": no " + std::string(schema::kStubFile) + " file: not a Dossier database");
  std::string kind, name;
  std::size_t shards = 0;
  while (stub >> kind >> name) {
    if (name == schema::kMetaDir) continue;
    parts.push_back((fs::path(path) / name).string());
    ++shards;
  }
  for (std::string& articles : article_paths_of(path, shards)) parts.push_back(std::move(articles));
  std::size_t errors = 0;
  for (const std::string& part : parts) errors += check_part(part, out);
  return errors;
}

}  // namespace dossier
