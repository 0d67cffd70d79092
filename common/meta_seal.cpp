#include "common/meta_seal.h"

#include <fcntl.h>
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

constexpr const char* kHeader = "dossier meta seal 1\n";

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

}  // namespace

std::string meta_seal_path(const std::string& db_dir) { return (fs::path(db_dir) / "meta.seal").string(); }

std::string meta_seal_of(const std::string& meta_dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(meta_dir, ec), end; !ec && it != end; it.increment(ec)) {
    // flintlock is Xapian's lock file: a writer's lock, not the database's content.
    if (it->is_regular_file(ec) && it->path().filename() != "flintlock") files.push_back(it->path());
  }
  if (ec || files.empty()) return {};
  std::sort(files.begin(), files.end());
  std::ostringstream seal;
  seal << kHeader;
  for (const fs::path& file : files) {
    std::uint64_t hash = 0;
    const auto size = fs::file_size(file, ec);
    if (ec || !hash_file(file, hash)) return {};
    seal << file.filename().string() << ' ' << size << ' ' << std::hex << hash << std::dec << '\n';
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

bool meta_sealed(const std::string& db_dir, const std::string& meta_dir) {
  std::ifstream in(meta_seal_path(db_dir), std::ios::binary);
  if (!in) return false;
  std::ostringstream recorded;
  recorded << in.rdbuf();
  const std::string seal = recorded.str();
  return seal.rfind(kHeader, 0) == 0 && seal == meta_seal_of(meta_dir);
}

}  // namespace dossier
