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
  // width: the terminal's columns; the live line never reaches the last one (a line that fills
  // the width wraps on some terminals, and "\r\x1b[2K" then clears only its last row).
  Progress(std::ostream& out, bool terminal, bool quiet, std::size_t width = 80);
  void update(const ProgressCounts& counts, bool force = false);
  void clear();   // clears the live line (a message follows); the next update draws it again
  void finish();  // clears the live line

 private:
  // The parts of the line, most important first; as many as fit the width.
  std::string line(const ProgressCounts& counts, double elapsed) const;

  std::ostream& out_;
  bool terminal_;
  bool quiet_;
  std::size_t width_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace dossier
