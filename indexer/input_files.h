// Expands the command-line paths into the list of article files to read, in a stable order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace dossier {

enum class InputFormat { Plain, JsonLines };

struct InputFile {
  std::string path;
  InputFormat format = InputFormat::Plain;
  // Default article id (plain text) or id prefix (JSONL): the path relative to the argument it
  // was found under, without its extensions ("balkans/2023-kfor" for balkans/2023-kfor.txt).
  // The indexing run lengthens it with parent folders when another file already has it
  // (indexer/article_owners.h), so that a default id names one source file.
  std::string id_base;
  std::string canonical;  // the path with symbolic links and ".." resolved (the manifest's key)
  // The argument "-": JSON Lines (gzipped or not) read from standard input, through path
  // kStandardInputPath. A stream, not a file: it has no manifest entry, so no later run takes its
  // articles for removed, and it is read in full every time.
  bool standard_input = false;
};

// The argument that names standard input, and the path it is read through (which error
// messages name).
inline constexpr std::string_view kStandardInputArgument = "-";
inline constexpr std::string_view kStandardInputPath = "/dev/stdin";

struct InputScan {
  std::vector<InputFile> files;
  std::vector<std::string> ignored;   // files of an unsupported type (reported, not errors)
  std::vector<InputError> notes;      // also ignored, for another reason (a linked folder, a file named twice)
  std::vector<InputError> errors;     // paths that do not exist, cannot be listed or read, FIFOs, broken links
  // Folders that could not be listed: what the database holds from under them is kept, never
  // taken for deleted.
  std::vector<std::string> unlisted;
};

// .txt / .text -> Plain; .jsonl / .ndjson -> JsonLines; each optionally followed by .gz.
std::optional<InputFormat> format_for_path(std::string_view path);

// The canonical form of a path (symbolic links and ".." resolved as far as the path exists);
// the path itself when even that fails.
std::string canonical_path(const std::string& path);

// True when path no longer exists (lstat says so, or a folder on the way is gone); false when it
// exists or cannot be checked (no search permission): only then may its articles be deleted.
bool is_gone(const std::string& path);

InputScan scan_inputs(const std::vector<std::string>& paths);

}  // namespace dossier
