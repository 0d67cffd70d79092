#include "searcher/speedup/mapped_reads.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace dossier::mapped_reads {

namespace {

// Descriptors at or above this are always read by system calls.
constexpr int kMostDescriptors = 1 << 16;
constexpr std::size_t kPage = 4096;  // at most the page size: every page is touched
// Smaller files are not worth a map (a Xapian table is at least a few blocks).
constexpr off_t kSmallestFile = 16 * 1024;

struct Map {
  char* base = nullptr;
  std::size_t size = 0;
};

// Per descriptor: nullptr (not decided yet), kNotMapped, or the descriptor's Map. A descriptor
// is used by one thread at a time (Xapian objects are not shared between threads), and only the
// thread using it creates, grows or drops its Map; the atomics order that against close() and
// reuse of the number by another thread.
Map* const kNotMapped = reinterpret_cast<Map*>(alignof(Map));
std::atomic<Map*> g_maps[kMostDescriptors];

// On until a tool's main says otherwise (set_enabled), from its options and environment.
std::atomic<bool> g_enabled{true};
std::atomic<std::uint64_t> g_mapped_reads{0};
std::atomic<std::uint64_t> g_system_reads{0};
std::atomic<std::uint64_t> g_files_mapped{0};

ssize_t system_pread(int fd, void* buf, std::size_t count, off_t offset) {
  g_system_reads.fetch_add(1, std::memory_order_relaxed);
  return static_cast<ssize_t>(::syscall(SYS_pread64, fd, buf, count, offset));
}

// --- a copy that survives the file being truncated under the map ---------------------------
// volatile, and fenced below: the compiler must not drop or move the stores around memcpy,
// which it knows does not read this variable.
thread_local sigjmp_buf* volatile t_copying = nullptr;
struct sigaction g_previous_sigbus;
std::mutex g_sigbus_mutex;

void on_sigbus(int, siginfo_t*, void*) {
  if (t_copying != nullptr) siglongjmp(*t_copying, 1);
  // Not a copy of ours: the fault happens again under the handler that was there before.
  ::sigaction(SIGBUS, &g_previous_sigbus, nullptr);
}

// Checked at every new map, not once: other code (a test framework, say) may put its own
// handler back in between. The one found is kept for faults that are not ours.
void ensure_sigbus_handler() {
  const std::lock_guard<std::mutex> lock(g_sigbus_mutex);
  struct sigaction current {};
  if (::sigaction(SIGBUS, nullptr, &current) != 0) return;
  if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_sigbus) return;
  struct sigaction action {};
  action.sa_sigaction = on_sigbus;
  // SA_NODEFER: the jump out of the handler leaves SIGBUS unblocked for the next fault.
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  g_previous_sigbus = current;
  ::sigaction(SIGBUS, &action, nullptr);
}

// False when the copy faulted (the file shrank under the map).
bool guarded_copy(void* to, const char* from, std::size_t count) {
  sigjmp_buf jump;
  if (sigsetjmp(jump, 0) != 0) {
    t_copying = nullptr;
    return false;
  }
  t_copying = &jump;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  // Fault every page in first: a page fault in the middle of the copy would widen the moment in
  // which a block an indexer is rewriting is copied half old, half new (Xapian's checks catch
  // most such blocks and Searcher retries; pread(2) has the same moment, without the fault).
  for (std::size_t at = 0; at < count; at += kPage) static_cast<void>(*static_cast<const volatile char*>(from + at));
  static_cast<void>(*static_cast<const volatile char*>(from + count - 1));
  std::memcpy(to, from, count);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_copying = nullptr;
  return true;
}

// --- maps ------------------------------------------------------------------------------------
Map* map_descriptor(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) != O_RDONLY) return kNotMapped;
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size < kSmallestFile) return kNotMapped;
  void* base = ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED) return kNotMapped;
  ensure_sigbus_handler();
  g_files_mapped.fetch_add(1, std::memory_order_relaxed);
  return new Map{static_cast<char*>(base), static_cast<std::size_t>(status.st_size)};
}

void drop(Map* map) {
  if (map == nullptr || map == kNotMapped) return;
  ::munmap(map->base, map->size);
  delete map;
}

// The file grew past the map (an indexer committed more blocks): map it again, bigger.
bool grow(Map& map, int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0 || static_cast<std::size_t>(status.st_size) <= map.size) return false;
  const auto size = static_cast<std::size_t>(status.st_size);
  void* base = ::mremap(map.base, map.size, size, MREMAP_MAYMOVE);
  if (base == MAP_FAILED) return false;
  map.base = static_cast<char*>(base);
  map.size = size;
  g_files_mapped.fetch_add(1, std::memory_order_relaxed);
  return true;
}

ssize_t read_at(int fd, void* buf, std::size_t count, off_t offset) {
  if (fd < 0 || fd >= kMostDescriptors || offset < 0 || count == 0) return system_pread(fd, buf, count, offset);
  Map* map = g_maps[fd].load(std::memory_order_acquire);
  if (map == nullptr) {
    if (!g_enabled.load(std::memory_order_relaxed)) return system_pread(fd, buf, count, offset);
    map = map_descriptor(fd);
    g_maps[fd].store(map, std::memory_order_release);
  }
  if (map == kNotMapped) return system_pread(fd, buf, count, offset);
  const auto begin = static_cast<std::size_t>(offset);
  const auto in_map = [&] { return begin <= map->size && count <= map->size - begin; };
  if (!in_map() && (!grow(*map, fd) || !in_map())) return system_pread(fd, buf, count, offset);
  if (!guarded_copy(buf, map->base + begin, count)) {
    // Truncated under the map: this descriptor is read by system calls from now on.
    drop(g_maps[fd].exchange(kNotMapped, std::memory_order_acq_rel));
    return system_pread(fd, buf, count, offset);
  }
  g_mapped_reads.fetch_add(1, std::memory_order_relaxed);
  return static_cast<ssize_t>(count);
}

}  // namespace

Counters counters() {
  return {g_mapped_reads.load(std::memory_order_relaxed), g_system_reads.load(std::memory_order_relaxed),
          g_files_mapped.load(std::memory_order_relaxed)};
}

void set_enabled(bool on) { g_enabled.store(on, std::memory_order_relaxed); }

}  // namespace dossier::mapped_reads

// The process-wide replacements (an executable's definitions come before libc's for every
// shared library's calls, libxapian's among them).
extern "C" ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  return dossier::mapped_reads::read_at(fd, buf, count, offset);
}

extern "C" ssize_t pread64(int fd, void* buf, size_t count, off_t offset) {
  return dossier::mapped_reads::read_at(fd, buf, count, offset);
}

extern "C" int close(int fd) {
  using namespace dossier::mapped_reads;
  if (fd >= 0 && fd < kMostDescriptors) drop(g_maps[fd].exchange(nullptr, std::memory_order_acq_rel));
  return static_cast<int>(::syscall(SYS_close, fd));
}
