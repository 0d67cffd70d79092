// Splitting one match over the local shards between threads (searcher/speedup/split_workers.h): each
// thread matches the same query on its own Xapian::Database that holds EVERY shard, so that the
// term statistics, and so every weight, are those of the whole archive, but only the documents
// of its own shards get past a filter that is empty on every other shard.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>

namespace dossier {

// The shard number a part of a database records (schema::kMetaShardIdentity), or nullopt for
// the meta part and anything without a readable identity.
std::optional<std::size_t> shard_number(const Xapian::Database& part);
// The shard number of a part that records none (an article shard, whose number is its
// directory's, schema::article_dir_name): shard_number() gives it from now on, by the part's
// UUID, so that article matches split between the threads like passage matches.
void remember_shard_number(const Xapian::Database& part, std::size_t shard);

// The shards one thread matches: shard s belongs to partition s % partitions. A part without a
// shard number belongs to partition 0, so that no document is ever left out of every partition.
struct Partition {
  std::size_t partition = 0;
  std::size_t partitions = 1;

  bool whole() const { return partitions <= 1; }
  bool contains(std::optional<std::size_t> shard) const {
    return whole() || (shard ? *shard % partitions == partition : partition == 0);
  }
  // Whether this (sub-)database's documents are in scope.
  bool contains(const Xapian::Database& part) const { return whole() || contains(shard_number(part)); }
};

// Every docid of the parts in scope, none of the others: used as the right side of an
// OP_FILTER, so it adds no weight. On a part out of scope it is empty from the start, and
// Xapian's AND stops matching that part at once.
class PartitionFilter : public Xapian::PostingSource {
 public:
  explicit PartitionFilter(Partition scope) : scope_(scope) {}

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return count_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  Xapian::docid get_docid() const override { return current_; }
  void next(double) override { ++current_; }
  void skip_to(Xapian::docid did, double) override {
    if (did > current_) current_ = did;
  }
  // Any docid of a part in scope is in: no need to move anything but the position.
  bool check(Xapian::docid did, double) override {
    if (did > current_) current_ = did;
    return true;
  }
  bool at_end() const override { return current_ > last_; }
  Xapian::PostingSource* clone() const override { return new PartitionFilter(scope_); }
  std::string get_description() const override;

 private:
  Partition scope_;
  Xapian::docid last_ = 0;       // 0 out of scope: at_end() at once
  Xapian::doccount count_ = 0;   // documents in scope on this part
  Xapian::docid current_ = 0;
};

// query restricted to the scope's shards (the query itself when the scope is whole).
Xapian::Query restrict_to(const Xapian::Query& query, const Partition& scope);

}  // namespace dossier
