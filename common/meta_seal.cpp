#include "common/meta_seal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace dossier {

namespace {

constexpr const char* kHeader = "dossier meta seal 2\n";

// A 64-bit hash of a file's bytes: four independent multiply-xor lanes over 8-byte words (so the
// CPU runs them side by side), folded at the end. It guards against accidental change (damage,
// truncation, a commit), not against someone forging a file. False when the file is unreadable.
bool hash_file(const fs::path& path, std::uint64_t& hash) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  constexpr std::uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
  std::array<std::uint64_t, 4> lanes{1, 2, 3, 4};
  std::vector<char> buffer(1 << 20);
  std::uint64_t total = 0;
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      ::close(fd);
      return false;
    }
    if (got == 0) break;
    const std::size_t size = static_cast<std::size_t>(got);
    std::size_t at = 0;
    for (; at + 32 <= size; at += 32) {
      for (std::size_t lane = 0; lane < 4; ++lane) {
        std::uint64_t word;
        std::memcpy(&word, buffer.data() + at + 8 * lane, 8);
        lanes[lane] = (lanes[lane] ^ word) * kPrime;
      }
    }
    for (; at < size; ++at) lanes[0] = (lanes[0] ^ static_cast<unsigned char>(buffer[at])) * kPrime;
    total += size;
  }
  ::close(fd);
  hash = total;
  for (const std::uint64_t lane : lanes) hash = (hash ^ (lane >> 29) ^ lane) * kPrime;
  return true;
}

// One file's line: "name size hash device inode mtime_ns ctime_ns".
struct SealLine {
  std::string name;
  std::uintmax_t size = 0;
  std::uint64_t hash = 0;
  std::uint64_t device = 0, inode = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  bool has_stat = false;  // seal 1 lines have name, size and hash only
};

std::int64_t nanoseconds(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; }

// The files a seal covers: every regular file but Xapian's lock file (a writer's lock, not the
// database's content), sorted by name; false when the directory cannot be read or is empty.
bool sealed_files(const std::string& meta_dir, std::vector<fs::path>& files) {
  std::error_code ec;
  for (fs::directory_iterator it(meta_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().filename() != "flintlock") files.push_back(it->path());
  }
  if (ec || files.empty()) return false;
  std::sort(files.begin(), files.end());
  return true;
}

bool stat_line(const fs::path& file, SealLine& line) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return false;
  line.name = file.filename().string();
  line.size = static_cast<std::uintmax_t>(st.st_size);
  line.device = static_cast<std::uint64_t>(st.st_dev);
  line.inode = static_cast<std::uint64_t>(st.st_ino);
  line.mtime_ns = nanoseconds(st.st_mtim);
  line.ctime_ns = nanoseconds(st.st_ctim);
  line.has_stat = true;
  return true;
}

bool parse_seal(const std::string& text, std::vector<SealLine>& lines) {
  std::istringstream in(text);
  std::string header;
  if (!std::getline(in, header)) return false;
  const bool with_stat = header + "\n" == kHeader;
  if (!with_stat && header != "dossier meta seal 1") return false;
  for (std::string row; std::getline(in, row);) {
    std::istringstream fields(row);
    SealLine line;
    if (!(fields >> line.name >> line.size >> std::hex >> line.hash >> std::dec)) return false;
    if (with_stat) {
      if (!(fields >> line.device >> line.inode >> line.mtime_ns >> line.ctime_ns)) return false;
      line.has_stat = true;
    }
    lines.push_back(std::move(line));
  }
  return !lines.empty();
}

}  // namespace

std::string meta_seal_path(const std::string& db_dir) { return (fs::path(db_dir) / "meta.seal").string(); }

std::string meta_seal_of(const std::string& meta_dir) {
  std::vector<fs::path> files;
  if (!sealed_files(meta_dir, files)) return {};
  std::ostringstream seal;
  seal << kHeader;
  for (const fs::path& file : files) {
    SealLine before, after;
    std::uint64_t hash = 0;
    // Stat on both sides of the read: a file written meanwhile is not sealed.
    if (!stat_line(file, before) || !hash_file(file, hash) || !stat_line(file, after)) return {};
    if (before.size != after.size || before.mtime_ns != after.mtime_ns || before.ctime_ns != after.ctime_ns) return {};
    seal << after.name << ' ' << after.size << ' ' << std::hex << hash << std::dec << ' ' << after.device << ' ' << after.inode
         << ' ' << after.mtime_ns << ' ' << after.ctime_ns << '\n';
  }
  return seal.str();
}

bool write_meta_seal(const std::string& db_dir, const std::string& seal) {
  if (seal.empty()) return false;
  const std::string path = meta_seal_path(db_dir);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << seal;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  return !ec;
}

SealState meta_seal_state(const std::string& db_dir, const std::string& meta_dir) {
  const std::string path = meta_seal_path(db_dir);
  struct stat seal_stat {};
  if (::stat(path.c_str(), &seal_stat) != 0) return SealState::kBroken;
  std::ifstream in(path, std::ios::binary);
  if (!in) return SealState::kBroken;
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<SealLine> recorded;
  if (!parse_seal(text.str(), recorded)) return SealState::kBroken;
  std::vector<fs::path> files;
  if (!sealed_files(meta_dir, files) || files.size() != recorded.size()) return SealState::kBroken;

  bool same_stat = true;
  for (std::size_t i = 0; i < files.size() && same_stat; ++i) {
    SealLine now;
    if (!stat_line(files[i], now)) return SealState::kBroken;
    const SealLine& then = recorded[i];
    // A file changed in the clock tick the seal was written in could have changed after it with
    // the same times (timestamps are coarse): only older files are trusted by their stat.
    same_stat = then.has_stat && now.name == then.name && now.size == then.size && now.device == then.device &&
                now.inode == then.inode && now.mtime_ns == then.mtime_ns && now.ctime_ns == then.ctime_ns &&
                now.ctime_ns < nanoseconds(seal_stat.st_ctim);
  }
  if (same_stat) return SealState::kByStat;

  for (std::size_t i = 0; i < files.size(); ++i) {
    std::uint64_t hash = 0;
    std::error_code ec;
    const auto size = fs::file_size(files[i], ec);
    if (ec || files[i].filename().string() != recorded[i].name || size != recorded[i].size || !hash_file(files[i], hash) ||
        hash != recorded[i].hash) {
      return SealState::kBroken;
    }
  }
  return SealState::kByContent;
}

}  // namespace dossier
