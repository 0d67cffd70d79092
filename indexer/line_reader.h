// Streams the lines of a plain or gzip-compressed file (detected by content, not name) with a
// cap on line length, so that a 1 GB single line costs no more memory than the cap.
#pragma once

#include <cstddef>
#include <string>

namespace dossier {

struct Line {
  std::string text;         // without the line break; at most max_line_bytes
  std::size_t number = 0;   // 1-based
  bool too_long = false;    // the line was longer than the cap; the rest was discarded
  bool has_nul = false;     // a NUL byte was seen (binary data)
};

class LineReader {
 public:
  // Throws InputError when the file cannot be opened.
  LineReader(std::string path, std::size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False at the end of the file. Throws InputError on a read error or a truncated gzip stream.
  bool next(Line& line);
  bool compressed() const { return compressed_; }
  const std::string& path() const { return path_; }

 private:
  bool fill();

  std::string path_;
  std::size_t max_line_bytes_;
  void* file_ = nullptr;  // gzFile; zlib reads uncompressed files transparently
  bool compressed_ = false;
  std::string buffer_;
  std::size_t buffer_pos_ = 0;
  std::size_t line_number_ = 0;
  bool eof_ = false;
};

}  // namespace dossier
