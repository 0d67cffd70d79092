#include "indexer/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <tuple>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/entity_index.h"
#include "common/entity_table.h"
#include "common/schema.h"
#include "common/similarity.h"
#include "common/terminal.h"
#include "indexer/article_owners.h"
#include "indexer/copy_groups.h"
#include "indexer/dump_run.h"
#include "indexer/format_upgrade.h"
#include "indexer/index_store.h"
#include "indexer/input_files.h"
#include "indexer/manifest.h"
#include "indexer/progress.h"
#include "indexer/run_base.h"
#include "indexer/shard_writers.h"
#include "indexer/summary.h"

#ifndef DOSSIER_DEFAULT_GAZETTEER_DIR
#define DOSSIER_DEFAULT_GAZETTEER_DIR "corpus/gazetteers"
#endif

namespace dossier {

namespace fs = std::filesystem;

namespace {

struct FileStat {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

FileStat stat_file(const std::string& path) {
  FileStat stat;
  std::error_code ec;
  stat.size = fs::file_size(path, ec);
  const auto mtime = fs::last_write_time(path, ec);
  if (!ec) stat.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  return stat;
}

bool under(const std::string& path, const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    if (path == root) return true;
    if (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/') return true;
  }
  return false;
}

// Indexing into the sharded database, incrementally.
class IndexRun : public RunBase {
 public:
  IndexRun(const IndexerOptions& options, std::ostream& err)
      : RunBase(options, err), progress_(err, options.progress_terminal, options.quiet, options.width) {
    live_ = &progress_;
  }

  IndexSummary execute() {
    const auto started = Clock::now();
    StoreOptions store_options;
    store_options.path = options_.db_path;
    store_options.shards = options_.shards > 0 ? options_.shards : options_.jobs;
    store_options.wait_lock_seconds = options_.wait_lock_seconds;
    store_options.durable_commits = options_.durable;
    store_ = std::make_unique<IndexStore>(store_options);
    summary_.shards = store_->shard_paths().size();
    check_versions();
    manifest_ = load_manifest(store_->meta());
    owners_ = std::make_unique<ArticleOwners>(manifest_);
    copies_ = std::make_unique<CopyGroups>(store_->meta());

    if (options_.repair) repair_damaged_shards();  // before the writers open the shards

    WriterSetup setup;
    setup.shard_paths = store_->shard_paths();
    setup.article_paths = store_->article_paths();
    setup.open_flags = store_->open_flags();
    setup.jobs = std::max<std::size_t>(1, options_.jobs);
    setup.gazetteer = &gazetteer_;
    setup.matcher = matcher_.get();
    writers_ = std::make_unique<ShardWriters>(setup);

    InputScan scan = scan_inputs(options_.inputs);
    for (const auto& error : scan.errors) report_skipped(error);
    note_ignored(scan.ignored, scan.notes);
    unlisted_ = scan.unlisted;
    if (options_.repair) add_repair_files(scan.files);
    std::vector<FileStat> stats;
    for (const InputFile& file : scan.files) {
      stats.push_back(stat_file(file.path));
      counts_.bytes_total += stats.back().size;
    }
    counts_.files_total = scan.files.size();
    last_commit_ = Clock::now();
    for (std::size_t i = 0; i < scan.files.size(); ++i) index_file(scan.files[i], stats[i]);
    if (!options_.no_delete) delete_removed_files();
    commit();
    // The entity index (common/entity_index.h), once per run: commits that changed the tables
    // removed it, and a run killed before this point leaves readers parsing the tables.
    commit_meta([&](Xapian::WritableDatabase& meta) {
      if (!entity_index_current(meta)) write_entity_index(meta, read_entity_tables(meta));
      // After every shard's last commit: a reader that sees this number sees all the run wrote.
      meta.set_metadata(std::string(schema::kMetaRun), std::to_string(summary_.run));
    });
    writers_->finish();
    const WriterStats stats_total = writers_->stats();
    // A compaction is marked pending before it starts and done after it: a run killed half-way
    // through leaves it pending, and the next --compact run redoes it even if nothing changed.
    const std::string kCompactPending(schema::kMetaCompactPending);
    const bool pending = !store_->meta().get_metadata(kCompactPending).empty();
    if (options_.compact && (pending || stats_total.added + stats_total.replaced + stats_total.deleted > 0)) {
      const auto compact_start = Clock::now();
      set_meta_and_commit(kCompactPending, "1");
      store_->compact_shards(options_.jobs);
      set_meta_and_commit(kCompactPending, "");
      summary_.compact_seconds = since(compact_start);
    } else if (pending && !options_.quiet) {
      message() << "dossier-index: note: a compaction was interrupted; run with --compact to finish it\n";
    }
    store_->seal_meta();
    const auto sync_start = Clock::now();
    store_->sync_to_disk();
    summary_.sync_seconds = since(sync_start);
    progress_.finish();

    summary_.articles_added = stats_total.added;
    summary_.articles_replaced = stats_total.replaced;
    summary_.articles_deleted = stats_total.deleted;
    summary_.passages = stats_total.passages;
    summary_.copies_joined = copies_->joined();
    summary_.tag_seconds = stats_total.tag_seconds;
    summary_.write_seconds = stats_total.write_seconds;
    summary_.commit_seconds = stats_total.commit_seconds;
    summary_.seconds = since(started);
    return summary_;
  }

 private:
  void check_versions() {
    Xapian::WritableDatabase& meta = store_->meta();
    const std::string format = meta.get_metadata(std::string(schema::kMetaFormatVersion));
    if ((format == "7" || format == "8") && schema::kFormatVersion == 9) {
      // Format 8 adds run stamps: passages already written have none and count as run 0,
      // written before any watch. Format 9 marks the passages that are their article's only
      // one: marked here, in every shard, before meta says 9 (a reader that sees 9 sees the
      // marks; one killed halfway leaves 7 or 8, and the next run marks again). Upgraded before
      // anything is written.
      const std::size_t marked = mark_only_passages(store_->shard_paths(), store_->open_flags());
      set_meta_and_commit(std::string(schema::kMetaFormatVersion), std::to_string(schema::kFormatVersion));
      summary_.upgraded = true;
      if (!options_.quiet) {
        message() << "dossier-index: note: index format " << format << " upgraded to 9 in place ("
                  << (format == "7" ? "passages written from now on carry their indexing run, for dossier-watch; " : "")
                  << "passages that are their article's only one marked: " << marked << "; nothing is indexed again)\n";
      }
    } else if (format != std::to_string(schema::kFormatVersion)) {
      throw DatabaseError(options_.db_path + ": index format version " + (format.empty() ? "unknown" : format) +
                          ", this dossier-index writes version " + std::to_string(schema::kFormatVersion) +
                          "; remove the directory and index again");
    }
    const bool same_gazetteer = meta.get_metadata(std::string(schema::kMetaGazetteerVersion)) == gazetteer_.version;
    const bool same_extractor = meta.get_metadata(std::string(schema::kMetaExtractorVersion)) == std::to_string(schema::kExtractorVersion);
    // A database that has never been committed to has no versions yet: nothing to re-tag.
    const bool empty = meta.get_metadata(std::string(schema::kMetaGazetteerVersion)).empty();
    summary_.retagged = !empty && (!same_gazetteer || !same_extractor);
    // A killed run never wrote kMetaRun: the next one takes its number and completes it.
    summary_.run = schema::parse_run(meta.get_metadata(std::string(schema::kMetaRun))) + 1;
    if (summary_.retagged && !options_.quiet) {
      message() << "dossier-index: note: the " << (same_gazetteer ? "extractor" : "gazetteer")
           << " changed since the last run: every article is tagged again\n";
    }
  }

  void index_file(const InputFile& scanned, const FileStat& stat) {
    if (scanned.standard_input) {
      index_stream(scanned);
      return;
    }
    const auto old = manifest_.find(scanned.canonical);
    const bool known = old != manifest_.end();
    seen_.insert(scanned.canonical);
    const bool retry = options_.retry_failed && known && old->second.problems > 0;
    if (known && !summary_.retagged && !retry && old->second.size == stat.size && old->second.mtime_ns == stat.mtime_ns) {
      ++summary_.files_unchanged;
      summary_.articles_unchanged += old->second.articles.size();
      finish_file(stat.size);
      return;
    }
    InputFile file = scanned;
    file.id_base = owners_->choose_base(scanned, known ? &old->second : nullptr);
    if (file.id_base != scanned.id_base && !options_.quiet && (!known || old->second.id_base != file.id_base)) {
      message() << "dossier-index: note: " << sanitise_for_terminal(file.path) << ": default id '" << sanitise_for_terminal(file.id_base)
           << "' (another file already has '" << sanitise_for_terminal(scanned.id_base) << "')\n";
    }
    ManifestDiff diff(known ? &old->second : nullptr);
    ManifestEntry entry;
    entry.path = file.canonical;
    entry.size = stat.size;
    entry.mtime_ns = stat.mtime_ns;
    entry.id_base = file.id_base;
    const std::size_t problems_before = summary_.skipped;
    ++summary_.files_read;
    const auto read_start = Clock::now();
    double handed_over = 0;  // time blocked on full worker queues is not reading
    // Ids another file lists too, by that file: one warning per file, not one per article.
    std::map<std::string, std::tuple<std::size_t, std::string, std::string>> shared_ids;
    read_file(file, [&](Article&& article) {
      const std::string id = article.meta.id;
      const bool same_hash = diff.note(id, article.source_hash, summary_.run);  // always: the entry lists every article
      const bool unchanged = !summary_.retagged && same_hash;
      article.run = diff.last_run();  // re-tagged unchanged text keeps the run that wrote it
      const auto [earlier, first] = ids_this_run_.emplace(id, &scanned.canonical);
      if (!first) {
        report_warning(InputError(article.origin, 0, "article id '" + id + "' seen earlier in this run" +
                                                         (*earlier->second != file.canonical ? " in " + *earlier->second : std::string()) +
                                                         "; this one replaces it"));
        earlier->second = &scanned.canonical;
      } else if (const std::string* other = owners_->other_owner(id, file.canonical); other && !owners_->owns(id, file.canonical)) {
        auto& [count, first_origin, first_id] = shared_ids[*other];
        if (count++ == 0) {
          first_origin = article.origin;
          first_id = id;
        }
      }
      if (unchanged) {
        ++summary_.articles_unchanged;
        return;
      }
      handed_over += hand_over(std::move(article));
    });
    summary_.read_seconds += since(read_start) - handed_over;
    for (const auto& [other, shared] : shared_ids) {
      const auto& [count, origin, id] = shared;
      report_warning(InputError(origin, 0, "article id '" + id + "'" +
                                               (count > 1 ? " and " + std::to_string(count - 1) + " more are" : std::string(" is")) +
                                               " also in " + other + "; these copies replace those (removing either file keeps the other's)"));
    }
    entry.articles = diff.take_articles();
    entry.problems = summary_.skipped - problems_before;
    std::vector<ManifestArticle> removed = diff.removed_articles();
    if (entry.problems > 0 && !removed.empty()) {
      // A file that did not read cleanly (unreadable, truncated, a malformed line) is no proof
      // that its missing articles were removed: they stay, listed, until it reads cleanly.
      if (!options_.quiet) {
        message() << "dossier-index: note: " << sanitise_for_terminal(file.path) << ": " << removed.size()
             << " articles not read from it this time are kept until it reads without errors\n";
      }
      entry.articles.insert(entry.articles.end(), removed.begin(), removed.end());
      removed.clear();
    }
    owners_->update(entry, known ? old->second.articles : std::vector<ManifestArticle>{});
    for (const auto& article : removed) remove_article(article.id, file.canonical);
    pending_.push_back(std::move(entry));
    finish_file(stat.size);
    summary_.bytes_read += stat.size;
    commit_when_due();
  }

  // An article read goes to the writers (send()), counted; returns the seconds spent blocked on
  // full worker queues (not reading).
  double hand_over(Article&& article) {
    counts_.articles += 1;
    counts_.passages += article.passages.size();
    passages_since_commit_ += article.passages.size();
    const auto hand_start = Clock::now();
    send(std::move(article));
    const double blocked = since(hand_start);
    progress_.update(counts_);
    return blocked;
  }

  void commit_when_due() {
    if (passages_since_commit_ >= options_.commit_every || since(last_commit_) >= options_.commit_seconds) commit();
  }

  // Standard input: every article is written (there is no earlier reading to compare with), and
  // no manifest entry is kept (indexer/input_files.h).
  void index_stream(const InputFile& stream) {
    ++summary_.files_read;
    const auto read_start = Clock::now();
    double handed_over = 0;
    read_file(stream, [&](Article&& article) {
      const auto [earlier, first] = ids_this_run_.emplace(article.meta.id, &stream.canonical);
      if (!first) {
        report_warning(InputError(article.origin, 0, "article id '" + article.meta.id + "' seen earlier in this run; this one replaces it"));
        earlier->second = &stream.canonical;
      }
      article.run = summary_.run;
      handed_over += hand_over(std::move(article));
    });
    summary_.read_seconds += since(read_start) - handed_over;
    finish_file(0);
    commit_when_due();
  }

  // An article that the file at path no longer has: deleted, unless another file still lists
  // its id; then that file's copy is written again (it may be the copy the database holds, or
  // the one it held before path's replaced it).
  void remove_article(const std::string& id, const std::string& path) {
    const std::string* other = owners_->other_owner(id, path);
    if (other == nullptr) {
      send_removal(id);
      return;
    }
    const std::string survivor = *other;
    if (!options_.quiet) {
      message() << "dossier-index: note: article id '" << sanitise_for_terminal(id) << "' is gone from " << sanitise_for_terminal(path)
           << " but still in " << sanitise_for_terminal(survivor) << ": that copy is kept\n";
    }
    const auto format = format_for_path(survivor);
    if (!format) return;  // listed by a file of an article type when it was read: cannot happen
    const InputFile source{survivor, *format, owners_->base_of(survivor), survivor};
    bool found = false;
    const std::size_t problems_before = summary_.skipped;
    read_file(source, [&](Article&& article) {
      if (article.meta.id != id) return;
      found = true;
      article.run = summary_.run;  // written again from another file: new to its readers
      counts_.passages += article.passages.size();
      passages_since_commit_ += article.passages.size();
      send(std::move(article));
    });
    // The survivor changed since it was read and lost the article too (its own turn in this or a
    // later run will drop its claim): nothing left to keep. If it could not be read, the copy
    // in the database stays.
    if (!found && summary_.skipped == problems_before) send_removal(id);
  }

  // Every article goes to the writers through here: labelled with its copy group first, in the
  // order read (indexer/copy_groups.h), so that the labels never depend on the writer threads.
  void send(Article&& article) {
    const auto start = Clock::now();
    article.copy_group = copies_->assign(article.meta.id, copy_key(article, normaliser_));
    summary_.copies_seconds += since(start);
    writers_->index(std::move(article));
  }

  void send_removal(const std::string& id) {
    copies_->remove(id);
    writers_->remove(id);
  }

  void set_meta_and_commit(const std::string& key, const std::string& value) {
    commit_meta([&](Xapian::WritableDatabase& meta) { meta.set_metadata(key, value); });
  }

  // Writes to the meta database and commits; a failure gives the meta database up, so that its
  // destructor never commits again (it stays at its last commit).
  template <typename Write>
  void commit_meta(Write&& write) {
    Xapian::WritableDatabase& meta = store_->meta();
    try {
      write(meta);
      meta.commit();
    } catch (const Xapian::Error& e) {
      store_->abandon_meta();
      throw DatabaseError(options_.db_path + ": commit failed: " + e.get_description());
    }
  }

  // --repair: each damaged shard (and its article shard) is moved aside and created again
  // empty; every article the manifest routes to it is marked changed (hash 0), and its file
  // as unread, so that the run reads those files and writes the articles back.
  void repair_damaged_shards() {
    std::ostringstream details;
    const std::vector<std::size_t> damaged = store_->damaged_shards(details);
    if (damaged.empty()) {
      if (!options_.quiet) message() << "dossier-index: note: every shard passes the check; nothing to repair\n";
      return;
    }
    const std::set<std::size_t> rebuilding(damaged.begin(), damaged.end());
    const std::size_t shard_count = store_->shard_paths().size();
    for (const std::size_t s : damaged) {
      const std::vector<std::string> moved = store_->replace_shard(s);
      summary_.rebuilt.push_back(store_->shard_paths()[s]);
      summary_.damaged_copies.insert(summary_.damaged_copies.end(), moved.begin(), moved.end());
      message() << "dossier-index: note: " << sanitise_for_terminal(store_->shard_paths()[s])
           << " failed the check: rebuilding it from its sources (the damaged copy is kept as "
           << sanitise_for_terminal(moved.empty() ? std::string("nothing: it was missing") : moved.front()) << ")\n";
    }
    for (auto& [path, entry] : manifest_) {
      bool touched = false;
      for (ManifestArticle& article : entry.articles) {
        if (rebuilding.count(schema::shard_for(article.id, shard_count)) == 0) continue;
        article.hash = 0;
        touched = true;
      }
      if (!touched) continue;
      entry.mtime_ns = -1;
      repair_paths_.push_back(path);
    }
  }

  // The files to read for --repair that the command line did not name (all of them without
  // PATHs), with the id bases they were given when first indexed.
  void add_repair_files(std::vector<InputFile>& files) {
    std::set<std::string> named;
    for (const InputFile& file : files) named.insert(file.canonical);
    for (const std::string& path : repair_paths_) {
      if (named.count(path) > 0) continue;
      const auto format = format_for_path(path);
      if (!format) continue;
      std::string base = owners_->base_of(path);
      if (base.empty()) base = fs::path(path).stem().string();
      files.push_back(InputFile{path, *format, base, path});
    }
  }

  void finish_file(std::uint64_t bytes) {
    ++counts_.files_done;
    counts_.bytes_done += bytes;
    progress_.update(counts_);
  }

  void delete_removed_files() {
    std::vector<std::string> roots;
    for (const std::string& input : options_.inputs) {
      if (input != kStandardInputArgument) roots.push_back(canonical_path(input));
    }
    for (const auto& [path, entry] : manifest_) {
      if (seen_.count(path) > 0 || !under(path, roots)) continue;
      // Under a folder that could not be listed, or present but no longer matched (a renamed
      // extension), or not checkable (a folder without search permission): kept.
      if (under(path, unlisted_) || !is_gone(path)) continue;
      ++summary_.files_removed;
      owners_->release(path, entry.articles, entry.id_base);
      for (const auto& article : entry.articles) remove_article(article.id, path);
      removed_keys_.push_back(manifest_key(path));
    }
  }

  // Shards first, then the manifest that describes them: a kill between the two leaves files
  // that will simply be read again, never a manifest that promises passages not on disk.
  void commit() {
    writers_->commit_all();
    commit_meta([&](Xapian::WritableDatabase& meta) {
      // New discovered entities join the table of those found before (never removed: an id
      // whose articles are gone only keeps a display name).
      ShardWriters::Tagged tagged = writers_->take_tagged();
      if (!tagged.discovered.empty()) {
        if (!discovered_) discovered_ = parse_discovered(meta.get_metadata(std::string(schema::kMetaDiscovered)));
        const std::size_t before = discovered_->size();
        discovered_->merge(tagged.discovered);
        if (discovered_->size() != before) {
          meta.set_metadata(std::string(schema::kMetaDiscovered), encode_discovered(*discovered_, normaliser_));
          invalidate_entity_index(meta);  // written again by the run's last commit
        }
      }
      // The entity table: the entries mentioned so far, by this run and the earlier ones, so
      // that it grows with the archive, not with the gazetteer. Entries of earlier runs stay
      // even when a changed gazetteer re-tags everything: a run killed half-way would otherwise
      // leave the articles it had not reached yet without their names.
      if (!used_) used_ = entity_table_keys(meta.get_metadata(std::string(schema::kMetaEntityTable)));
      const std::size_t used_before = used_->size();
      used_->merge(tagged.used);
      if (used_->size() != used_before || !versions_written_) {
        // The first commit writes it whatever changed (a new gazetteer renames entries); the
        // entity index is rebuilt only when the table is not what it was.
        const std::string key(schema::kMetaEntityTable);
        const std::string table = encode_entity_table(gazetteer_, normaliser_, &*used_);
        if (used_->size() != used_before || table != meta.get_metadata(key)) {
          meta.set_metadata(key, table);
          invalidate_entity_index(meta);
        }
      }
      for (const ManifestEntry& entry : pending_) meta.set_metadata(manifest_key(entry.path), encode_manifest(entry));
      copies_->write(meta);  // the copy index of the articles the shards have just committed
      for (const std::string& key : removed_keys_) meta.set_metadata(key, "");
      if (!versions_written_) {
        meta.set_metadata(std::string(schema::kMetaGazetteerVersion), gazetteer_.version);
        meta.set_metadata(std::string(schema::kMetaExtractorVersion), std::to_string(schema::kExtractorVersion));
        versions_written_ = true;
      }
    });
    pending_.clear();
    removed_keys_.clear();
    passages_since_commit_ = 0;
    last_commit_ = Clock::now();
  }

  Progress progress_;
  ProgressCounts counts_;
  std::unique_ptr<IndexStore> store_;
  std::unique_ptr<ShardWriters> writers_;
  std::map<std::string, ManifestEntry> manifest_;
  std::set<std::string> seen_;
  // id -> the file it was last read from (the scan's canonical path, alive for the whole run)
  std::unordered_map<std::string, const std::string*> ids_this_run_;
  std::unique_ptr<ArticleOwners> owners_;
  std::unique_ptr<CopyGroups> copies_;
  std::vector<std::string> unlisted_;  // folders the scan could not list (canonical)
  std::vector<std::string> repair_paths_;  // --repair: files with articles in a rebuilt shard
  std::vector<ManifestEntry> pending_;
  std::vector<std::string> removed_keys_;
  std::size_t passages_since_commit_ = 0;
  Clock::time_point last_commit_;
  bool versions_written_ = false;
  std::optional<DiscoveredEntities> discovered_;
  std::optional<std::set<std::string>> used_;  // keys of the entity table, read at the first commit that needs it
};

}  // namespace

std::string default_gazetteer_dir() { return DOSSIER_DEFAULT_GAZETTEER_DIR; }

Indexer::Indexer(IndexerOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {}

IndexSummary Indexer::run() {
  if (options_.inputs.empty() && !options_.repair) throw UsageError("no input paths given");
  IndexSummary summary;
  if (options_.dump_passages) {
    summary = DumpRun(options_, out_, err_).execute();
  } else {
    summary = IndexRun(options_, err_).execute();
    // Once the run has let the database go: the watches search it as any reader would.
    if (options_.count_watches) {
      try {
        summary.watches = options_.count_watches(options_.db_path);
      } catch (const std::exception& e) {
        summary.watches_error = e.what();  // the run's work is done and committed: a warning only
      }
    }
  }
  if (!options_.report_path.empty()) {
    std::ofstream report(options_.report_path, std::ios::trunc);
    report << summary_json(summary, options_) << '\n';
    if (!report) throw Error(errno_message(options_.report_path) + " (writing the report)");
  }
  if (!options_.quiet || summary.skipped > 0) write_summary_line(err_, summary, options_);
  if (!options_.quiet || !summary.watches_error.empty()) write_watch_lines(err_, summary);
  return summary;
}

}  // namespace dossier
