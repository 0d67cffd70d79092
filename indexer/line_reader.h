// Streams the lines of a plain or gzip-compressed file (detected by content, not name) with a
// cap on line length, so that a 1 GB single line costs no more memory than the cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dossier {

struct Line {
  std::string text;         // without the line break (LF, CRLF or CR); at most max_line_bytes
  std::size_t number = 0;   // 1-based
  bool too_long = false;    // the line was longer than the cap; the rest was discarded
  bool has_nul = false;     // a NUL byte was seen (binary data)
};

class LineReader {
 public:
  // Throws InputError when the file cannot be opened. lone_cr_ends_line: a CR not followed by LF
  // ends a line too (plain text; JSON Lines may have a CR as whitespace inside a record).
  LineReader(std::string path, std::size_t max_line_bytes, bool lone_cr_ends_line = false);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False at the end of the file. Throws InputError on a read error or a truncated gzip stream.
  bool next(Line& line);
  bool compressed() const { return compressed_; }
  // After the last line of a gzip file: bytes after its last gzip member, which zlib ignores
  // (garbage, or a damaged member appended): the caller reports them.
  std::uint64_t trailing_bytes() const { return trailing_bytes_; }
  const std::string& path() const { return path_; }

 private:
  bool fill();

  std::string path_;
  std::size_t max_line_bytes_;
  bool lone_cr_ends_line_ = false;
  void* file_ = nullptr;  // gzFile; zlib reads uncompressed files transparently
  bool compressed_ = false;
  std::string buffer_;
  std::size_t buffer_pos_ = 0;
  std::size_t line_number_ = 0;
  bool eof_ = false;
  bool skip_lf_ = false;
  std::uint64_t trailing_bytes_ = 0;  // the last line ended with a CR at the end of the buffer
};

}  // namespace dossier
