// The meta database's seal: a record of meta/ when Xapian's full check last found it sound.
// Xapian 1.4 can write out of bounds when it reads a damaged table, so both tools check meta
// before they read it; the check reads every block, and meta holds the manifest, the copy index
// and the entity tables, tens of megabytes in a large archive: most of a one-shot search's time.
// The indexer seals meta at the end of a run (after its own check); a tool that finds meta
// unchanged skips the check. Writer and reader side by side here.
//
// Unchanged is decided in two steps. Each file's line records its size and a hash of its bytes,
// and also its device, inode, modification and change times (nanoseconds): when all of these are
// as recorded, and every file changed before the seal was written (its ctime older than the
// seal's), no write can have touched it since (any write moves mtime and ctime, and ctime cannot
// be set back), and nothing is read: a few stat calls, whatever the archive's size. Otherwise (a
// copied or restored database, a file written in the same clock tick as the seal) the bytes are
// hashed and compared as the only test. Any change of content breaks the seal, and the full
// check runs as before.
#pragma once

#include <string>

namespace dossier {

// The file DIR/meta.seal of a database directory.
std::string meta_seal_path(const std::string& db_dir);

// Every regular file of meta_dir but the lock file, by name: "name size hash device inode
// mtime_ns ctime_ns" lines; "" when a file cannot be read.
std::string meta_seal_of(const std::string& meta_dir);

// Writes seal to DIR/meta.seal (a temporary file renamed over it); false when it cannot.
bool write_meta_seal(const std::string& db_dir, const std::string& seal);

enum class SealState {
  kBroken,     // no seal, a damaged seal, or meta's content differs from it
  kByStat,     // every file's size, identity and times as recorded: nothing read
  kByContent,  // the files were hashed, and their names, sizes and hashes are as recorded
};
// Whether DIR/meta.seal holds for meta_dir now (above). Seals written before the stat fields
// existed ("dossier meta seal 1") are tested by content.
SealState meta_seal_state(const std::string& db_dir, const std::string& meta_dir);
inline bool meta_sealed(const std::string& db_dir, const std::string& meta_dir) {
  return meta_seal_state(db_dir, meta_dir) != SealState::kBroken;
}

}  // namespace dossier
