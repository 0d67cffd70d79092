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
  const CodeList codes = CodeList::parse(std::string(serialised));
  dictionary.codes_.reserve(codes.size());
  for (std::size_t id = 0; id < codes.size(); ++id) {
    const std::string& code = dictionary.codes_.emplace_back(codes[id]);
    if (!dictionary.ids_.emplace(code, static_cast<std::uint32_t>(id)).second) {
      throw DatabaseError("facet code dictionary: duplicate code '" + code + "' at entry " + std::to_string(id));
    }
  }
  return dictionary;
}

CodeList FacetCodeDictionary::read_codes(std::string serialised) { return CodeList::parse(std::move(serialised)); }

CodeList::CodeList(const std::vector<std::string>& codes) {
  starts_.push_back(0);
  for (const std::string& code : codes) {
    text_ += code;
    text_ += '\x1f';
    starts_.push_back(static_cast<std::uint32_t>(text_.size()));
  }
}

CodeList CodeList::parse(std::string serialised) {
  CodeList list;
  if (serialised.empty()) return list;
  if (serialised.size() >= UINT32_MAX) throw DatabaseError("facet code dictionary: larger than 4 GB");
  list.text_ = std::move(serialised);
  if (list.text_.back() != '\x1f') list.text_ += '\x1f';  // one trailing separator is allowed
  list.starts_.reserve(static_cast<std::size_t>(std::count(list.text_.begin(), list.text_.end(), '\x1f')) + 1);
  list.starts_.push_back(0);
  for (std::size_t at = list.text_.find('\x1f'); at != std::string::npos; at = list.text_.find('\x1f', at + 1)) {
    if (at == list.starts_.back()) {
      throw DatabaseError("facet code dictionary: empty code at entry " + std::to_string(list.starts_.size() - 1));
    }
    list.starts_.push_back(static_cast<std::uint32_t>(at + 1));
  }
  return list;
}

bool CodeList::operator==(const std::vector<std::string>& codes) const {
  if (codes.size() != size()) return false;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if ((*this)[i] != codes[i]) return false;
  }
  return true;
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
