#include "common/facet_ids.h"

#include <algorithm>

#include "common/error.h"

namespace dossier {

void append_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

FacetCodeDictionary FacetCodeDictionary::parse(std::string_view serialised) {
  FacetCodeDictionary dictionary;
  dictionary.codes_ = read_codes(serialised);
  for (std::size_t id = 0; id < dictionary.codes_.size(); ++id) {
    const std::string& code = dictionary.codes_[id];
    if (!dictionary.ids_.emplace(code, static_cast<std::uint32_t>(id)).second) {
      throw DatabaseError("facet code dictionary: duplicate code '" + code + "' at entry " + std::to_string(id));
    }
  }
  return dictionary;
}

std::vector<std::string> FacetCodeDictionary::read_codes(std::string_view serialised) {
  std::vector<std::string> codes;
  codes.reserve(static_cast<std::size_t>(std::count(serialised.begin(), serialised.end(), '\x1f')) + 1);
  std::size_t start = 0;
  while (start < serialised.size()) {
    std::size_t end = serialised.find('\x1f', start);
    if (end == std::string_view::npos) end = serialised.size();
    if (end == start) throw DatabaseError("facet code dictionary: empty code at entry " + std::to_string(codes.size()));
    codes.emplace_back(serialised.substr(start, end - start));
    start = end + 1;
  }
  return codes;
}

std::string FacetCodeDictionary::serialise() const {
  std::string out;
  for (const std::string& code : codes_) {
    if (!out.empty()) out += '\x1f';
    out += code;
  }
  return out;
}

std::uint32_t FacetCodeDictionary::id_of(std::string_view code) {
  if (const auto it = ids_.find(code); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(codes_.size());
  ids_.emplace(std::string(code), id);
  codes_.emplace_back(code);
  changed_ = true;
  return id;
}

std::string encode_facet_ids(const FacetIds& ids) {
  std::string out;
  append_varint(out, ids.shard);
  append_varint(out, ids.article);
  for (std::uint32_t code : ids.codes) append_varint(out, code);
  return out;
}

}  // namespace dossier
