// dossier-bench-pread: what one 8 KB block read costs on this machine, as Xapian does it
// (pread(2) of a block the page cache holds) and as searcher/speedup/mapped_reads.h does it (a copy out
// of a shared memory map of the file). The same seeded random block numbers for both; the file
// is read once first so that both find it cached. Medians of --runs passes.
//
//   dossier-bench-pread --file DB/shard-000/postlist.glass [--reads 200000] [--runs 5]
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <fmt/core.h>

namespace {

constexpr std::size_t kBlock = 8192;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options spec("dossier-bench-pread", "Cost of an 8 KB block read: pread(2) against a copy from a memory map.");
  spec.add_options()
      ("file", "A file of at least one block (a Xapian table, say)", cxxopts::value<std::string>())
      ("reads", "Block reads per pass", cxxopts::value<std::size_t>()->default_value("200000"))
      ("runs", "Passes per method (the median is reported)", cxxopts::value<std::size_t>()->default_value("5"))
      ("h,help", "Show this help");
  try {
    const auto options = spec.parse(argc, argv);
    if (options.count("help") || !options.count("file")) {
      std::cout << spec.help();
      return options.count("help") ? 0 : 2;
    }
    const std::string path = options["file"].as<std::string>();
    const std::size_t reads = std::max<std::size_t>(1, options["reads"].as<std::size_t>());
    const std::size_t runs = std::max<std::size_t>(1, options["runs"].as<std::size_t>());
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "dossier-bench-pread: " << path << ": " << std::strerror(errno) << '\n';
      return 2;
    }
    const off_t size = ::lseek(fd, 0, SEEK_END);
    const std::size_t blocks = size > 0 ? static_cast<std::size_t>(size) / kBlock : 0;
    if (blocks == 0) {
      std::cerr << "dossier-bench-pread: " << path << ": smaller than one block\n";
      return 2;
    }
    void* mapped = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED) {
      std::cerr << "dossier-bench-pread: " << path << ": mmap: " << std::strerror(errno) << '\n';
      return 2;
    }
    const char* base = static_cast<const char*>(mapped);
    std::vector<char> buffer(kBlock);
    std::vector<off_t> offsets(reads);
    std::mt19937_64 rng(1);
    for (off_t& offset : offsets) offset = static_cast<off_t>((rng() % blocks) * kBlock);
    for (std::size_t b = 0; b < blocks; ++b) {  // into the page cache, and into the map
      if (::pread(fd, buffer.data(), kBlock, static_cast<off_t>(b * kBlock)) < 0) return 2;
      std::memcpy(buffer.data(), base + b * kBlock, kBlock);
    }
    const auto time = [&](auto read_one) {
      std::vector<double> per_read;
      for (std::size_t run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        for (off_t offset : offsets) read_one(offset);
        per_read.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
                           static_cast<double>(reads));
      }
      return median(per_read);
    };
    const double system_call = time([&](off_t offset) {
      if (::pread(fd, buffer.data(), kBlock, offset) != static_cast<ssize_t>(kBlock)) std::abort();
    });
    const double map_copy = time([&](off_t offset) { std::memcpy(buffer.data(), base + offset, kBlock); });
    fmt::print("{}: {} blocks of 8 KB, {} random reads x {} runs (median)\n", path, blocks, reads, runs);
    fmt::print("pread(2)          {:.2f} us per block\n", system_call);
    fmt::print("copy from a map   {:.2f} us per block ({:.2f}x)\n", map_copy, map_copy / system_call);
    ::munmap(mapped, static_cast<std::size_t>(size));
    ::close(fd);
    return 0;
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "dossier-bench-pread: " << e.what() << '\n';
    return 2;
  }
}
