// The meta database's seal: a record of the exact bytes of meta/ when Xapian's full check last
// found it sound. Xapian 1.4 can write out of bounds when it reads a damaged table, so both tools
// check meta before they read it; the check reads every block, and meta holds the manifest,
// the copy index and the entity tables, tens of megabytes in a large archive: most of a one-shot
// search's time. The indexer seals meta at the end of a run (after its own check); a tool that
// finds the same bytes (every file's size and a hash of its content, a few milliseconds to read
// from the page cache) skips the check. Any change (a commit, damage, a truncation) breaks the
// seal, and the full check runs as before. Writer and reader side by side here.
#pragma once

#include <string>

namespace dossier {

// The file DIR/meta.seal of a database directory.
std::string meta_seal_path(const std::string& db_dir);

// Every regular file of meta_dir but the lock file, by name: "name size hash" lines; "" when a
// file cannot be read.
std::string meta_seal_of(const std::string& meta_dir);

// Writes seal to DIR/meta.seal (a temporary file renamed over it); false when it cannot.
bool write_meta_seal(const std::string& db_dir, const std::string& seal);

// True when DIR/meta.seal exists and equals meta_seal_of(meta_dir) now.
bool meta_sealed(const std::string& db_dir, const std::string& meta_dir);

}  // namespace dossier
