// The test binary links dossier_mapped_reads, so ::pread and ::close here (and every read
// libxapian makes in the other searcher tests) are the replacements.
#include "searcher/speedup/mapped_reads.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "searcher/corpus_index.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"
#include "test_support.h"

using namespace dossier;

namespace {

std::string pattern(std::size_t size, char seed) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>(seed + i * 7 % 251);
  return text;
}

// What the kernel itself returns, for comparison.
ssize_t system_pread(int fd, void* buf, std::size_t count, off_t offset) {
  return static_cast<ssize_t>(::syscall(SYS_pread64, fd, buf, count, offset));
}

std::uint64_t reads_from_maps() { return dossier::mapped_reads::counters().mapped_reads; }

}  // namespace

TEST_CASE("a read-only file is read from its map, with the bytes and lengths pread(2) gives") {
  testing::TempDir dir;
  const std::string content = pattern(100000, 'a');
  const std::string path = dir.write("table.glass", content);
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  const std::uint64_t before = reads_from_maps();
  struct Case {
    off_t offset;
    std::size_t count;
  };
  for (const Case c : {Case{0, 8192}, Case{8192, 8192}, Case{12345, 100}, Case{100000 - 10, 10}, Case{100000 - 10, 8192},
                       Case{100000, 8192}, Case{200000, 10}}) {
    CAPTURE(c.offset);
    CAPTURE(c.count);
    std::vector<char> ours(c.count, 'x'), kernel(c.count, 'x');
    const ssize_t got = ::pread(fd, ours.data(), c.count, c.offset);
    const ssize_t expected = system_pread(fd, kernel.data(), c.count, c.offset);
    CHECK(got == expected);
    CHECK(ours == kernel);
  }
  CHECK(reads_from_maps() >= before + 4);  // the reads inside the file came from the map
  std::vector<char> buffer(8);
  errno = 0;
  const ssize_t negative = ::pread(fd, buffer.data(), 8, -1);
  const int negative_errno = errno;
  CHECK(negative == -1);
  CHECK(negative_errno == EINVAL);
  CHECK(::close(fd) == 0);
  errno = 0;
  const ssize_t closed = ::pread(fd, buffer.data(), 8, 0);  // closed: the system call's answer
  const int closed_errno = errno;
  CHECK(closed == -1);
  CHECK(closed_errno == EBADF);
}

TEST_CASE("a descriptor open for writing, and a small file, are read by the system call") {
  testing::TempDir dir;
  const std::string path = dir.write("rw.glass", pattern(100000, 'b'));
  const int fd = ::open(path.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  const std::uint64_t before = reads_from_maps();
  std::vector<char> buffer(8192);
  CHECK(::pread(fd, buffer.data(), 8192, 0) == 8192);
  CHECK(reads_from_maps() == before);
  ::close(fd);
  const std::string small = dir.write("small", "tiny file");
  const int small_fd = ::open(small.c_str(), O_RDONLY);
  CHECK(::pread(small_fd, buffer.data(), 4, 0) == 4);
  CHECK(std::string(buffer.data(), 4) == "tiny");
  CHECK(reads_from_maps() == before);
  ::close(small_fd);
}

TEST_CASE("close() drops the map: a descriptor number used again reads its new file") {
  testing::TempDir dir;
  const std::string first = dir.write("first", pattern(50000, 'c'));
  const std::string second = dir.write("second", pattern(50000, 'd'));
  std::vector<char> buffer(100);
  const int fd = ::open(first.c_str(), O_RDONLY);
  REQUIRE(::pread(fd, buffer.data(), 100, 0) == 100);
  CHECK(std::string(buffer.data(), 100) == pattern(50000, 'c').substr(0, 100));
  ::close(fd);
  const int again = ::open(second.c_str(), O_RDONLY);
  REQUIRE(again == fd);  // the lowest free number
  REQUIRE(::pread(again, buffer.data(), 100, 0) == 100);
  CHECK(std::string(buffer.data(), 100) == pattern(50000, 'd').substr(0, 100));
  ::close(again);
}

TEST_CASE("writes through another descriptor are seen; a file that grows is mapped again; a truncated one is read safely") {
  testing::TempDir dir;
  const std::string path = dir.write("live", pattern(40000, 'e'));
  const int reader = ::open(path.c_str(), O_RDONLY);
  const int writer = ::open(path.c_str(), O_RDWR);
  REQUIRE(reader >= 0);
  REQUIRE(writer >= 0);
  std::vector<char> buffer(8192);
  REQUIRE(::pread(reader, buffer.data(), 8192, 0) == 8192);  // mapped now

  const std::string block = pattern(8192, 'z');
  REQUIRE(::pwrite(writer, block.data(), block.size(), 8192) == 8192);  // rewritten in place
  REQUIRE(::pread(reader, buffer.data(), 8192, 8192) == 8192);
  CHECK(std::string(buffer.data(), 8192) == block);

  REQUIRE(::pwrite(writer, block.data(), block.size(), 40000) == 8192);  // appended
  const auto mapped_before = mapped_reads::counters().files_mapped;
  REQUIRE(::pread(reader, buffer.data(), 8192, 40000) == 8192);
  CHECK(std::string(buffer.data(), 8192) == block);
  CHECK(mapped_reads::counters().files_mapped == mapped_before + 1);  // mapped again, bigger

  // Cut under the map: the copy would fault; the read is the system call's instead (0 bytes).
  REQUIRE(::ftruncate(writer, 0) == 0);
  CHECK(::pread(reader, buffer.data(), 8192, 16384) == 0);
  CHECK(::pread(reader, buffer.data(), 8192, 0) == 0);
  ::close(writer);
  ::close(reader);
}

TEST_CASE("turned off, new descriptors are read by system calls; searches give the same results either way") {
  IndexReader mapped_index(testing::sharded_db());
  Searcher mapped(mapped_index);
  SearchRequest request;
  request.query = "army OR minister said";
  request.facet_top = 0;
  const std::uint64_t before = reads_from_maps();
  const SearchResult with_maps = mapped.search(request);
  CHECK(reads_from_maps() > before);

  mapped_reads::set_enabled(false);
  const auto system_before = mapped_reads::counters().system_reads;
  {
    IndexReader plain_index(testing::sharded_db());
    Searcher plain(plain_index);
    const std::uint64_t mapped_before = reads_from_maps();
    const SearchResult without = plain.search(request);
    CHECK(reads_from_maps() == mapped_before);
    CHECK(mapped_reads::counters().system_reads > system_before);
    REQUIRE(without.hits.size() == with_maps.hits.size());
    for (std::size_t i = 0; i < without.hits.size(); ++i) {
      CHECK(without.hits[i].docid == with_maps.hits[i].docid);
      CHECK(without.hits[i].snippet.text == with_maps.hits[i].snippet.text);
    }
    CHECK(without.total == with_maps.total);
    CHECK(without.facets.at("country").values.size() == with_maps.facets.at("country").values.size());
  }
  mapped_reads::set_enabled(true);
}
