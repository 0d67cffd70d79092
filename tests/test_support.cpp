#include "test_support.h"

#include <fstream>
#include <random>
#include <sstream>

namespace dossier::testing {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() / ("dossier-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  const auto target = path_ / name;
  std::filesystem::create_directories(target.parent_path());
  std::ofstream out(target, std::ios::binary);
  out << content;
  return target.string();
}

std::string source_dir() { return DOSSIER_SOURCE_DIR; }
std::string fixtures_dir() { return DOSSIER_FIXTURES_DIR; }
std::string shared_dir() { return DOSSIER_SHARED_DIR; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace dossier::testing
