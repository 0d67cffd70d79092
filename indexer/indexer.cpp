#include "indexer/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"
#include "common/terminal.h"
#include "indexer/index_store.h"
#include "indexer/input_files.h"
#include "indexer/manifest.h"
#include "indexer/progress.h"
#include "indexer/shard_writers.h"
#include "indexer/tagging.h"

#ifndef DOSSIER_DEFAULT_GAZETTEER_DIR
#define DOSSIER_DEFAULT_GAZETTEER_DIR "corpus/gazetteers"
#endif

namespace dossier {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

constexpr std::size_t kMaxIdBytes = 200;

// The searcher resolves facet names and shows display names from this table, so it needs no
// gazetteer files of its own.
std::string entity_table_json(const Gazetteer& gazetteer, Normaliser& normaliser) {
  nlohmann::json table = nlohmann::json::object();
  for (const auto& file : gazetteer.files) {
    for (const auto& entry : file.entries) {
      nlohmann::json names = nlohmann::json::array();
      names.push_back(normaliser.fold_phrase(entry.name));
      for (const auto& name : entry.names) {
        std::string folded = normaliser.fold_phrase(name.text);
        if (std::find(names.begin(), names.end(), folded) == names.end()) names.push_back(std::move(folded));
      }
      table[std::string(schema::facet_name(entry.facet))][entry.id] = {
          {"name", entry.name}, {"parent", entry.category}, {"type", entry.type}, {"affiliation", entry.affiliation},
          {"names", std::move(names)}};
    }
  }
  return table.dump();
}

struct FileStat {
  std::string canonical;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

FileStat stat_file(const std::string& path) {
  FileStat stat;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  stat.canonical = ec ? path : canonical.string();
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

// The parts shared by both modes: messages, counts, the gazetteer.
class RunBase {
 public:
  RunBase(const IndexerOptions& options, std::ostream& err) : options_(options), err_(err) {
    const std::string dir = options.gazetteer_dir.empty() ? default_gazetteer_dir() : options.gazetteer_dir;
    gazetteer_ = load_gazetteer_dir(dir);
    matcher_ = std::make_unique<EntityMatcher>(gazetteer_, normaliser_);
  }

 protected:
  void report_skipped(const InputError& error) {
    ++summary_.skipped;
    summary_.problems.push_back({error.path(), error.line(), error.reason()});
    err_ << "dossier-index: error: " << sanitise_for_terminal(error.what()) << '\n';
  }

  void report_warning(const InputError& error) {
    ++summary_.warnings;
    if (!options_.quiet) err_ << "dossier-index: warning: " << sanitise_for_terminal(error.what()) << '\n';
  }

  void note_ignored(const std::vector<std::string>& ignored) {
    for (const auto& path : ignored) {
      ++summary_.files_ignored;
      if (!options_.quiet) {
        err_ << "dossier-index: note: " << sanitise_for_terminal(path)
             << ": not an article file (.txt, .jsonl, optionally .gz); ignored\n";
      }
    }
  }

  // Reads one file, calling on_article for every article that can be indexed.
  template <typename OnArticle>
  void read_file(const InputFile& file, OnArticle&& on_article) {
    ReadEvents events;
    events.article = [&](Article&& article) {
      if (article.meta.id.size() > kMaxIdBytes) {
        report_skipped(InputError(article.origin, 0, "article id longer than " + std::to_string(kMaxIdBytes) + " bytes"));
        return;
      }
      on_article(std::move(article));
    };
    events.skipped = [this](const InputError& error) { report_skipped(error); };
    events.warning = [this](const InputError& error) { report_warning(error); };
    if (file.format == InputFormat::Plain) {
      read_plain_file(file.path, file.id_base, options_.limits, events);
    } else {
      read_jsonl_file(file.path, file.id_base, options_.limits, events);
    }
  }

  const IndexerOptions& options_;
  std::ostream& err_;
  IndexSummary summary_;
  Normaliser normaliser_;
  Gazetteer gazetteer_;
  std::unique_ptr<EntityMatcher> matcher_;
};

// --dump-passages: tag and print, no database.
class DumpRun : public RunBase {
 public:
  DumpRun(const IndexerOptions& options, std::ostream& out, std::ostream& err) : RunBase(options, err), out_(out) {}

  IndexSummary execute() {
    const auto started = Clock::now();
    Tagger tagger(gazetteer_, *matcher_);
    InputScan scan = scan_inputs(options_.inputs);
    for (const auto& error : scan.errors) report_skipped(error);
    note_ignored(scan.ignored);
    for (const InputFile& file : scan.files) {
      ++summary_.files_read;
      read_file(file, [&](Article&& article) {
        tagger.tag(article);
        try {
          dump(article);
        } catch (const nlohmann::json::exception& e) {
          report_skipped(InputError(article.origin, 0, std::string("internal error encoding the passages: ") + e.what()));
        }
      });
    }
    summary_.seconds = since(started);
    return summary_;
  }

 private:
  void dump(const Article& article) {
    for (const Passage& passage : article.passages) {
      nlohmann::json entities = nlohmann::json::array();
      for (const auto& mention : passage.entities) entities.push_back(mention_json(mention));
      const nlohmann::json line = {{"article_id", article.meta.id},
                                   {"index", passage.index},
                                   {"text", passage.text},
                                   {"attribution", attribution_json(passage.attribution)},
                                   {"entities", std::move(entities)},
                                   {"affiliations", passage.affiliations},
                                   {"focus", article.meta.focus_countries},
                                   {"title", article.meta.title},
                                   {"date", article.meta.date},
                                   {"origin", article.origin}};
      out_ << escape_json_for_terminal(line.dump()) << '\n';
    }
    ++summary_.articles_added;
    summary_.passages += article.passages.size();
  }

  std::ostream& out_;
};

// Indexing into the sharded database, incrementally.
class IndexRun : public RunBase {
 public:
  IndexRun(const IndexerOptions& options, std::ostream& err)
      : RunBase(options, err), progress_(err, options.progress_terminal, options.quiet) {}

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

    WriterSetup setup;
    setup.shard_paths = store_->shard_paths();
    setup.open_flags = store_->open_flags();
    setup.jobs = std::max<std::size_t>(1, options_.jobs);
    setup.gazetteer = &gazetteer_;
    setup.matcher = matcher_.get();
    writers_ = std::make_unique<ShardWriters>(setup);

    InputScan scan = scan_inputs(options_.inputs);
    for (const auto& error : scan.errors) report_skipped(error);
    note_ignored(scan.ignored);
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
    writers_->finish();
    const WriterStats stats_total = writers_->stats();
    if (options_.compact && stats_total.added + stats_total.replaced + stats_total.deleted > 0) {
      const auto compact_start = Clock::now();
      store_->compact_shards(options_.jobs);
      summary_.compact_seconds = since(compact_start);
    }
    const auto sync_start = Clock::now();
    store_->sync_to_disk();
    summary_.sync_seconds = since(sync_start);
    progress_.finish();

    summary_.articles_added = stats_total.added;
    summary_.articles_replaced = stats_total.replaced;
    summary_.articles_deleted = stats_total.deleted;
    summary_.passages = stats_total.passages;
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
    if (format != std::to_string(schema::kFormatVersion)) {
      throw DatabaseError(options_.db_path + ": index format version " + (format.empty() ? "unknown" : format) +
                          ", this dossier-index writes version " + std::to_string(schema::kFormatVersion) +
                          "; remove the directory and index again");
    }
    const bool same_gazetteer = meta.get_metadata(std::string(schema::kMetaGazetteerVersion)) == gazetteer_.version;
    const bool same_extractor = meta.get_metadata(std::string(schema::kMetaExtractorVersion)) == std::to_string(kExtractorVersion);
    // A database that has never been committed to has no versions yet: nothing to re-tag.
    const bool empty = meta.get_metadata(std::string(schema::kMetaGazetteerVersion)).empty();
    summary_.retagged = !empty && (!same_gazetteer || !same_extractor);
    if (summary_.retagged && !options_.quiet) {
      err_ << "dossier-index: note: the " << (same_gazetteer ? "extractor" : "gazetteer")
           << " changed since the last run: every article is tagged again\n";
    }
  }

  void index_file(const InputFile& file, const FileStat& stat) {
    const auto old = manifest_.find(stat.canonical);
    const bool known = old != manifest_.end();
    seen_.insert(stat.canonical);
    const bool retry = options_.retry_failed && known && old->second.problems > 0;
    if (known && !summary_.retagged && !retry && old->second.size == stat.size && old->second.mtime_ns == stat.mtime_ns) {
      ++summary_.files_unchanged;
      summary_.articles_unchanged += old->second.articles.size();
      finish_file(stat.size);
      return;
    }
    std::unordered_map<std::string, std::uint64_t> previous;
    if (known) {
      for (const auto& article : old->second.articles) previous[article.id] = article.hash;
    }
    ManifestEntry entry;
    entry.path = stat.canonical;
    entry.size = stat.size;
    entry.mtime_ns = stat.mtime_ns;
    const std::size_t problems_before = summary_.skipped;
    ++summary_.files_read;
    const auto read_start = Clock::now();
    double handed_over = 0;  // time blocked on full worker queues is not reading
    read_file(file, [&](Article&& article) {
      const std::string id = article.meta.id;
      const auto found = previous.find(id);
      const bool unchanged = !summary_.retagged && found != previous.end() && found->second == article.source_hash;
      const auto listed = std::find_if(entry.articles.begin(), entry.articles.end(), [&](const ManifestArticle& a) { return a.id == id; });
      if (listed == entry.articles.end()) {
        entry.articles.push_back({id, article.source_hash});
      } else {
        listed->hash = article.source_hash;
      }
      if (!ids_this_run_.insert(id).second) {
        report_warning(InputError(article.origin, 0, "article id '" + id + "' seen earlier in this run; this one replaces it"));
      }
      if (unchanged) {
        ++summary_.articles_unchanged;
        return;
      }
      counts_.articles += 1;
      counts_.passages += article.passages.size();
      passages_since_commit_ += article.passages.size();
      const auto hand_start = Clock::now();
      writers_->index(std::move(article));
      handed_over += since(hand_start);
      progress_.update(counts_);
    });
    summary_.read_seconds += since(read_start) - handed_over;
    entry.problems = summary_.skipped - problems_before;
    // Articles the file no longer has.
    for (const auto& item : previous) {
      const std::string& id = item.first;  // clang 14 cannot capture a structured binding
      const bool kept = std::any_of(entry.articles.begin(), entry.articles.end(), [&](const ManifestArticle& a) { return a.id == id; });
      if (!kept) writers_->remove(id);
    }
    pending_.push_back(std::move(entry));
    finish_file(stat.size);
    summary_.bytes_read += stat.size;
    if (passages_since_commit_ >= options_.commit_every || since(last_commit_) >= options_.commit_seconds) commit();
  }

  void finish_file(std::uint64_t bytes) {
    ++counts_.files_done;
    counts_.bytes_done += bytes;
    progress_.update(counts_);
  }

  void delete_removed_files() {
    std::vector<std::string> roots;
    for (const std::string& input : options_.inputs) {
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(input, ec);
      roots.push_back(ec ? input : canonical.string());
    }
    for (const auto& [path, entry] : manifest_) {
      if (seen_.count(path) > 0 || !under(path, roots)) continue;
      std::error_code ec;
      if (fs::exists(path, ec)) continue;  // present but no longer matched (e.g. renamed extension): keep
      ++summary_.files_removed;
      for (const auto& article : entry.articles) writers_->remove(article.id);
      removed_keys_.push_back(manifest_key(path));
    }
  }

  // Shards first, then the manifest that describes them: a kill between the two leaves files
  // that will simply be read again, never a manifest that promises passages not on disk.
  void commit() {
    writers_->commit_all();
    Xapian::WritableDatabase& meta = store_->meta();
    try {
      for (const ManifestEntry& entry : pending_) meta.set_metadata(manifest_key(entry.path), encode_manifest(entry));
      for (const std::string& key : removed_keys_) meta.set_metadata(key, "");
      if (!versions_written_) {
        meta.set_metadata(std::string(schema::kMetaGazetteerVersion), gazetteer_.version);
        meta.set_metadata(std::string(schema::kMetaExtractorVersion), std::to_string(kExtractorVersion));
        meta.set_metadata(std::string(schema::kMetaEntityTable), entity_table_json(gazetteer_, normaliser_));
        versions_written_ = true;
      }
      meta.commit();
    } catch (const Xapian::Error& e) {
      throw DatabaseError(options_.db_path + ": commit failed: " + e.get_description());
    }
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
  std::unordered_set<std::string> ids_this_run_;
  std::vector<ManifestEntry> pending_;
  std::vector<std::string> removed_keys_;
  std::size_t passages_since_commit_ = 0;
  Clock::time_point last_commit_;
  bool versions_written_ = false;
};

}  // namespace

std::string default_gazetteer_dir() {
  if (const char* env = std::getenv("DOSSIER_GAZETTEERS"); env != nullptr && *env != '\0') return env;
  return DOSSIER_DEFAULT_GAZETTEER_DIR;
}

std::string summary_json(const IndexSummary& s, const IndexerOptions& options) {
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& p : s.problems) problems.push_back({{"path", p.path}, {"line", p.line}, {"reason", p.reason}});
  const double mb = static_cast<double>(s.bytes_read) / 1e6;
  return nlohmann::json{
      {"database", options.db_path},
      {"shards", s.shards},
      {"jobs", options.jobs},
      {"files", {{"read", s.files_read}, {"unchanged", s.files_unchanged}, {"ignored", s.files_ignored}, {"removed", s.files_removed}}},
      {"articles",
       {{"added", s.articles_added}, {"replaced", s.articles_replaced}, {"unchanged", s.articles_unchanged}, {"deleted", s.articles_deleted}}},
      {"passages", s.passages},
      {"skipped", s.skipped},
      {"warnings", s.warnings},
      {"problems", std::move(problems)},
      {"retagged", s.retagged},
      {"bytes_read", s.bytes_read},
      {"seconds", s.seconds},
      {"passages_per_second", s.seconds > 0 ? static_cast<double>(s.passages) / s.seconds : 0},
      {"mb_per_second", s.seconds > 0 ? mb / s.seconds : 0},
      {"phases",
       {{"read", s.read_seconds}, {"tag", s.tag_seconds}, {"write", s.write_seconds}, {"commit", s.commit_seconds}, {"sync", s.sync_seconds},
        {"compact", s.compact_seconds}}},
      {"exit_code", s.exit_code()}}
      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

Indexer::Indexer(IndexerOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {}

IndexSummary Indexer::run() {
  if (options_.inputs.empty()) throw UsageError("no input paths given");
  IndexSummary summary;
  if (options_.dump_passages) {
    summary = DumpRun(options_, out_, err_).execute();
  } else {
    summary = IndexRun(options_, err_).execute();
  }
  if (!options_.report_path.empty()) {
    std::ofstream report(options_.report_path, std::ios::trunc);
    report << summary_json(summary, options_) << '\n';
    if (!report) throw Error(errno_message(options_.report_path) + " (writing the report)");
  }
  if (!options_.quiet || summary.skipped > 0) {
    err_ << "dossier-index: " << summary.articles_added + summary.articles_replaced << " articles (" << summary.passages
         << " passages) from " << summary.files_read << " files";
    if (!options_.dump_passages) {
      err_ << " into " << sanitise_for_terminal(options_.db_path) << " (" << summary.articles_added << " new, "
           << summary.articles_replaced << " replaced, " << summary.articles_deleted << " deleted, "
           << summary.articles_unchanged << " unchanged; " << summary.files_unchanged << " files unchanged)";
    }
    err_ << " in " << static_cast<long>(summary.seconds * 1000) << " ms; " << summary.skipped << " skipped, "
         << summary.warnings << " warnings, " << summary.files_ignored << " files ignored\n";
  }
  return summary;
}

}  // namespace dossier
