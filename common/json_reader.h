// A strict JSON reader for what nlohmann's dump() writes (no whitespace, keys as written),
// driving a nlohmann SAX handler as json::sax_parse would: strings are copied a run of plain
// bytes at a time instead of byte by byte (nlohmann's lexer was half of a rare word's top-10
// query, callgrind; most of a one-shot search's entity records). It knows only objects, arrays,
// strings, unsigned integers, true, false and null; anything else (whitespace, a sign, a
// fraction, stray bytes) returns false, and the caller reads the text with nlohmann instead, for
// the same result or its error message. Used by common/record (passage records) and
// common/entity_index (entity records).
//
// A handler that has `bool keeps_string()` is asked before each string value (and, inside an
// array, once at its start) whether it keeps it: where it does not, the string is checked as any
// other but neither copied nor handed over (naming a facet value needs nothing of a country's
// record but its name, and the record lists thousands of place names). nlohmann's parser, which
// has no such question, hands every string over: such a handler must also ignore what it said it
// does not keep.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/utf8.h"

namespace dossier {

class StrictJsonReader {
 public:
  explicit StrictJsonReader(std::string_view data) : data_(data) {}

  template <class Handler>
  bool parse(Handler& reader) {
    if (!value(reader, 0)) return false;
    return pos_ == data_.size();
  }

 private:
  static constexpr int kMaxDepth = 8;  // a passage record nests three levels deep, an entity record two

  template <class Handler>
  bool value(Handler& reader, int depth) {
    if (pos_ >= data_.size() || depth > kMaxDepth) return false;
    const char c = data_[pos_];
    if (c == '{') return object(reader, depth);
    if (c == '[') return array(reader, depth);
    if (c == '"') {
      std::string text;
      if constexpr (requires { reader.keeps_string(); }) {
        if (!reader.keeps_string()) return string(text, false);
      }
      return string(text) && reader.string(text);
    }
    if (c >= '0' && c <= '9') {
      std::uint64_t number = 0;
      while (pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '9') {
        if (number > (UINT64_MAX - 9) / 10) return false;
        number = number * 10 + static_cast<std::uint64_t>(data_[pos_++] - '0');
      }
      if (pos_ < data_.size() && (data_[pos_] == '.' || data_[pos_] == 'e' || data_[pos_] == 'E')) return false;
      return reader.number_unsigned(number);
    }
    if (data_.substr(pos_, 4) == "null") {
      pos_ += 4;
      return reader.null();
    }
    if (data_.substr(pos_, 4) == "true") {
      pos_ += 4;
      return reader.boolean(true);
    }
    if (data_.substr(pos_, 5) == "false") {
      pos_ += 5;
      return reader.boolean(false);
    }
    return false;
  }

  template <class Handler>
  bool object(Handler& reader, int depth) {
    ++pos_;
    if (!reader.start_object(0)) return false;
    if (peek('}')) return reader.end_object();
    for (;;) {
      std::string key;
      if (!peek_is('"') || !string(key) || !reader.key(key) || !peek(':') || !value(reader, depth + 1)) return false;
      if (peek('}')) return reader.end_object();
      if (!peek(',')) return false;
    }
  }

  template <class Handler>
  bool array(Handler& reader, int depth) {
    ++pos_;
    if (!reader.start_array(0)) return false;
    if (peek(']')) return reader.end_array();
    if constexpr (requires { reader.keeps_string(); }) {
      // Strings not kept, one after the other, in one loop; any other value goes to the loop
      // below, which hands it over.
      if (!reader.keeps_string()) {
        std::string scratch;
        while (peek_is('"')) {
          if (!string(scratch, false)) return false;
          if (peek(']')) return reader.end_array();
          if (!peek(',')) return false;
        }
      }
    }
    for (;;) {
      if (!value(reader, depth + 1)) return false;
      if (peek(']')) return reader.end_array();
      if (!peek(',')) return false;
    }
  }

  // keep false: the string is checked, not copied (an escape still lands in out, then cleared).
  bool string(std::string& out, bool keep = true) {
    ++pos_;  // the opening quote
    for (;;) {
      const std::size_t start = pos_;
      pos_ = plain_run_end(pos_);
      if (keep) out.append(data_.data() + start, pos_ - start);
      if (pos_ >= data_.size() || static_cast<unsigned char>(data_[pos_]) < 0x20) return false;
      if (data_[pos_++] == '"') return true;
      if (!escape(out)) return false;
      if (!keep) out.clear();
    }
  }

  bool escape(std::string& out) {
    if (pos_ >= data_.size()) return false;
    const char c = data_[pos_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xD800 && code <= 0xDBFF) {  // a surrogate pair
      std::uint32_t low = 0;
      if (data_.substr(pos_, 2) != "\\u") return false;
      pos_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return false;
    }
    utf8::append(out, static_cast<char32_t>(code));
    return true;
  }

  bool hex4(std::uint32_t& code) {
    if (pos_ + 4 > data_.size()) return false;
    for (int i = 0; i < 4; ++i) {
      const char h = data_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9') code |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') code |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') code |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  static bool special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

  // Where the run of plain string bytes from pos ends: the first '"', '\\' or control character,
  // or the end of the data. Sixteen bytes at a time where the machine is little-endian (GCC's
  // vector extensions, any architecture): the names of a country's entity record are tens of
  // kilobytes, which one byte at a time was most of naming a rare word's facet values.
  std::size_t plain_run_end(std::size_t pos) const {
    const std::size_t size = data_.size();
    if constexpr (std::endian::native == std::endian::little) {
      using Block = unsigned char __attribute__((vector_size(16)));
      while (pos + 16 <= size) {
        Block block;
        std::memcpy(&block, data_.data() + pos, 16);
        const auto found = (block == '"') | (block == '\\') | (block < 0x20);
        std::uint64_t half[2];
        static_assert(sizeof found == sizeof half);
        std::memcpy(half, &found, sizeof half);
        if (half[0] != 0) return pos + static_cast<std::size_t>(std::countr_zero(half[0])) / 8;
        if (half[1] != 0) return pos + 8 + static_cast<std::size_t>(std::countr_zero(half[1])) / 8;
        pos += 16;
      }
    }
    while (pos < size && !special(static_cast<unsigned char>(data_[pos]))) ++pos;
    return pos;
  }

  // dump() writes no whitespace: none is accepted.
  bool peek(char c) {
    if (pos_ < data_.size() && data_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool peek_is(char c) const { return pos_ < data_.size() && data_[pos_] == c; }

  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace dossier
