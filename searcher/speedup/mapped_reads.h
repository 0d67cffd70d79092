// Xapian 1.4 reads every B-tree block with pread(2): one system call per 8 KB block. On a
// virtual machine that call costs 3 to 6 us for a block the page cache already holds, against
// under 1 us to copy the same block out of a shared memory map (bench: dossier-bench-pread), and
// a top-10 search reads hundreds of blocks (document lengths, collapse keys, records).
//
// Linked into an executable (the OBJECT library dossier_mapped_reads: dossier-search,
// dossier-bench, the searcher tests), this file replaces pread() and close() for the whole
// process. The first pread() of a file descriptor opened read-only on a regular file maps the
// file (PROT_READ, MAP_SHARED: the mapping IS the page cache, so a block an indexer writes is
// seen exactly as pread() would see it), and later reads are copies from the map. Everything
// else, and any read the map cannot serve, is the pread system call itself:
//   - a descriptor opened for writing (a WritableDatabase), a pipe, a socket, a small file;
//   - a read past the end of the map: the file grew (it is mapped again at its new size) or the
//     read is past the end of the file;
//   - a file truncated under the map: the copy faults (SIGBUS), the fault is caught and the
//     read is done by the system call, which sees the truncation as pread() would.
// close() drops the descriptor's map before the descriptor is closed, so a reused descriptor
// number never reads an old file's map. set_enabled(false) turns the maps off for the process
// (every read is a system call again): the tools' main does, from DOSSIER_MAPPED_READS=0
// (searcher/environment.h), and dossier-search for a one-shot search (not with -i) unless
// DOSSIER_MAPPED_READS is set: a page's first touch through a map (a page fault) costs more
// than the pread it replaces, and a fresh process reads most blocks once.
#pragma once

#include <cstdint>

namespace dossier::mapped_reads {

struct Counters {
  std::uint64_t mapped_reads = 0;  // reads served from a map
  std::uint64_t system_reads = 0;  // reads passed to the system call
  std::uint64_t files_mapped = 0;  // maps made (a file mapped again after growing counts once)
};

Counters counters();

// Off: files not mapped yet are read by system calls (maps already made stay in use until
// their descriptor is closed). On by default.
void set_enabled(bool on);

}  // namespace dossier::mapped_reads
