// Shared by the libFuzzer targets: independent oracles (a UTF-8 decoder that does not use the
// code under test, terminal-safety checks) and a failure macro that aborts, so that libFuzzer
// records the input as a crash.
//
// The rule every target follows: only dossier::Error subclasses that the API documents may be
// caught. Any other exception escapes LLVMFuzzerTestOneInput, std::terminate aborts, and
// libFuzzer saves the input as a crash artifact.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/render_style.h"

#define FUZZ_CHECK(condition, ...)                                                     \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "\nFUZZ CHECK FAILED at %s:%d: %s\n  ", __FILE__, __LINE__, \
                   #condition);                                                        \
      std::fprintf(stderr, __VA_ARGS__);                                               \
      std::fprintf(stderr, "\n");                                                      \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

namespace fuzz {

// Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF), written independently of
// common/utf8 so that a bug there cannot hide a bug elsewhere. Returns false on invalid input;
// code_points receives the decoded values.
inline bool decode_utf8(std::string_view text, std::vector<char32_t>* code_points = nullptr,
                        std::vector<bool>* boundaries = nullptr) {
  if (boundaries != nullptr) boundaries->assign(text.size() + 1, false);
  std::size_t i = 0;
  while (i < text.size()) {
    if (boundaries != nullptr) (*boundaries)[i] = true;
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char c = b(0);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c < 0x80) {
      len = 1, cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (text.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((b(k) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b(k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (code_points != nullptr) code_points->push_back(cp);
    i += len;
  }
  if (boundaries != nullptr) (*boundaries)[text.size()] = true;
  return true;
}

inline bool valid_utf8(std::string_view text) { return decode_utf8(text); }

// Code points that must never reach a terminal raw: C0 controls (allowed_c0 lists the ones a
// caller may keep, e.g. "\n\t"), DEL, C1 controls, bidi embeddings/overrides/isolates/marks.
inline bool terminal_unsafe(char32_t cp, std::string_view allowed_c0 = {}) {
  if (cp < 0x20) return allowed_c0.find(static_cast<char>(cp)) == std::string_view::npos;
  if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

// Removes Dossier's own SGR codes (searcher/render_style.h: every code its renderers write) from
// coloured output.
inline std::string strip_own_sgr(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (std::string_view code : dossier::style::kCodes) {
      if (text.substr(i, code.size()) == code) {
        i += code.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += text[i++];
  }
  return out;
}

// Aborts unless text is valid UTF-8 without any terminal-unsafe code point.
inline void check_terminal_safe(std::string_view text, const char* what, std::string_view allowed_c0 = {}) {
  std::vector<char32_t> cps;
  FUZZ_CHECK(decode_utf8(text, &cps), "%s: output is not valid UTF-8", what);
  for (char32_t cp : cps) {
    FUZZ_CHECK(!terminal_unsafe(cp, allowed_c0), "%s: unsafe code point U+%04X in output", what,
               static_cast<unsigned>(cp));
  }
}

// The input split on '\n' (no trailing empty line when the input ends with one).
inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) newline = text.size();
    lines.emplace_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

// A private scratch directory per fuzzing process (several may run side by side).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::filesystem::path path = base / ("dossier-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir(), ec);
    });
    return path;
  }();
  return dir;
}

inline std::string write_scratch(const std::string& name, std::string_view content) {
  const std::string path = (scratch_dir() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

}  // namespace fuzz
