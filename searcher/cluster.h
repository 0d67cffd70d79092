// A Dossier database spread over several places: the cluster description file (format in the
// docs/operations.md, "Searching shards on several machines") and opening its parts, local directories or
// xapian-tcpsrv servers, as one Xapian database.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "common/error.h"
#include "searcher/result.h"  // MissingShard

namespace dossier {

// A malformed cluster description: "FILE:LINE: reason" (or "FILE: reason" for the whole file).
class ClusterError : public Error {
 public:
  ClusterError(const std::string& file, std::size_t line, const std::string& what);
};

struct ClusterPart {
  std::string location;  // as written: a directory or tcp://HOST:PORT
  std::string path;      // local parts: the directory, resolved against the file's directory
  std::string host;      // remote parts
  unsigned port = 0;     // remote parts; 0 for local ones
  std::size_t line = 0;  // line in the description (0 when not read from a file)

  bool remote() const { return port != 0; }
  std::string describe(const std::string& file) const;  // "tcp://10.0.0.2:7001 (cluster.txt:3)"
};

struct ClusterSpec {
  std::string file;  // where the description came from, for messages
  ClusterPart meta;  // the database's meta part: format version, entity table
  std::vector<ClusterPart> shards;
  unsigned timeout_ms = 10000;         // each operation on a remote part
  unsigned connect_timeout_ms = 3000;  // connecting to a remote part

  bool all_local() const;
};

// Throws ClusterError. Relative local paths are taken relative to base (the file's directory).
ClusterSpec parse_cluster(std::istream& in, const std::string& file, const std::filesystem::path& base);
// Reads and parses a description file; throws ClusterError (also when it cannot be read).
ClusterSpec load_cluster(const std::string& file);
// The parts of a local database directory DIR (its meta and the shards its stub lists), e.g. to
// open a local database the way a cluster is opened, in tests. Throws DatabaseError.
ClusterSpec cluster_of_directory(const std::string& dir);

struct OpenedCluster {
  Xapian::Database db;  // meta first (its metadata is the database's), then the shards by number
  std::string format_version;  // the meta part's
  std::vector<MissingShard> missing;
};

// Opens every part at once (a remote part is probed: connected and asked for its identity).
// Throws DatabaseError naming the part (host:port and file:line) when the meta part cannot be
// opened; when a shard cannot be opened, unless allow_partial, which leaves it out and lists it
// in missing (but not every shard); and when a shard is not one of this database's shards (the
// wrong database, listed twice, some not listed). Xapian's DatabaseModifiedError passes through
// (a local part being committed: the caller retries).
// deep: each remote shard must also run a one-document match and return that document, not
// just answer the probe: after a timeout mid-search, a server that answers a little and then
// stalls is found (and named, or left out with allow_partial) instead of timing out again.
OpenedCluster open_cluster(const ClusterSpec& spec, bool allow_partial, bool deep = false);

}  // namespace dossier
