// Helpers shared by the unit tests: temporary directories, fixture paths, a small gazetteer.
#pragma once

#include <filesystem>
#include <string>

namespace dossier::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes content to name (creating parent folders) and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string source_dir();    // repository root
std::string fixtures_dir();  // tests/fixtures
std::string shared_dir();    // ../shared (may be absent)
std::string read_file(const std::string& path);

}  // namespace dossier::testing
