#include "indexer/progress.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "common/terminal.h"

namespace dossier {

namespace {
constexpr double kTerminalInterval = 0.5;  // seconds between live-line updates
constexpr double kLogInterval = 10;        // seconds between log lines off a terminal

std::string clock_text(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                       : fmt::format("{:02}:{:02}", total / 60, total % 60);
}
}  // namespace

Progress::Progress(std::ostream& out, bool terminal, bool quiet, std::size_t width)
    : out_(out), terminal_(terminal), quiet_(quiet), width_(width), started_(std::chrono::steady_clock::now()), last_(started_) {}

std::string Progress::line(const ProgressCounts& c, double elapsed) const {
  const double mb_per_s = elapsed > 0 ? static_cast<double>(c.bytes_done) / 1e6 / elapsed : 0;
  std::vector<std::string> parts{fmt::format("files {}/{}", c.files_done, c.files_total), fmt::format("passages {}", c.passages)};
  if (c.bytes_done > 0 && c.bytes_total > c.bytes_done) {
    const double left = elapsed * static_cast<double>(c.bytes_total - c.bytes_done) / static_cast<double>(c.bytes_done);
    parts.push_back("ETA " + clock_text(left));
  }
  parts.push_back(fmt::format("articles {}", c.articles));
  parts.push_back(fmt::format("{:.1f} MB/s", mb_per_s));
  parts.push_back(clock_text(elapsed) + " elapsed");
  // On a terminal: the parts that fit, in their order of importance; a log line has them all.
  const std::size_t room = terminal_ && width_ > 1 ? width_ - 1 : std::string::npos;
  std::string text;
  for (const std::string& part : parts) {
    const std::string next = text.empty() ? part : text + " · " + part;
    if (display_width(next) > room) break;
    text = next;
  }
  return text;
}

void Progress::clear() {
  if (terminal_ && shown_) out_ << "\r\x1b[2K" << std::flush;
  shown_ = false;
}

void Progress::update(const ProgressCounts& counts, bool force) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  if (!force && since_last < (terminal_ ? kTerminalInterval : kLogInterval)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  if (terminal_) {
    out_ << "\r\x1b[2K" << line(counts, elapsed) << std::flush;
    shown_ = true;
  } else {
    out_ << "dossier-index: progress: " << line(counts, elapsed) << '\n';
  }
}

void Progress::finish() { clear(); }

}  // namespace dossier
