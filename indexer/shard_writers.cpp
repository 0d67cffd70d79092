#include "indexer/shard_writers.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <variant>

#include "common/error.h"
#include "common/schema.h"
#include "common/facet_ids.h"
#include "indexer/document_builder.h"
#include "indexer/index_store.h"
#include "indexer/tagging.h"

namespace dossier {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Barrier {
  std::mutex mutex;
  std::condition_variable done;
  std::size_t remaining = 0;

  void arrive() {
    std::lock_guard lock(mutex);
    if (--remaining == 0) done.notify_all();
  }
};

struct IndexMessage {
  Article article;
};
struct DeleteMessage {
  std::string article_id;
};
struct CommitMessage {
  Barrier* barrier;
};
struct StopMessage {};
using Message = std::variant<IndexMessage, DeleteMessage, CommitMessage, StopMessage>;

// Words for the searcher's "did you mean". Frequencies only grow (a replaced article's old
// words are not subtracted): suggestions rank by them, so staleness costs little.
void add_spellings(Xapian::WritableDatabase& db, const std::vector<Token>& tokens) {
  constexpr std::size_t kMinWord = 3, kMaxWord = 32;
  for (const Token& token : tokens) {
    const std::string& word = token.folded;
    if (word.size() < kMinWord || word.size() > kMaxWord) continue;
    if (std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) continue;
    db.add_spelling(word);
  }
}

}  // namespace

struct ShardWriters::Worker {
  Worker(const WriterSetup& setup, std::vector<std::size_t> shard_numbers)
      : capacity(setup.queue_capacity), tagger(*setup.gazetteer, *setup.matcher), builder(tagger.normaliser()) {
    for (std::size_t shard : shard_numbers) {
      try {
        auto db = std::make_unique<Xapian::WritableDatabase>(setup.shard_paths[shard], setup.open_flags);
        dictionaries.emplace(shard, FacetCodeDictionary::parse(db->get_metadata(std::string(schema::kMetaFacetCodes))));
        shards.emplace(shard, std::move(db));
      } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError(setup.shard_paths[shard] + ": cannot open for writing: " + e.get_description() +
                            "; the shard is damaged: dossier-index --repair rebuilds it from its sources");
      } catch (const Xapian::Error& e) {
        throw DatabaseError(setup.shard_paths[shard] + ": cannot open for writing: " + e.get_description());
      } catch (const DatabaseError& e) {
        throw DatabaseError(setup.shard_paths[shard] + ": " + e.what());
      }
      names.emplace(shard, setup.shard_paths[shard]);
      try {
        articles.emplace(shard, std::make_unique<Xapian::WritableDatabase>(setup.article_paths[shard], setup.open_flags));
      } catch (const Xapian::Error& e) {
        throw DatabaseError(setup.article_paths[shard] + ": cannot open for writing: " + e.get_description());
      }
      article_names.emplace(shard, setup.article_paths[shard]);
      waiting.emplace(shard, std::vector<ArticleChange>{});
    }
    thread = std::thread([this, count = setup.shard_paths.size()] { run(count); });
  }

  // Bounded in articles and in passages: 256 articles of 10,000 passages each would otherwise
  // wait in memory at once. An article larger than the passage budget still goes, alone.
  static constexpr std::size_t kQueuedPassages = 20000;

  static std::size_t passages_of(const Message& message) {
    const auto* index = std::get_if<IndexMessage>(&message);
    return index != nullptr ? index->article.passages.size() : 0;
  }

  void push(Message message) {
    const std::size_t passages = passages_of(message);
    std::unique_lock lock(mutex);
    room.wait(lock, [&] {
      return failed || (queue.size() < capacity && (queue.empty() || queued_passages + passages <= kQueuedPassages));
    });
    queued_passages += passages;
    queue.push_back(std::move(message));
    ready.notify_one();
  }

  void run(std::size_t shard_count) {
    for (;;) {
      Message message;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !queue.empty(); });
        message = std::move(queue.front());
        queue.pop_front();
        queued_passages -= passages_of(message);
        room.notify_one();
      }
      if (std::holds_alternative<StopMessage>(message)) return;
      if (auto* commit = std::get_if<CommitMessage>(&message)) {
        if (!failed) guarded([&] {
          for (auto& [shard, db] : shards) {
            part = &names.at(shard);
            // The dictionary goes into the same commit as the passages that use its new ids.
            FacetCodeDictionary& dictionary = dictionaries.at(shard);
            if (dictionary.changed()) db->set_metadata(std::string(schema::kMetaFacetCodes), dictionary.serialise());
            db->commit();
            dictionary.mark_saved();
            // The article shard after its passages: a searcher may rank a passage without its
            // article's whole-article evidence for a moment, never an article without passages.
            // A kill in between is repaired by the next run, which reads the file again (the
            // manifest is written after both).
            write_articles(shard);
          }
        });
        commit->barrier->arrive();
        continue;
      }
      if (failed) continue;  // drain: the producer learns of the failure and stops
      guarded([&] {
        if (auto* index = std::get_if<IndexMessage>(&message)) {
          write(index->article, shard_count);
        } else if (auto* removal = std::get_if<DeleteMessage>(&message)) {
          const std::size_t shard = schema::shard_for(removal->article_id, shard_count);
          part = &names.at(shard);
          Xapian::WritableDatabase& db = *shards.at(shard);
          const Xapian::rev revision = db.get_revision();
          const std::string term = schema::article_term(removal->article_id);
          if (db.term_exists(term)) {
            db.delete_document(term);
            ++stats.deleted;
          }
          if (db.get_revision() != revision) write_articles(shard);
          // Even when its passages are gone: a run killed between the two commits of the
          // deletion left the article document alone.
          waiting.at(shard).push_back(ArticleChange{term, std::nullopt});
        }
      });
    }
  }

  void write(Article& article, std::size_t shard_count) {
    const auto tag_start = Clock::now();
    const std::vector<std::vector<Token>> tokens = tagger.tag(article);
    DocumentBuilder::ArticleDocuments built =
        builder.build_documents(article, tokens, scheme_for_language(article.meta.language));
    std::vector<Xapian::Document>& documents = built.passages;
    stats.tag_seconds += since(tag_start);

    const auto write_start = Clock::now();
    const std::size_t current = schema::shard_for(article.meta.id, shard_count);
    part = &names.at(current);
    Xapian::WritableDatabase& db = *shards.at(current);
    const Xapian::rev revision = db.get_revision();
    const std::string term = schema::article_term(article.meta.id);
    if (db.term_exists(term)) {
      db.delete_document(term);
      ++stats.replaced;
    } else {
      ++stats.added;
    }
    // The article key of kSlotFacetIds: the docid its first passage is about to get.
    FacetIds ids{static_cast<std::uint32_t>(current), db.get_lastdocid() + 1, {}};
    FacetCodeDictionary& dictionary = dictionaries.at(current);
    for (std::size_t i = 0; i < documents.size(); ++i) {
      ids.codes.clear();
      for_each_facet_code(documents[i].get_value(schema::kSlotFacets),
                          [&](std::string_view code) { ids.codes.push_back(dictionary.id_of(code)); });
      documents[i].add_value(schema::kSlotFacetIds, encode_facet_ids(ids));
      db.add_document(documents[i]);
      add_spellings(db, tokens[i]);
    }
    // Xapian commits a shard by itself every XAPIAN_FLUSH_THRESHOLD changes: when it has
    // committed this one, the article changes waiting for it can go.
    if (db.get_revision() != revision) write_articles(current);
    // The article document will replace the earlier one (found by its XART term) in the
    // article shard of the same number, once these passages are committed.
    std::optional<Xapian::Document> replacement;
    if (!article.passages.empty()) replacement = std::move(built.article);
    waiting.at(current).push_back(ArticleChange{term, std::move(replacement)});
    stats.passages += documents.size();
    stats.write_seconds += since(write_start);
  }

  // Writes the article changes waiting for their passages, which the caller has just seen
  // committed (by commit_all, or by Xapian itself, which commits a shard every
  // XAPIAN_FLUSH_THRESHOLD changes), and commits them: an article shard only ever holds article
  // documents whose passages are committed, whenever it commits, and however Xapian flushes it.
  // In batches of kArticleBatch, each committed: Xapian buffers a batch in maps whose cost per
  // posting grows with their size, and an article document has hundreds of terms (9000
  // article documents at once took four times as long as batches of 250-500).
  void write_articles(std::size_t shard) {
    constexpr std::size_t kArticleBatch = 256;
    part = &article_names.at(shard);
    Xapian::WritableDatabase& db = *articles.at(shard);
    std::vector<ArticleChange>& changes = waiting.at(shard);
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].document) {
        db.replace_document(changes[i].term, *changes[i].document);
      } else {
        db.delete_document(changes[i].term);
      }
      if ((i + 1) % kArticleBatch == 0) db.commit();
    }
    db.commit();
    changes.clear();
  }

  template <typename Body>
  void guarded(Body&& body) {
    try {
      body();
    } catch (const Xapian::DatabaseCorruptError& e) {
      fail(std::make_exception_ptr(DatabaseError((part != nullptr ? *part : std::string("?")) + ": write failed: " + e.get_description() +
                                                 "; the shard is damaged: dossier-index --repair rebuilds it from its sources")));
    } catch (const Xapian::Error& e) {
      fail(std::make_exception_ptr(DatabaseError((part != nullptr ? *part : std::string("?")) + ": write failed: " + e.get_description())));
    } catch (...) {
      fail(std::current_exception());
    }
  }

  void fail(std::exception_ptr exception) {
    std::lock_guard lock(mutex);
    error = exception;
    failed = true;
    room.notify_all();
  }

  void stop() {
    if (!thread.joinable()) return;
    push(StopMessage{});
    thread.join();
  }

  // A worker is never destroyed with its thread running (std::terminate): for example when a
  // later worker's shard cannot be opened and the constructor of ShardWriters throws.
  ~Worker() { stop(); }

  std::size_t capacity;
  Tagger tagger;
  DocumentBuilder builder;
  std::map<std::size_t, std::unique_ptr<Xapian::WritableDatabase>> shards;
  std::map<std::size_t, FacetCodeDictionary> dictionaries;  // per shard: kSlotFacetIds code ids
  std::map<std::size_t, std::unique_ptr<Xapian::WritableDatabase>> articles;  // per shard: its article shard
  // An article shard's change (a replacement, or a deletion when there is no document), held
  // until the passages sent before it are committed; per shard, in the order sent.
  struct ArticleChange {
    std::string term;
    std::optional<Xapian::Document> document;
  };
  std::map<std::size_t, std::vector<ArticleChange>> waiting;
  std::map<std::size_t, std::string> names, article_names;
  const std::string* part = nullptr;  // the database being written, for error messages
  WriterStats stats;

  std::mutex mutex;
  std::condition_variable ready, room;
  std::deque<Message> queue;
  std::size_t queued_passages = 0;  // in queue
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::thread thread;
};

ShardWriters::ShardWriters(const WriterSetup& setup) : shard_count_(setup.shard_paths.size()) {
  if (setup.article_paths.size() != shard_count_) {
    throw std::invalid_argument("ShardWriters: " + std::to_string(setup.article_paths.size()) + " article shards for " +
                                std::to_string(shard_count_) + " shards");
  }
  const std::size_t workers = std::max<std::size_t>(1, std::min(setup.jobs, shard_count_));
  std::vector<std::vector<std::size_t>> groups(workers);
  for (std::size_t shard = 0; shard < shard_count_; ++shard) groups[shard % workers].push_back(shard);
  for (auto& group : groups) workers_.push_back(std::make_unique<Worker>(setup, group));
}

ShardWriters::~ShardWriters() {
  for (auto& worker : workers_) {
    worker->stop();
    if (finished_) continue;
    for (auto& [shard, db] : worker->shards) abandon_database(std::move(db));
    for (auto& [shard, db] : worker->articles) abandon_database(std::move(db));
  }
}

ShardWriters::Worker& ShardWriters::worker_for(const std::string& article_id) {
  return *workers_[schema::shard_for(article_id, shard_count_) % workers_.size()];
}

void ShardWriters::rethrow_if_failed() const {
  for (const auto& worker : workers_) {
    if (worker->failed) {
      std::lock_guard lock(worker->mutex);
      std::rethrow_exception(worker->error);
    }
  }
}

void ShardWriters::index(Article&& article) {
  rethrow_if_failed();
  Worker& worker = worker_for(article.meta.id);
  worker.push(IndexMessage{std::move(article)});
}

void ShardWriters::remove(const std::string& article_id) {
  rethrow_if_failed();
  worker_for(article_id).push(DeleteMessage{article_id});
}

void ShardWriters::commit_all() {
  const auto start = Clock::now();
  Barrier barrier;
  barrier.remaining = workers_.size();
  for (auto& worker : workers_) worker->push(CommitMessage{&barrier});
  {
    std::unique_lock lock(barrier.mutex);
    barrier.done.wait(lock, [&] { return barrier.remaining == 0; });
  }
  commit_seconds_ += since(start);
  rethrow_if_failed();
}

ShardWriters::Tagged ShardWriters::take_tagged() {
  Tagged out;
  for (auto& worker : workers_) {
    std::lock_guard lock(worker->mutex);  // orders this read after the worker's last tagging
    out.discovered.merge(worker->tagger.take_discovered());
    out.used.merge(worker->tagger.take_used());
  }
  return out;
}

void ShardWriters::finish() {
  commit_all();
  for (auto& worker : workers_) {
    worker->stop();
    for (auto& [shard, db] : worker->shards) db->close();
    for (auto& [shard, db] : worker->articles) db->close();
  }
  finished_ = true;
}

WriterStats ShardWriters::stats() const {
  WriterStats total;
  for (const auto& worker : workers_) {
    total.added += worker->stats.added;
    total.replaced += worker->stats.replaced;
    total.deleted += worker->stats.deleted;
    total.passages += worker->stats.passages;
    total.tag_seconds += worker->stats.tag_seconds;
    total.write_seconds += worker->stats.write_seconds;
  }
  total.commit_seconds = commit_seconds_;
  return total;
}

}  // namespace dossier
