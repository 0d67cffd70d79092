#include "searcher/speedup/core_load.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <charconv>
#include <thread>
#include <utility>

namespace dossier {

namespace {

std::optional<std::size_t> read_proc_loadavg() {
  // open/read/close rather than a kept descriptor: at most every kProbeEvery, and nothing is left
  // open in a process that may fork (dossier-search's pager).
  const int fd = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[128];
  const ssize_t got = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  if (got <= 0) return std::nullopt;
  return parse_runnable(std::string_view(buffer, static_cast<std::size_t>(got)));
}

}  // namespace

std::optional<std::size_t> parse_runnable(std::string_view loadavg) {
  // Three averages, then "runnable/total".
  std::size_t at = 0;
  for (int field = 0; field < 3; ++field) {
    at = loadavg.find(' ', at);
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  }
  const std::size_t slash = loadavg.find('/', at);
  if (slash == std::string_view::npos || slash == at) return std::nullopt;
  std::size_t runnable = 0;
  const auto [end, error] = std::from_chars(loadavg.data() + at, loadavg.data() + slash, runnable);
  if (error != std::errc() || end != loadavg.data() + slash) return std::nullopt;
  return runnable;
}

bool core_free_for_worker(std::size_t cores, std::size_t runnable, std::size_t own_runnable) {
  const std::size_t others = runnable > own_runnable ? runnable - own_runnable : 0;
  return cores >= others + 2;
}

std::size_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<std::size_t>(count);
  }
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : hardware;
}

CoreProbe::CoreProbe(std::size_t cores, Reader read) : cores_(cores), read_(read ? std::move(read) : Reader(read_proc_loadavg)) {}

bool CoreProbe::core_free(std::size_t own_runnable) {
  const auto now = std::chrono::steady_clock::now();
  if (read_at_ == std::chrono::steady_clock::time_point{} || now - read_at_ >= kProbeEvery) {
    runnable_ = read_();
    own_at_read_ = own_runnable;  // what this process itself added to that count
    read_at_ = now;
  }
  return !runnable_ || core_free_for_worker(cores_, *runnable_, own_at_read_);
}

}  // namespace dossier
