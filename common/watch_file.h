// The standing queries of a database (dossier-watch), kept with it in DIR/watches.json: writer and
// reader side by side. The file is replaced atomically (a new file written, flushed to disk, then
// renamed over the old one), so a reader or a crash never sees half of it; read-modify-write
// changes hold a lock file of their own (DIR/watches.lock), never the indexer's lock, so that a
// watch can be read, added or marked seen while an indexer runs.
//
// The file: {"format": 1, "watches": [{"name", "query", "filters": {"country": [...],
// "country_focus": [...], "actor": [...], "weapon": [...], "since", "until", "match"},
// "created", "seen_run", "seen_at"}]} (times ISO 8601 UTC; "seen_at" null until first read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dossier {

inline constexpr std::string_view kWatchFile = "watches.json";
inline constexpr std::string_view kWatchLockFile = "watches.lock";
inline constexpr int kWatchFileFormat = 1;
inline constexpr std::size_t kMostWatches = 1000;
inline constexpr std::size_t kMostWatchFileBytes = 4 << 20;  // a larger file is refused, never read whole
inline constexpr std::size_t kMostWatchNameBytes = 64;
inline constexpr std::size_t kMostWatchQueryBytes = 4096;

// The filters of a watch: those of dossier-search, with the same meaning.
struct WatchFilters {
  std::vector<std::string> countries, focus_countries, actors, weapons;  // ids or names; OR within
  std::vector<std::string> speakers;  // absent from files written before the speaker facet: none
  std::string since, until;                                             // YYYY[-MM[-DD]]
  bool match_all_words = false;                                         // --match all
};

struct Watch {
  std::string name;
  std::string query;
  WatchFilters filters;
  std::string created;         // when it was added
  // The last indexing run (schema::kMetaRun) whose articles it has shown: `new` shows what later
  // runs wrote. A new watch starts at the run current when it was added.
  std::uint64_t seen_run = 0;
  std::string seen_at;  // when `new` last marked it seen; empty: never
};

struct WatchList {
  std::vector<Watch> watches;

  Watch* find(std::string_view name);
  const Watch* find(std::string_view name) const;
};

// Throws UsageError unless name is 1 to kMostWatchNameBytes of A-Z a-z 0-9 . _ - and starts
// with a letter or digit (never mistaken for an option, safe in a file name and a terminal).
void check_watch_name(std::string_view name);

nlohmann::json watch_filters_json(const WatchFilters& filters);
std::string encode_watches(const WatchList& list);
// Throws DatabaseError naming `where` (the file) for anything but a well-formed list.
WatchList decode_watches(std::string_view text, const std::string& where);

std::string watch_file_path(const std::string& db_dir);
// The database's watches; none when the file does not exist. Throws DatabaseError.
WatchList read_watches(const std::string& db_dir);
// Replaces the file atomically and durably. Throws DatabaseError (the old file then stays whole).
void write_watches(const std::string& db_dir, const WatchList& list);

// Holds DIR/watches.lock (flock) for a read-modify-write of the watch file, waiting up to
// wait_seconds for another dossier-watch; throws DatabaseError when it cannot.
class WatchLock {
 public:
  explicit WatchLock(const std::string& db_dir, double wait_seconds = 10);
  ~WatchLock();
  WatchLock(const WatchLock&) = delete;
  WatchLock& operator=(const WatchLock&) = delete;

 private:
  int fd_ = -1;
};

// Now, as "2026-12-06T08:15:00Z".
std::string utc_now();

}  // namespace dossier
