// Tables of one part (shard) of a database, read once into memory and kept for the process, by
// the part's UUID and revision, so that the hot loops of a search read arrays indexed by docid
// instead of Xapian's compressed per-document lists:
//   - DocLengths: every passage's length, for BM25 (searcher/speedup/bm25_source.h). Xapian 1.4 reads it
//     from the document-length list, which glass decodes chunk by chunk, a varint per document:
//     about a third of a top-10 search's time at 1M passages.
//   - ShardFacets: every passage's compact facet ids (schema::kSlotFacetIds, common/facet_ids.h)
//     decoded, for exact facet counts (LocalFacetSpy). Reading the value of every match through
//     Xapian (a value-stream chunk decoded, a string copied, varints read) was half the cost of
//     an exact count.
//   - ArticleRuns (a passage shard): each article's passages, runs of docids (an article's
//     passages are added together, so one run, common/facet_ids.h), by article. The
//     whole-article ranking restricts a match to some articles by these docids
//     (searcher/speedup/article_filter.h) instead of looking up an article term per article and
//     shard: half of its restricted matches' time.
//   - ArticleDocids (an article shard): each article document's article id, and back.
// A table is read at the revision its Database handle is open at, from that handle, so it is
// never older or newer than what the match sees. Reading one costs tens of milliseconds per
// million passages (lengths) to a few hundred (facets): a long-running process (dossier-search
// -i, dossier-bench) earns that back at once, a one-shot search does not (SearcherOptions).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Which revision of which part a table was read from.
struct ShardStamp {
  std::string uuid;
  Xapian::rev revision = 0;
};

struct DocLengths {
  ShardStamp stamp;
  std::vector<Xapian::termcount> by_docid;  // 0 for a docid not in use
};

struct ShardFacets {
  static constexpr std::uint32_t kNoValue = ~std::uint32_t{0};

  ShardStamp stamp;
  std::uint32_t shard = 0;  // the shard number its values carry
  std::vector<std::uint32_t> article;  // by docid: the article key, or kNoValue
  std::vector<std::uint32_t> begin;    // by docid: the first of its codes; begin[docid + 1] ends them
  std::vector<std::uint32_t> codes;    // code ids of the shard's dictionary, docid after docid

  std::size_t size() const { return article.size(); }  // docids 0 .. size() - 1
};

// [first, end) of a shard's docids.
struct DocidRun {
  Xapian::docid first = 0;
  Xapian::docid end = 0;
};

// The article tables key articles by a 64-bit hash of their id (schema::fnv1a64): tens of bytes
// per article, where maps of id strings took two hundred (40 MB at a million passages).
enum class ArticleLookup {
  Found,
  Absent,     // no such article in this part
  Ambiguous,  // another article of the part has the same hash: look its term up instead
};

struct ArticleRuns {
  struct Entry {
    std::uint64_t hash = 0;
    DocidRun run;
  };
  ShardStamp stamp;
  std::vector<Entry> entries;         // by hash, then docid
  std::vector<std::uint64_t> shared;  // sorted: hashes of more than one article id
  std::size_t articles = 0;           // distinct ids

  // Appends the runs of the article's passages to out (one, unless a shard was written
  // otherwise than by dossier-index).
  ArticleLookup runs_of(std::string_view id, std::vector<DocidRun>& out) const;
};

struct ArticleDocids {
  struct Entry {
    std::uint64_t hash = 0;
    Xapian::docid docid = 0;
  };
  ShardStamp stamp;
  std::string ids;                   // every article id, in docid order
  std::vector<std::uint32_t> start;  // by docid: its id is ids[start[docid], start[docid + 1])
  std::vector<Entry> by_hash;        // by hash, then docid

  std::string_view article_of(Xapian::docid docid) const;  // "" for a docid not in use
  // The article document of this id (never Ambiguous: the ids are here to compare).
  ArticleLookup docid_of(std::string_view id, Xapian::docid& docid) const;
};

// The tables of one part (a Database of exactly one glass shard) at the revision it is open at:
// read on first use and cached, by UUID, until a newer revision is asked for. nullptr where the
// part cannot be identified (no UUID or revision: not a glass database), or, for the facets,
// where a value is malformed or the values name more than one shard: callers then read through
// Xapian as before.
std::shared_ptr<const DocLengths> doc_lengths(const Xapian::Database& part);
std::shared_ptr<const ShardFacets> shard_facets(const Xapian::Database& part);
std::shared_ptr<const ArticleRuns> article_runs(const Xapian::Database& passage_part);
std::shared_ptr<const ArticleDocids> article_docids(const Xapian::Database& article_part);

// The same without the cache (tests, and the cache itself).
std::shared_ptr<const DocLengths> read_doc_lengths(const Xapian::Database& part);
std::shared_ptr<const ShardFacets> read_shard_facets(const Xapian::Database& part);
std::shared_ptr<const ArticleRuns> read_article_runs(const Xapian::Database& passage_part);
std::shared_ptr<const ArticleDocids> read_article_docids(const Xapian::Database& article_part);

}  // namespace dossier
