#include "searcher/speedup/partition.h"

#include <map>
#include <mutex>

#include "common/schema.h"

namespace dossier {

namespace {

std::optional<std::size_t> read_shard_number(const Xapian::Database& part) {
  std::string database_id;
  std::size_t shard = 0, shards = 0;
  const std::string identity = part.get_metadata(std::string(schema::kMetaShardIdentity));
  if (identity.empty() || !schema::parse_shard_identity(identity, database_id, shard, shards)) return std::nullopt;
  return shard;
}

// The shard number of each part asked about or told (remember_shard_number), by part UUID.
std::mutex known_mutex;
std::map<std::string, std::optional<std::size_t>> known;

}  // namespace

// Every match asks once per part and thread: the answer is remembered by the part's UUID (held
// in memory by an open glass database), not read from the metadata table each time. A part
// without a UUID is read every time.
std::optional<std::size_t> shard_number(const Xapian::Database& part) {
  const std::string uuid = part.get_uuid();
  if (uuid.empty()) return read_shard_number(part);
  {
    const std::lock_guard<std::mutex> lock(known_mutex);
    const auto it = known.find(uuid);
    if (it != known.end()) return it->second;
  }
  const std::optional<std::size_t> shard = read_shard_number(part);
  const std::lock_guard<std::mutex> lock(known_mutex);
  known.emplace(uuid, shard);
  return shard;
}

void remember_shard_number(const Xapian::Database& part, std::size_t shard) {
  const std::string uuid = part.get_uuid();
  if (uuid.empty()) return;
  const std::lock_guard<std::mutex> lock(known_mutex);
  known[uuid] = shard;
}

void PartitionFilter::init(const Xapian::Database& db) {
  current_ = 0;
  const bool in_scope = scope_.contains(db);
  last_ = in_scope ? db.get_lastdocid() : 0;
  count_ = in_scope ? db.get_doccount() : 0;
}

std::string PartitionFilter::get_description() const {
  return "PartitionFilter(" + std::to_string(scope_.partition) + " of " + std::to_string(scope_.partitions) + ")";
}

Xapian::Query restrict_to(const Xapian::Query& query, const Partition& scope) {
  if (scope.whole()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new PartitionFilter(scope))->release()));
}

}  // namespace dossier
