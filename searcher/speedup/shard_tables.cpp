#include "searcher/speedup/shard_tables.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

#include "common/facet_ids.h"
#include "common/schema.h"

namespace dossier {

namespace {

std::optional<ShardStamp> stamp_of(const Xapian::Database& part) {
  try {
    ShardStamp stamp{part.get_uuid(), part.get_revision()};
    if (stamp.uuid.empty()) return std::nullopt;
    return stamp;
  } catch (const Xapian::InvalidOperationError&) {
    return std::nullopt;  // not a single database
  } catch (const Xapian::UnimplementedError&) {
    return std::nullopt;
  }
}

// One cache per kind of table: the newest revision asked for, per part UUID.
template <typename Table>
std::shared_ptr<const Table> cached(const Xapian::Database& part,
                                    std::shared_ptr<const Table> (*read)(const Xapian::Database&)) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Table>> known;
  const std::optional<ShardStamp> stamp = stamp_of(part);
  if (!stamp) return nullptr;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto it = known.find(stamp->uuid);
    if (it != known.end() && it->second->stamp.revision == stamp->revision) return it->second;
  }
  // Read outside the lock: other threads go on with other parts meanwhile.
  std::shared_ptr<const Table> table = read(part);
  if (!table) return nullptr;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& slot = known[stamp->uuid];
  // An older revision asked for late (a thread not yet reopened) does not evict a newer one.
  if (!slot || slot->stamp.revision <= stamp->revision) slot = table;
  return table;
}

}  // namespace

std::shared_ptr<const DocLengths> read_doc_lengths(const Xapian::Database& part) {
  const std::optional<ShardStamp> stamp = stamp_of(part);
  if (!stamp) return nullptr;
  auto lengths = std::make_shared<DocLengths>();
  lengths->stamp = *stamp;
  lengths->by_docid.assign(static_cast<std::size_t>(part.get_lastdocid()) + 1, 0);
  // The empty term's posting list is every document, with its length: one sequential pass.
  for (Xapian::PostingIterator it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
    const Xapian::docid docid = *it;
    if (docid < lengths->by_docid.size()) lengths->by_docid[docid] = it.get_doclength();
  }
  return lengths;
}

std::shared_ptr<const ShardFacets> read_shard_facets(const Xapian::Database& part) {
  const std::optional<ShardStamp> stamp = stamp_of(part);
  if (!stamp) return nullptr;
  auto facets = std::make_shared<ShardFacets>();
  facets->stamp = *stamp;
  const std::size_t size = static_cast<std::size_t>(part.get_lastdocid()) + 1;
  facets->article.assign(size, ShardFacets::kNoValue);
  facets->begin.assign(size + 1, 0);
  std::optional<std::uint32_t> shard;
  Xapian::docid filled = 0;  // begin[] is set up to this docid
  for (Xapian::ValueIterator it = part.valuestream_begin(schema::kSlotFacetIds); it != part.valuestream_end(schema::kSlotFacetIds);
       ++it) {
    const Xapian::docid docid = it.get_docid();
    if (docid >= size) return nullptr;
    const auto codes_start = static_cast<std::uint32_t>(facets->codes.size());
    for (; filled < docid; ++filled) facets->begin[filled + 1] = codes_start;  // docids without a value
    bool same_shard = true;
    const bool ok = decode_facet_ids(
        *it,
        [&](std::uint32_t shard_number, std::uint32_t article_key) {
          if (shard && *shard != shard_number) same_shard = false;
          shard = shard_number;
          facets->article[docid] = article_key;
          return same_shard;
        },
        [&](std::uint32_t code) {
          facets->codes.push_back(code);
          return true;
        });
    if (!ok || !same_shard) return nullptr;
    facets->begin[docid + 1] = static_cast<std::uint32_t>(facets->codes.size());
    filled = docid + 1;
  }
  for (; filled + 1 < facets->begin.size(); ++filled) facets->begin[filled + 1] = static_cast<std::uint32_t>(facets->codes.size());
  if (!shard) return nullptr;  // no passages (the meta part)
  facets->shard = *shard;
  return facets;
}

ArticleLookup ArticleRuns::runs_of(std::string_view id, std::vector<DocidRun>& out) const {
  const std::uint64_t hash = schema::fnv1a64(id);
  if (std::binary_search(shared.begin(), shared.end(), hash)) return ArticleLookup::Ambiguous;
  auto it = std::lower_bound(entries.begin(), entries.end(), hash, [](const Entry& e, std::uint64_t h) { return e.hash < h; });
  if (it == entries.end() || it->hash != hash) return ArticleLookup::Absent;
  for (; it != entries.end() && it->hash == hash; ++it) out.push_back(it->run);
  return ArticleLookup::Found;
}

std::string_view ArticleDocids::article_of(Xapian::docid docid) const {
  if (docid + 1 >= start.size()) return {};
  return std::string_view(ids).substr(start[docid], start[docid + 1] - start[docid]);
}

ArticleLookup ArticleDocids::docid_of(std::string_view id, Xapian::docid& docid) const {
  const std::uint64_t hash = schema::fnv1a64(id);
  auto it = std::lower_bound(by_hash.begin(), by_hash.end(), hash, [](const Entry& e, std::uint64_t h) { return e.hash < h; });
  for (; it != by_hash.end() && it->hash == hash; ++it) {
    if (article_of(it->docid) == id) {
      docid = it->docid;
      return ArticleLookup::Found;
    }
  }
  return ArticleLookup::Absent;
}

std::shared_ptr<const ArticleRuns> read_article_runs(const Xapian::Database& passage_part) {
  const std::optional<ShardStamp> stamp = stamp_of(passage_part);
  if (!stamp) return nullptr;
  auto runs = std::make_shared<ArticleRuns>();
  runs->stamp = *stamp;
  // The value stream visits the passages in docid order: a run ends where the id changes or a
  // docid is skipped (a deleted passage of another article between two of this one's).
  std::vector<std::pair<std::uint64_t, std::string>> heads;  // each run's hash and id, to find shared hashes
  std::string current;
  for (Xapian::ValueIterator it = passage_part.valuestream_begin(schema::kSlotArticleId);
       it != passage_part.valuestream_end(schema::kSlotArticleId); ++it) {
    const Xapian::docid docid = it.get_docid();
    if (!runs->entries.empty() && *it == current && runs->entries.back().run.end == docid) {
      runs->entries.back().run.end = docid + 1;
      continue;
    }
    current = *it;
    runs->entries.push_back({schema::fnv1a64(current), {docid, docid + 1}});
    heads.emplace_back(runs->entries.back().hash, current);
  }
  std::sort(runs->entries.begin(), runs->entries.end(), [](const ArticleRuns::Entry& a, const ArticleRuns::Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.run.first < b.run.first;
  });
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());  // one per article (several runs)
  runs->articles = heads.size();
  for (std::size_t i = 1; i < heads.size(); ++i) {
    if (heads[i].first == heads[i - 1].first && (runs->shared.empty() || runs->shared.back() != heads[i].first)) {
      runs->shared.push_back(heads[i].first);
    }
  }
  return runs;
}

std::shared_ptr<const ArticleDocids> read_article_docids(const Xapian::Database& article_part) {
  const std::optional<ShardStamp> stamp = stamp_of(article_part);
  if (!stamp) return nullptr;
  auto docids = std::make_shared<ArticleDocids>();
  docids->stamp = *stamp;
  const std::size_t size = static_cast<std::size_t>(article_part.get_lastdocid()) + 1;
  docids->start.assign(size + 1, 0);
  docids->by_hash.reserve(article_part.get_doccount());
  Xapian::docid filled = 0;  // start[] is set up to this docid
  for (Xapian::ValueIterator it = article_part.valuestream_begin(schema::kSlotArticleId);
       it != article_part.valuestream_end(schema::kSlotArticleId); ++it) {
    const Xapian::docid docid = it.get_docid();
    if (docid >= size || docids->ids.size() + (*it).size() > std::numeric_limits<std::uint32_t>::max()) return nullptr;
    const auto here = static_cast<std::uint32_t>(docids->ids.size());
    for (; filled < docid; ++filled) docids->start[filled + 1] = here;  // docids without a value
    docids->ids += *it;
    docids->start[docid + 1] = static_cast<std::uint32_t>(docids->ids.size());
    filled = docid + 1;
    docids->by_hash.push_back({schema::fnv1a64(*it), docid});
  }
  for (; filled + 1 < docids->start.size(); ++filled) docids->start[filled + 1] = static_cast<std::uint32_t>(docids->ids.size());
  std::sort(docids->by_hash.begin(), docids->by_hash.end(), [](const ArticleDocids::Entry& a, const ArticleDocids::Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.docid < b.docid;
  });
  return docids;
}

std::shared_ptr<const DocLengths> doc_lengths(const Xapian::Database& part) { return cached<DocLengths>(part, &read_doc_lengths); }

std::shared_ptr<const ShardFacets> shard_facets(const Xapian::Database& part) { return cached<ShardFacets>(part, &read_shard_facets); }

std::shared_ptr<const ArticleRuns> article_runs(const Xapian::Database& passage_part) {
  return cached<ArticleRuns>(passage_part, &read_article_runs);
}

std::shared_ptr<const ArticleDocids> article_docids(const Xapian::Database& article_part) {
  return cached<ArticleDocids>(article_part, &read_article_docids);
}

}  // namespace dossier
