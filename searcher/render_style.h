// The text renderers' colours (ANSI; used only when colour is on), shared by render.cpp and
// render_article.cpp.
#pragma once

#include <string>

namespace dossier::style {

inline constexpr const char* kHighlight = "\x1b[1;31m";
inline constexpr const char* kBold = "\x1b[1m";
inline constexpr const char* kDim = "\x1b[2m";
inline constexpr const char* kReset = "\x1b[0m";
inline constexpr const char* kSelected = "\x1b[1;32m";
// Every code above: the fuzz targets strip exactly these before checking that nothing else
// reaches the terminal (tests/fuzz/fuzz_support.h), so a new colour goes here too.
inline constexpr const char* kCodes[] = {kHighlight, kBold, kDim, kReset, kSelected};

inline std::string paint(const std::string& text, const char* code, bool colour) {
  return colour ? std::string(code) + text + kReset : text;
}

}  // namespace dossier::style
