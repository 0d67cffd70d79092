#include "searcher/speedup/heap.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dossier {

bool heap_for_one_search() {
#if defined(__GLIBC__)
  // mallopt returns 1 on success. Setting the mmap threshold also stops glibc from raising it
  // by itself, which it does only after a mapped block has been freed, too late for one search.
  const bool mapped = mallopt(M_MMAP_THRESHOLD, static_cast<int>(kOneSearchMapAbove)) == 1;
  const bool trimmed = mallopt(M_TRIM_THRESHOLD, static_cast<int>(kOneSearchTrimAbove)) == 1;
  return mapped && trimmed;
#else
  return false;
#endif
}

}  // namespace dossier
