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
  std::string id_base;
};

struct InputScan {
  std::vector<InputFile> files;
  std::vector<std::string> ignored;   // files of an unsupported type (reported, not errors)
  std::vector<InputError> errors;     // paths that do not exist or cannot be listed
};

// .txt / .text -> Plain; .jsonl / .ndjson -> JsonLines; each optionally followed by .gz.
std::optional<InputFormat> format_for_path(std::string_view path);

InputScan scan_inputs(const std::vector<std::string>& paths);

}  // namespace dossier
