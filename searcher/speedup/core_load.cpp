#include "searcher/speedup/core_load.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <thread>
#include <utility>

namespace dossier {

LoadavgFile::LoadavgFile() : fd_(::open("/proc/loadavg", O_RDONLY | O_CLOEXEC)) {}

LoadavgFile::~LoadavgFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::size_t> LoadavgFile::runnable() const {
  if (fd_ < 0) return std::nullopt;
  char buffer[128];
  // The kernel renders the file again at every read from offset 0.
  const ssize_t got = ::pread(fd_, buffer, sizeof buffer, 0);
  if (got <= 0) return std::nullopt;
  return parse_runnable(std::string_view(buffer, static_cast<std::size_t>(got)));
}

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

double forget_and_add(double average, double sample, std::chrono::nanoseconds since) {
  const double kept = std::exp(-std::chrono::duration<double>(since).count() / std::chrono::duration<double>(kProbeMemory).count());
  return kept * average + (1 - kept) * sample;
}

bool core_free_for_worker(std::size_t cores, double others) { return others + 2 <= static_cast<double>(cores) + 0.5; }

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

CoreProbe::CoreProbe(std::size_t cores, Reader read) : cores_(cores), read_(std::move(read)) {
  if (!read_) {
    loadavg_ = std::make_unique<LoadavgFile>();
    read_ = [file = loadavg_.get()] { return file->runnable(); };
  }
}

bool CoreProbe::core_free(std::size_t own_runnable) {
  const auto now = std::chrono::steady_clock::now();
  const bool first = read_at_ == std::chrono::steady_clock::time_point{};
  if (first || now - read_at_ >= kProbeEvery) {
    const std::optional<std::size_t> runnable = read_();
    readable_ = runnable.has_value();
    if (readable_) {
      const double others = *runnable > own_runnable ? static_cast<double>(*runnable - own_runnable) : 0.0;
      others_ = first ? others : forget_and_add(others_, others, now - read_at_);
    }
    read_at_ = now;
  }
  return !readable_ || core_free_for_worker(cores_, others_);
}

}  // namespace dossier
