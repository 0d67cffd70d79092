// The index schema: every term prefix, value slot and metadata key Dossier writes, defined once.
// Changing anything here that alters what is on disk means bumping kFormatVersion.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::schema {

// Bumped whenever the on-disk layout changes; the searcher refuses other versions.
// 2: a directory of shards searched as one through a Xapian stub file.
// 3: kSlotArticleFacets (facet counts through a stock xapian-tcpsrv); shards record their identity.
// 4: date terms (kPrefixYear/Month/Day), so that date ranges are postlists, not value checks.
// 5: kSlotFacetIds (compact facet encoding for the local counter) + each shard's kMetaFacetCodes.
// 6: article shards (DIR/articles-NNN/): one document per article, for whole-article ranking.
// 7: copy groups (near-duplicate articles): kSlotCopyGroup and kPrefixCopyGroup on every passage,
//    the copy index in meta (kMetaCopyArticlePrefix, kMetaCopyBandPrefix, kMetaCopyGroupPrefix).
// 8: run stamps: every passage carries kPrefixRun + the indexing run that wrote it, and meta the
//    last completed run (kMetaRun), so that standing queries (dossier-watch) find what is new.
//    A format-7 database is upgraded in place by the next indexing run (nothing is re-indexed:
//    its passages count as written before any run, run 0), and is still read meanwhile.
// 9: kTermOnlyPassage on the passage of every article of one passage, so that the whole-article
//    ranking finds the best such articles by a posting list. A format-7 or 8 database is
//    upgraded in place by the next indexing run (the term added to those passages, nothing
//    re-indexed), and is still read meanwhile (the searcher then asks each passage it weighs).
inline constexpr int kFormatVersion = 9;
// The oldest format a reader still reads (7 lacks the run stamps of format 8, 7 and 8 the
// kTermOnlyPassage of format 9).
inline constexpr int kOldestReadableFormat = 7;
// The first format whose passages carry kTermOnlyPassage.
inline constexpr int kFirstFormatMarkingOnlyPassages = 9;
// True for a kMetaFormatVersion value a reader can read (kOldestReadableFormat..kFormatVersion).
bool readable_format(std::string_view version);

// Bumped when reading, splitting or tagging changes what is indexed: every article is then
// tagged again on the next run, as when the gazetteer changes (kMetaExtractorVersion).
// 2: the author's title also indexed as body words of every passage.
// 3: discovered actors and weapon designations (indexer/recogniser.h).
// 4: inline attributions as clean noun phrases, more reporting patterns, resolved speakers
//    (Attribution::speaker, kPrefixSpeaker and the speaker facet code).
// 5: the lead of an article of several passages counts twice in its article document
//    (kArticleLeadWeight), for whole-article ranking.
inline constexpr int kExtractorVersion = 5;

// --- on-disk layout ---------------------------------------------------------
// DIR/XAPIANDB    Xapian stub listing "meta" first, then every shard (Xapian opens DIR as one)
// DIR/meta/       a Xapian database holding only metadata (versions, entity table, manifest)
// DIR/shard-NNN/  Xapian databases holding the passages; an article lives in shard_for(id)
// DIR/owner       who holds the write lock (pid, host, start time) while an indexer runs
inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kMetaDir = "meta";
inline constexpr std::string_view kOwnerFile = "owner";
std::string shard_dir_name(std::size_t shard);  // "shard-000"
// DIR/articles-NNN/  one Xapian database per shard number holding one ARTICLE document per
// article of shard NNN (format 6): the article's whole text as free-text terms, without
// positions, so that an article can be ranked by BM25 over whole articles, with statistics
// (document count, average length, term frequencies) of articles, not passages. Kept apart from
// the passage shards so that passage statistics, and so passage scores, are those of passages.
// Not listed in XAPIANDB: searching DIR searches passages; the searcher opens these itself.
// An article document holds:
//   - "Z" + stem for every word of its title and of every passage (wdf = occurrences; the
//     title once, not once per passage; in an article of several passages each occurrence in
//     the first, its lead, counts kArticleLeadWeight times), with the other-scheme folds of
//     Cyrillic words, exactly the terms a passage gets for the same text; "ZS" + stem for the
//     title words;
//   - kPrefixArticle + id (replaced and deleted by it), and every boolean filter term any of
//     its passages has (country, actor, weapon, focus, affiliation, kind, language, source,
//     date terms, copy group), so that a filtered query can pick candidate articles;
//   - value kSlotArticleId = the article id; no document data.
std::string article_dir_name(std::size_t shard);  // "articles-000"
// The weight of the lead's words in an article document (extractor version 5; see above).
inline constexpr Xapian::termcount kArticleLeadWeight = 2;
// Stable across runs, machines and shard orders: FNV-1a 64 of the article id, modulo shards.
std::size_t shard_for(std::string_view article_id, std::size_t shards);
std::uint64_t fnv1a64(std::string_view data, std::uint64_t hash = 14695981039346656037ULL);

// --- metadata keys --------------------------------------------------------
inline constexpr std::string_view kMetaFormatVersion = "dossier.format_version";
inline constexpr std::string_view kMetaGazetteerVersion = "dossier.gazetteer_version";
// JSON: facet name -> entry id -> {"name", "parent", "type", "affiliation", "names" (folded)};
// written and read by common/entity_table.h, which documents the shape.
inline constexpr std::string_view kMetaEntityTable = "dossier.entity_table";
// JSON: facet name -> id -> {"name", "type", "affiliation", "parent"} of every entity the
// recogniser discovered (no gazetteer lists it), merged over runs; common/entity_table.h.
inline constexpr std::string_view kMetaDiscovered = "dossier.discovered";
// One key per entry and per name of the two tables above, merged: common/entity_index.h.
inline constexpr std::string_view kMetaEntityIndexPrefix = "dossier.entities.";
inline constexpr std::string_view kMetaExtractorVersion = "dossier.extractor_version";
inline constexpr std::string_view kMetaShardCount = "dossier.shards";
// Non-empty while dossier-index --compact is compacting: a run killed meanwhile leaves it, and
// the next --compact run compacts even when nothing changed.
inline constexpr std::string_view kMetaCompactPending = "dossier.compact_pending";
// Random id given to a database when it is created, in meta and in every shard: a cluster
// description that mixes shards of two databases is refused.
inline constexpr std::string_view kMetaDatabaseId = "dossier.database_id";
// In each shard (not in meta): "<database id> <K>/<N>", see shard_identity().
inline constexpr std::string_view kMetaShardIdentity = "dossier.shard";
// In each shard: the dictionary of the code ids in that shard's kSlotFacetIds values
// (common/facet_ids.h), committed with the passages that use it.
inline constexpr std::string_view kMetaFacetCodes = "dossier.facet_codes";
// One key per source file: kMetaManifestPrefix + hex(fnv1a64(canonical path)); JSON value.
inline constexpr std::string_view kMetaManifestPrefix = "dossier.manifest.";
// The copy index (indexer/copy_groups.h; formats in common/copy_index.h), which groups
// near-duplicate articles across runs. Only the indexer reads it: the searcher needs nothing but
// kSlotCopyGroup and kPrefixCopyGroup on the passages.
//   kMetaCopyArticlePrefix + article id: the article's copy label and its similarity key
//     (common/similarity.h); only articles long enough to have a key.
//   kMetaCopyBandPrefix + band (2 hex digits) + band value (12 hex digits): the ids of the
//     articles whose key has that value in that band (the LSH buckets that find candidates).
//   kMetaCopyGroupPrefix + label: the ids of the articles with that label, once a second article
//     joined it (and until the last one leaves): a label still used is never given to another.
// A key is at most 22 + 200 bytes (ids are at most 200 bytes): under Xapian's limit of 245.
inline constexpr std::string_view kMetaCopyArticlePrefix = "dossier.copies.a.";
inline constexpr std::string_view kMetaCopyBandPrefix = "dossier.copies.b.";
inline constexpr std::string_view kMetaCopyGroupPrefix = "dossier.copies.g.";
// The number of the last indexing run that finished (decimal; absent: 0). A run numbers itself
// one more and stamps every passage it writes with that number (kPrefixRun), then writes this key
// in its last commit: passages stamped above it belong to a run still going (or killed, whose
// passages the next run, numbered the same, completes). Format 8.
inline constexpr std::string_view kMetaRun = "dossier.run";
std::uint64_t parse_run(std::string_view value);  // kMetaRun's value; 0 when absent or malformed

// --- free-text prefixes (terms are folded by common/normalise.h) ----------
inline constexpr std::string_view kPrefixTitle = "S";          // article title
inline constexpr std::string_view kPrefixAttribution = "XT";   // attribution tag text
// Every free-text term is stemmed (English Snowball) and stored with positions under "Z" +
// prefix: body "Z", title "ZS", attribution "ZXT".

// --- boolean prefixes (filter terms; value follows a ':') -----------------
inline constexpr std::string_view kPrefixPassageId = "Q";     // Q<article id>#<passage index>
inline constexpr std::string_view kPrefixArticle = "XART:";   // every passage of one article
inline constexpr std::string_view kPrefixCountry = "XC:";     // ISO 3166 alpha-2, upper case
inline constexpr std::string_view kPrefixActor = "XA:";       // actor id
inline constexpr std::string_view kPrefixCountryFocus = "XCF:";  // countries the article is about
inline constexpr std::string_view kPrefixAffiliation = "XAF:";   // affiliations of actors named
inline constexpr std::string_view kPrefixWeapon = "XW:";      // weapon system or category id
inline constexpr std::string_view kPrefixSpeaker = "XP:";     // actor id of the attribution's speaker
inline constexpr std::string_view kPrefixKind = "XK:";        // attribution kind, slugged
inline constexpr std::string_view kPrefixLanguage = "XL:";    // ISO 639-1
inline constexpr std::string_view kPrefixSource = "XS:";      // source outlet, slugged
// The passage's date at three granularities (YYYY, YYYYMM, YYYYMMDD): a date range becomes an OR
// of a few of these terms (date_range_terms()), which Xapian skips through like any postlist,
// instead of a value check on every candidate.
inline constexpr std::string_view kPrefixYear = "XDY:";
inline constexpr std::string_view kPrefixMonth = "XDM:";
inline constexpr std::string_view kPrefixDay = "XDD:";
// The article's copy label (kSlotCopyGroup): every passage of every article of one copy group
// has it, so that the searcher can find a hit's copies that match the query too (format 7).
inline constexpr std::string_view kPrefixCopyGroup = "XG:";
// The indexing run that last wrote the article's text (kMetaRun): a run that only tags again
// (a new gazetteer) keeps the article's earlier number (indexer/manifest.h keeps it per article).
// "New since run R" is an OR of the terms above R (format 8; a format-7 passage has none).
inline constexpr std::string_view kPrefixRun = "XR:";
// On the passage of an article of one passage, and on no other (format 9): an article of one
// passage is ranked by its passage alone (searcher/article_candidates.h, mix_weight).
inline constexpr std::string_view kTermOnlyPassage = "XONE";

// --- value slots ----------------------------------------------------------
enum Slot : Xapian::valueno {
  kSlotArticleId = 0,     // groups passages by article (collapse key)
  kSlotDate = 1,          // YYYYMMDD, sorts as a string; empty when unknown
  kSlotPassageIndex = 2,  // Xapian::sortable_serialise(index)
  kSlotFacets = 3,        // facet codes, see encode_facet_codes()
  // The article id and the facet codes together (article_facets_value()): what a built-in
  // Xapian::ValueCountMatchSpy counts on each xapian-tcpsrv, so that the client can split the
  // values and count distinct articles per facet value exactly (searcher/facet_counters.h).
  kSlotArticleFacets = 4,
  // Shard number, article key and facet code ids as varints (common/facet_ids.h): what the
  // local facet counter reads per match, a few bytes where slot 4 holds the id and codes as text.
  kSlotFacetIds = 5,
  // The article's copy label (common/copy_index.h copy_label): the same for every article of one
  // group of near-duplicates (indexer/copy_groups.h), else unique to the article. The collapse
  // key of a search that shows each group of copies once (format 7).
  kSlotCopyGroup = 6,
};

// "<byte length of id>:<id><facet codes>", e.g. "9:2024-kforC:RS\x1fW:drone". The length prefix
// keeps any article id (even one with separators or NUL bytes) apart from the codes, and the value
// is never empty, so ValueCountMatchSpy (which skips empty values) sees every passage.
std::string article_facets_value(std::string_view article_id, std::string_view facet_codes);

// The year, month and day terms of a YYYYMMDD date (empty when it is not 8 digits).
std::vector<std::string> date_terms(std::string_view yyyymmdd);
// The fewest year, month and day terms whose OR holds exactly the dates from..to (YYYYMMDD,
// inclusive; a "to" padded past a month's end, as 20240231, is fine). Empty when from > to or
// either is not 8 digits.
std::vector<std::string> date_range_terms(std::string_view from, std::string_view to);
// Splits a kSlotArticleFacets value; false when it is malformed.
bool split_article_facets_value(std::string_view value, std::string_view& article_id, std::string_view& facet_codes);

std::string shard_identity(std::string_view database_id, std::size_t shard, std::size_t shards);
// Parses shard_identity(); false when malformed.
bool parse_shard_identity(std::string_view text, std::string& database_id, std::size_t& shard, std::size_t& shards);

// Facet letters used in kSlotFacets and in the searcher's facet tables.
// Speaker: the actor an attribution names (Attribution::speaker.id), so its ids are actor ids
// and its names those of the actor table (name_facet()).
enum class Facet : char { Country = 'C', Actor = 'A', Weapon = 'W', Speaker = 'P' };

// Every facet, in the order results list them.
inline constexpr Facet kFacets[] = {Facet::Country, Facet::Actor, Facet::Weapon, Facet::Speaker};

std::string_view facet_name(Facet facet);             // "country", "actor", "weapon", "speaker"
// The facet whose entity table names facet's ids: Actor for Speaker, else facet itself.
Facet name_facet(Facet facet);
std::string_view facet_prefix(Facet facet);            // kPrefixCountry, ...
bool parse_facet_name(std::string_view name, Facet& facet);

// Lower-case, ASCII, dash-separated form used for kind and source terms ("Analyst perspective"
// -> "analyst-perspective").
std::string slug(std::string_view input);

std::string passage_id_term(std::string_view article_id, std::size_t index);
std::string article_term(std::string_view article_id);
std::string copy_group_term(std::string_view label);  // kPrefixCopyGroup + label
std::string run_term(std::uint64_t run);               // kPrefixRun + decimal run number
// The run of a kPrefixRun term; false when term is not one.
bool parse_run_term(std::string_view term, std::uint64_t& run);

}  // namespace dossier::schema
