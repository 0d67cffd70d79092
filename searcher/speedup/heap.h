// The C library's allocator, set for a process that runs one search and exits (dossier-search
// without -i). By default glibc serves every block of 128 KB or more with its own mmap (and
// unmaps it on free), and gives the top of the heap back to the system (brk) once 128 KB of it
// are free: each such block and each regrowth then touches fresh pages, and on this virtual
// machine a page's first touch (a page fault) costs more than the work done in it. A process
// that exits a few milliseconds later gains nothing from returning memory early, so here large
// blocks come from the heap and freed memory stays for the next allocation: about half of what
// bench/results/startup-ab-100000.md measures (this and linking ICU's code in, against the build
// before both). Not for a long-running process (-i, dossier-bench): that one reuses its pages
// anyway and should return what it frees. DOSSIER_ONE_SEARCH_HEAP=0 leaves glibc's defaults
// (searcher/environment.h).
#pragma once

#include <cstddef>

namespace dossier {

// Blocks below this come from the heap (the most glibc allows for its mmap threshold on a
// 64-bit machine); the heap's free top is kept up to kOneSearchTrimAbove.
inline constexpr std::size_t kOneSearchMapAbove = std::size_t{32} << 20;
inline constexpr std::size_t kOneSearchTrimAbove = std::size_t{256} << 20;

// Sets both; false where the allocator refused one (another C library: nothing changes).
bool heap_for_one_search();

}  // namespace dossier
