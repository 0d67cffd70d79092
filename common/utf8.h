// Small UTF-8 helpers that do not need ICU: validation, repair and code point iteration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::utf8 {

// Byte offset of the first invalid sequence (overlong forms, surrogates and values above
// U+10FFFF are invalid), or nullopt when the whole text is valid UTF-8.
std::optional<std::size_t> find_invalid(std::string_view text);

// Copy of text with each invalid sequence replaced by U+FFFD.
std::string repair(std::string_view text);

// Decodes the code point at text[pos] and advances pos. Invalid bytes decode as U+FFFD and
// advance by one byte, so iteration always terminates.
char32_t next(std::string_view text, std::size_t& pos);

void append(std::string& out, char32_t cp);

// Truncates to at most max_bytes without splitting a code point.
std::string_view truncate(std::string_view text, std::size_t max_bytes);

}  // namespace dossier::utf8
