#include "indexer/input_files.h"

#include <algorithm>
#include <filesystem>

namespace dossier {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string strip_extensions(std::string path) {
  for (std::string_view ext : {".gz", ".txt", ".text", ".jsonl", ".ndjson"}) {
    if (ends_with(lower_ascii(path), ext)) path.resize(path.size() - ext.size());
  }
  return path;
}

void add_file(const fs::path& file, const fs::path& root, InputScan& scan) {
  const std::string path = file.string();
  const auto format = format_for_path(path);
  if (!format) {
    scan.ignored.push_back(path);
    return;
  }
  std::string relative = root.empty() ? file.filename().string() : fs::relative(file, root).generic_string();
  scan.files.push_back(InputFile{path, *format, strip_extensions(relative)});
}

}  // namespace

std::optional<InputFormat> format_for_path(std::string_view path) {
  std::string lower = lower_ascii(std::string(path));
  if (ends_with(lower, ".gz")) lower.resize(lower.size() - 3);
  if (ends_with(lower, ".txt") || ends_with(lower, ".text")) return InputFormat::Plain;
  if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson")) return InputFormat::JsonLines;
  return std::nullopt;
}

InputScan scan_inputs(const std::vector<std::string>& paths) {
  InputScan scan;
  for (const std::string& arg : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      scan.errors.emplace_back(arg, 0, "no such file or directory");
      continue;
    }
    if (fs::is_regular_file(status)) {
      add_file(arg, {}, scan);
      continue;
    }
    if (!fs::is_directory(status)) {
      scan.errors.emplace_back(arg, 0, "not a regular file or directory");
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // Hidden files and folders (.git, editor swap files) are not articles.
      if (it->path().filename().string().front() == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) found.push_back(it->path());
    }
    if (ec) scan.errors.emplace_back(arg, 0, "cannot list directory: " + ec.message());
    std::sort(found.begin(), found.end());
    for (const auto& file : found) add_file(file, arg, scan);
  }
  return scan;
}

}  // namespace dossier
