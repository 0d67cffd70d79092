#include "searcher/speedup/heap.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>
#define DOSSIER_GLIBC_ALLOCATOR 1
#endif

using namespace dossier;

#ifdef DOSSIER_GLIBC_ALLOCATOR
// glibc's own allocator (AddressSanitizer replaces it, and ignores mallopt).
TEST_CASE("heap_for_one_search: a large block comes from the heap, and freeing it gives nothing back") {
  REQUIRE(heap_for_one_search());
  const std::size_t size = std::size_t{16} << 20;  // far above glibc's mmap threshold, even raised by a free
  const struct mallinfo2 before = mallinfo2();
  // volatile: the compiler may not drop an allocation whose contents nothing reads.
  char* volatile block = static_cast<char*>(std::malloc(size));
  REQUIRE(block != nullptr);
  std::memset(block, 1, size);
  CHECK(block[size - 1] == 1);
  const struct mallinfo2 held = mallinfo2();
  CHECK(held.hblks == before.hblks);  // not a block of its own mmap
  // In use from the heap (not the heap's size: in a process that has freed as much before, the
  // block is carved from free space and the heap does not grow).
  CHECK(held.uordblks >= before.uordblks + size);
  std::free(block);
  const struct mallinfo2 after = mallinfo2();
  CHECK(after.arena == held.arena);  // the heap's top was not trimmed
  CHECK(after.fordblks >= size);     // the block is free for the next allocation
}
#else
TEST_CASE("heap_for_one_search: another allocator is left as it is") {
  MESSAGE("not glibc's allocator (a sanitizer's): nothing to check but that the call returns");
  static_cast<void>(heap_for_one_search());
}
#endif
