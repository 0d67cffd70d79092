#include "indexer/input_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

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

// What a directory entry is, from lstat and stat (std::filesystem's status calls throw or
// collapse the reasons that the messages need).
enum class Kind { File, Directory, LinkedDirectory, Other, Dangling, Loop, Unreadable };

struct EntryKind {
  Kind kind;
  std::string detail;  // for Other: what it is; for Unreadable: strerror
};

EntryKind classify(const fs::path& path) {
  struct stat link {}, target {};
  if (::lstat(path.c_str(), &link) != 0) return {Kind::Unreadable, std::strerror(errno)};
  const bool is_link = S_ISLNK(link.st_mode);
  if (::stat(path.c_str(), &target) != 0) {
    if (errno == ELOOP) return {Kind::Loop, {}};
    if (is_link && (errno == ENOENT || errno == ENOTDIR)) return {Kind::Dangling, {}};
    return {Kind::Unreadable, std::strerror(errno)};
  }
  if (S_ISREG(target.st_mode)) return {Kind::File, {}};
  if (S_ISDIR(target.st_mode)) return {is_link ? Kind::LinkedDirectory : Kind::Directory, {}};
  if (S_ISFIFO(target.st_mode)) return {Kind::Other, "a FIFO"};
  if (S_ISSOCK(target.st_mode)) return {Kind::Other, "a socket"};
  if (S_ISCHR(target.st_mode) || S_ISBLK(target.st_mode)) return {Kind::Other, "a device"};
  return {Kind::Other, "not a regular file"};
}

class Scanner {
 public:
  explicit Scanner(InputScan& scan) : scan_(scan) {}

  void argument(const std::string& arg) {
    if (arg == kStandardInputArgument) {
      if (!seen_.insert(arg).second) {
        scan_.notes.emplace_back("standard input", 0, "named more than once; read once");
        return;
      }
      // Ids of records without one: "stdin:<line>".
      scan_.files.push_back(InputFile{std::string(kStandardInputPath), InputFormat::JsonLines, "stdin", arg, true});
      return;
    }
    const EntryKind kind = classify(arg);
    switch (kind.kind) {
      case Kind::File:
        add_file(arg, {});
        return;
      case Kind::Directory:
      case Kind::LinkedDirectory:  // named on the command line: followed
        walk(arg);
        return;
      default:
        report(arg, kind, true);
    }
  }

 private:
  // Depth-first, each folder's entries sorted, so that the order (and with it which file keeps
  // a contested default id) does not depend on the file system. Symbolic links to folders are
  // not followed (a link to an ancestor would loop); they are noted.
  void walk(const fs::path& root) {
    std::vector<fs::path> stack{root};
    std::vector<fs::path> files;
    while (!stack.empty()) {
      const fs::path dir = std::move(stack.back());
      stack.pop_back();
      std::vector<fs::path> entries;
      std::error_code ec;
      fs::directory_iterator it(dir, ec);
      for (; !ec && it != fs::directory_iterator(); it.increment(ec)) entries.push_back(it->path());
      if (ec) {
        scan_.errors.emplace_back(dir.string(), 0, "cannot list folder: " + ec.message() + "; articles indexed from it are kept");
        scan_.unlisted.push_back(canonical_path(dir.string()));
      }
      std::sort(entries.begin(), entries.end());
      std::vector<fs::path> subdirs;
      for (const fs::path& entry : entries) {
        if (entry.filename().string().front() == '.') continue;  // .git, editor swap files: not articles
        const EntryKind kind = classify(entry);
        if (kind.kind == Kind::File) {
          files.push_back(entry);
        } else if (kind.kind == Kind::Directory) {
          subdirs.push_back(entry);
        } else {
          report(entry.string(), kind, false);
        }
      }
      // Reverse, so that the stack pops them in sorted order.
      for (auto sub = subdirs.rbegin(); sub != subdirs.rend(); ++sub) stack.push_back(*sub);
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) add_file(file, root);
  }

  void report(const std::string& path, const EntryKind& kind, bool argument) {
    switch (kind.kind) {
      case Kind::LinkedDirectory:
        scan_.notes.emplace_back(path, 0, "symbolic link to a folder, not followed (name the folder itself to index it)");
        return;
      case Kind::Dangling:
        scan_.errors.emplace_back(path, 0, "dangling symbolic link");
        return;
      case Kind::Loop:
        scan_.errors.emplace_back(path, 0, "symbolic link loop");
        return;
      case Kind::Other:
        scan_.errors.emplace_back(path, 0, kind.detail + ", not a regular file; skipped");
        return;
      case Kind::Unreadable:
        if (argument && kind.detail == std::strerror(ENOENT)) {
          scan_.errors.emplace_back(path, 0, "no such file or directory");
        } else {
          scan_.errors.emplace_back(path, 0, "cannot read: " + kind.detail + "; articles indexed from it are kept");
          scan_.unlisted.push_back(canonical_path(path));
        }
        return;
      default:
        return;
    }
  }

  void add_file(const fs::path& file, const fs::path& root) {
    const std::string path = file.string();
    const auto format = format_for_path(path);
    if (!format) {
      scan_.ignored.push_back(path);
      return;
    }
    std::string canonical = canonical_path(path);
    if (!seen_.insert(canonical).second) {
      scan_.notes.emplace_back(path, 0, "named more than once; read once");
      return;
    }
    // Lexical: the file was found under root, and fs::relative would resolve links (and throw
    // on a folder without search permission).
    const std::string relative = root.empty() ? file.filename().string() : file.lexically_relative(root).generic_string();
    scan_.files.push_back(InputFile{path, *format, strip_extensions(relative), std::move(canonical)});
  }

  InputScan& scan_;
  std::set<std::string> seen_;
};

}  // namespace

std::optional<InputFormat> format_for_path(std::string_view path) {
  std::string lower = lower_ascii(std::string(path));
  if (ends_with(lower, ".gz")) lower.resize(lower.size() - 3);
  if (ends_with(lower, ".txt") || ends_with(lower, ".text")) return InputFormat::Plain;
  if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson")) return InputFormat::JsonLines;
  return std::nullopt;
}

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path, ec).lexically_normal().string() : canonical.string();
}

bool is_gone(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) return false;
  return errno == ENOENT || errno == ENOTDIR;
}

InputScan scan_inputs(const std::vector<std::string>& paths) {
  InputScan scan;
  Scanner scanner(scan);
  for (const std::string& arg : paths) scanner.argument(arg);
  return scan;
}

}  // namespace dossier
