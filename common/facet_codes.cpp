#include "common/facet_codes.h"

#include <set>

#include "common/facet_ids.h"
#include "common/schema.h"

namespace dossier {

std::string encode_facet_codes(const std::vector<EntityMention>& entities, std::string_view speaker_id) {
  std::set<std::string> codes;
  if (!speaker_id.empty()) codes.insert(std::string(1, static_cast<char>(schema::Facet::Speaker)) + ":" + std::string(speaker_id));
  for (const auto& mention : entities) {
    schema::Facet facet;
    if (!schema::parse_facet_name(mention.facet, facet)) continue;
    codes.insert(std::string(1, static_cast<char>(facet)) + ":" + mention.id);
  }
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) out += '\x1f';
    out += code;
  }
  return out;
}

std::vector<std::string> split_facet_codes(const std::string& value) {
  std::vector<std::string> codes;
  for_each_facet_code(value, [&](std::string_view code) { codes.emplace_back(code); });
  return codes;
}

}  // namespace dossier
