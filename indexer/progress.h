// Progress of an indexing run: a live line on a terminal, a plain log line now and then
// elsewhere, nothing with --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

namespace dossier {

struct ProgressCounts {
  std::size_t files_done = 0;
  std::size_t files_total = 0;
  std::size_t articles = 0;
  std::size_t passages = 0;
  std::uint64_t bytes_done = 0;   // input bytes of the files finished
  std::uint64_t bytes_total = 0;  // input bytes of every file (known from the scan)
};

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, bool quiet);
  void update(const ProgressCounts& counts, bool force = false);
  void finish();  // clears the live line

 private:
  std::string line(const ProgressCounts& counts, double elapsed) const;

  std::ostream& out_;
  bool terminal_;
  bool quiet_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace dossier
