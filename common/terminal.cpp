#include "common/terminal.h"

#include <unicode/uchar.h>

#include <cstdio>

#include "common/utf8.h"

namespace dossier {

namespace {

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

// Skips an escape sequence that starts at text[pos] (an ESC or a C1 introducer already decoded
// as cp); returns the position after it.
std::size_t skip_escape(std::string_view text, std::size_t pos, char32_t introducer) {
  char32_t kind = introducer;
  if (introducer == 0x1B) {
    if (pos >= text.size()) return pos;
    std::size_t probe = pos;
    const char32_t next = utf8::next(text, probe);
    switch (next) {
      case '[': kind = 0x9B; break;  // CSI
      case ']': kind = 0x9D; break;  // OSC
      case 'P': kind = 0x90; break;  // DCS
      case 'X': kind = 0x98; break;  // SOS
      case '^': kind = 0x9E; break;  // PM
      case '_': kind = 0x9F; break;  // APC
      default: {
        // nF / Fp / Fe / Fs sequences (ESC ( B, ESC # 8, ESC 7, ESC c): intermediate bytes
        // 0x20-0x2F, then one final byte 0x30-0x7E. Anything else ends at the ESC alone.
        std::size_t end = pos;
        while (end < text.size() && text[end] >= 0x20 && text[end] <= 0x2F) ++end;
        if (end < text.size() && text[end] >= 0x30 && text[end] <= 0x7E) return end + 1;
        return end > pos ? end : pos;
      }
    }
    pos = probe;
  }
  if (kind == 0x9B) {
    // CSI: parameter and intermediate bytes, then a final byte in 0x40..0x7E.
    while (pos < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[pos]);
      ++pos;
      if (c >= 0x40 && c <= 0x7E) break;
      if (c < 0x20 || c >= 0x80) {
        --pos;
        break;
      }
    }
    return pos;
  }
  // String sequences end at BEL or ST (ESC \ or U+009C); give up at a newline so that a stray
  // introducer cannot swallow a whole passage.
  while (pos < text.size()) {
    std::size_t probe = pos;
    const char32_t cp = utf8::next(text, probe);
    if (cp == 0x07 || cp == 0x9C) return probe;
    if (cp == 0x1B && probe < text.size() && text[probe] == '\\') return probe + 1;
    if (cp == '\n') return pos;
    pos = probe;
  }
  return pos;
}

}  // namespace

bool is_unsafe_code_point(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp);
}

std::string sanitise_for_terminal(std::string_view text, bool single_line) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x20 && byte < 0x7F) {
      out += static_cast<char>(byte);
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    const char32_t cp = utf8::next(text, pos);
    if (pos - start == 1 && byte >= 0x80) {
      out += "\xEF\xBF\xBD";  // invalid byte
    } else if (cp == 0x1B || cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) {
      pos = skip_escape(text, pos, cp);
    } else if (cp == '\n' || cp == '\t' || cp == '\r') {
      if (single_line || cp == '\r') {
        if (out.empty() || out.back() != ' ') out += ' ';
      } else {
        out += static_cast<char>(cp);
      }
    } else if (is_unsafe_code_point(cp)) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string escape_json_for_terminal(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  std::size_t pos = 0;
  while (pos < json_text.size()) {
    const std::size_t start = pos;
    const char32_t cp = utf8::next(json_text, pos);
    if (cp == 0xFFFD) {
      utf8::append(out, cp);  // an invalid byte decodes as U+FFFD: never copy the raw byte
    } else if (cp >= 0x20 && !is_unsafe_code_point(cp)) {
      out.append(json_text.substr(start, pos - start));
    } else if (cp == '\n' || cp == '\t' || cp == ' ') {
      out += static_cast<char>(cp);  // JSON structure white space; strings never hold raw ones
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(cp));
      out += buffer;
    }
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = utf8::next(text, pos);
    const auto c = static_cast<UChar32>(cp);
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
    const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

std::size_t visible_width(std::string_view text) {
  std::string visible;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    visible += text[i];
  }
  return display_width(visible);
}

std::string wrap_words(std::string_view text, std::size_t width, std::string_view indent, std::string_view first_prefix) {
  std::string out(first_prefix);
  std::size_t column = visible_width(first_prefix);
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t space = text.find(' ', pos);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(pos, space - pos);
    pos = space + 1;
    if (word.empty()) continue;
    const std::size_t w = visible_width(word);
    if (!first && column + 1 + w > width) {
      out += '\n';
      out += indent;
      column = visible_width(indent);
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    first = false;
  }
  return out;
}

}  // namespace dossier
