#include "indexer/line_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

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
}  // namespace

LineReader::LineReader(std::string path, std::size_t max_line_bytes)
    : path_(std::move(path)), max_line_bytes_(max_line_bytes) {
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
    any = true;
    const char* begin = buffer_.data() + buffer_pos_;
    const std::size_t available = buffer_.size() - buffer_pos_;
    const void* newline = std::memchr(begin, '\n', available);
    const std::size_t take = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : available;
    if (!line.has_nul && std::memchr(begin, '\0', take) != nullptr) line.has_nul = true;
    // One byte over the cap is kept, so that a CR ending a line of exactly the cap is not
    // mistaken for an overlong line.
    const std::size_t cap = max_line_bytes_ + 1;
    const std::size_t room = cap > line.text.size() ? cap - line.text.size() : 0;
    if (take > room) line.too_long = true;
    line.text.append(begin, std::min(take, room));
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
