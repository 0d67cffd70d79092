#include "indexer/line_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/error.h"

namespace dossier {

namespace {
constexpr std::size_t kChunk = 1 << 16;

// zlib prefixes its messages with the path, which InputError already carries.
std::string zlib_message(const char* message, const std::string& path) {
  std::string text = message != nullptr ? message : "unknown error";
  if (text.rfind(path + ": ", 0) == 0) text.erase(0, path.size() + 2);
  return text;
}
gzFile as_gz(void* file) { return static_cast<gzFile>(file); }

// zlib's gzread reads every gzip member of a file and silently ignores anything after the last
// one. This walks the members again with inflate (a second decompression, cheap next to
// indexing) and returns how many bytes follow the last member: 0 for a clean file. A read or
// data error returns 0: gzread has already reported it.
std::uint64_t bytes_after_gzip(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return 0;
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    std::fclose(file);
    return 0;
  }
  std::vector<unsigned char> in(kChunk), out(kChunk);
  std::uint64_t trailing = 0;
  bool member_done = false;
  for (;;) {
    if (stream.avail_in == 0) {
      const std::size_t got = std::fread(in.data(), 1, in.size(), file);
      if (got == 0) break;
      stream.next_in = in.data();
      stream.avail_in = static_cast<uInt>(got);
    }
    if (member_done) {
      // Another member must start with the gzip magic; anything else is trailing data (NUL
      // padding too: it was never part of the compressed text).
      if (stream.avail_in >= 2 ? !(stream.next_in[0] == 0x1f && stream.next_in[1] == 0x8b) : stream.next_in[0] != 0x1f) {
        trailing = stream.avail_in;
        while (const std::size_t got = std::fread(in.data(), 1, in.size(), file)) trailing += got;
        break;
      }
      inflateReset(&stream);
      member_done = false;
    }
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status == Z_STREAM_END) {
      member_done = true;
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      break;
    }
  }
  inflateEnd(&stream);
  std::fclose(file);
  return trailing;
}
}  // namespace

LineReader::LineReader(std::string path, std::size_t max_line_bytes, bool lone_cr_ends_line)
    : path_(std::move(path)), max_line_bytes_(max_line_bytes), lone_cr_ends_line_(lone_cr_ends_line) {
  errno = 0;
  gzFile file = gzopen(path_.c_str(), "rb");
  if (file == nullptr) {
    throw InputError(path_, 0, errno != 0 ? std::strerror(errno) : "cannot open");
  }
  file_ = file;
  gzbuffer(file, kChunk);
  // Peek so that direct/compressed is known and open errors on directories surface here. A
  // constructor that throws runs no destructor: close the file here.
  try {
    if (!fill() && !eof_) throw InputError(path_, 0, "cannot read");
  } catch (...) {
    gzclose(file);
    file_ = nullptr;
    throw;
  }
  compressed_ = gzdirect(file) == 0;
}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(as_gz(file_));
}

bool LineReader::fill() {
  if (eof_) return false;
  if (buffer_pos_ > 0) {
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  const int got = gzread(as_gz(file_), buffer_.data() + old, static_cast<unsigned>(kChunk));
  if (got < 0) {
    int code = 0;
    const char* message = gzerror(as_gz(file_), &code);
    buffer_.resize(old);
    if (code == Z_ERRNO) throw InputError(path_, line_number_ + 1, std::strerror(errno));
    throw InputError(path_, line_number_ + 1, "corrupt gzip data: " + zlib_message(message, path_));
  }
  buffer_.resize(old + static_cast<std::size_t>(got));
  if (got == 0) {
    int code = 0;
    const char* message = gzerror(as_gz(file_), &code);
    if (code == Z_BUF_ERROR) throw InputError(path_, line_number_ + 1, "truncated gzip data: " + zlib_message(message, path_));
    if (code != Z_OK) throw InputError(path_, line_number_ + 1, "read error: " + zlib_message(message, path_));
    eof_ = true;
    if (gzdirect(as_gz(file_)) == 0) trailing_bytes_ = bytes_after_gzip(path_);
    return false;
  }
  return true;
}

bool LineReader::next(Line& line) {
  line.text.clear();
  line.too_long = false;
  line.has_nul = false;
  bool any = false;
  for (;;) {
    if (buffer_pos_ >= buffer_.size()) {
      buffer_.clear();
      buffer_pos_ = 0;
      if (!fill()) break;
    }
    // The LF of a CRLF whose CR ended the previous line at the end of a buffer.
    if (skip_lf_) {
      skip_lf_ = false;
      if (buffer_[buffer_pos_] == '\n') {
        ++buffer_pos_;
        continue;
      }
    }
    any = true;
    const char* begin = buffer_.data() + buffer_pos_;
    const std::size_t available = buffer_.size() - buffer_pos_;
    // One byte over the cap is kept, so that a CR ending a line of exactly the cap is not
    // mistaken for an overlong line.
    const auto append = [&](std::size_t take) {
      if (!line.has_nul && std::memchr(begin, '\0', take) != nullptr) line.has_nul = true;
      const std::size_t cap = max_line_bytes_ + 1;
      const std::size_t room = cap > line.text.size() ? cap - line.text.size() : 0;
      if (take > room) line.too_long = true;
      line.text.append(begin, std::min(take, room));
    };
    const void* newline = std::memchr(begin, '\n', available);
    const std::size_t take = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : available;
    // Plain text: a lone CR ends a line too (classic Mac OS text would otherwise be one line,
    // a whole article read as its header).
    if (const void* cr = lone_cr_ends_line_ ? std::memchr(begin, '\r', take) : nullptr; cr != nullptr) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(cr) - begin);
      append(at);
      buffer_pos_ += at + 1;
      if (buffer_pos_ < buffer_.size()) {
        if (buffer_[buffer_pos_] == '\n') ++buffer_pos_;
      } else {
        skip_lf_ = true;
      }
      break;
    }
    append(take);
    buffer_pos_ += take;
    if (newline != nullptr) {
      ++buffer_pos_;
      break;
    }
  }
  if (!any) return false;
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  if (line.text.size() > max_line_bytes_) {
    line.too_long = true;
    line.text.resize(max_line_bytes_);
  }
  line.number = ++line_number_;
  return true;
}

}  // namespace dossier
