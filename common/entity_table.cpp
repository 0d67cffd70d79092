#include "common/entity_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace dossier {

std::string encode_entity_table(const Gazetteer& gazetteer, Normaliser& normaliser) {
  nlohmann::json table = nlohmann::json::object();
  for (const auto& file : gazetteer.files) {
    for (const auto& entry : file.entries) {
      nlohmann::json names = nlohmann::json::array();
      names.push_back(normaliser.fold_phrase(entry.name));
      for (const auto& name : entry.names) {
        std::string folded = normaliser.fold_phrase(name.text);
        if (std::find(names.begin(), names.end(), folded) == names.end()) names.push_back(std::move(folded));
      }
      table[std::string(schema::facet_name(entry.facet))][entry.id] = {
          {"name", entry.name}, {"parent", entry.category}, {"type", entry.type}, {"affiliation", entry.affiliation},
          {"names", std::move(names)}};
    }
  }
  return table.dump();
}

EntityTable::EntityTable(const std::string& json) {
  try {
    const auto table = nlohmann::json::parse(json);
    for (const auto& [facet_name, entries] : table.items()) {
      schema::Facet facet;
      if (!schema::parse_facet_name(facet_name, facet)) continue;
      auto& target = entries_[static_cast<char>(facet)];
      for (const auto& [id, info] : entries.items()) {
        EntityInfo entry;
        entry.name = info.at("name").get<std::string>();
        entry.parent = info.value("parent", "");
        entry.type = info.value("type", "");
        for (const auto& name : info.at("names")) entry.folded_names.push_back(name.get<std::string>());
        target.emplace(id, std::move(entry));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("corrupt entity table in the database metadata: ") + e.what());
  }
}

const EntityInfo* EntityTable::find(schema::Facet facet, const std::string& id) const {
  const auto facet_it = entries_.find(static_cast<char>(facet));
  if (facet_it == entries_.end()) return nullptr;
  const auto it = facet_it->second.find(id);
  return it == facet_it->second.end() ? nullptr : &it->second;
}

std::string EntityTable::display_name(schema::Facet facet, const std::string& id) const {
  const EntityInfo* info = find(facet, id);
  return info != nullptr ? info->name : id;
}

std::optional<std::string> EntityTable::resolve(schema::Facet facet, const std::string& text,
                                                Normaliser& normaliser) const {
  const auto facet_it = entries_.find(static_cast<char>(facet));
  if (facet_it == entries_.end()) return std::nullopt;
  const auto& entries = facet_it->second;
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  for (const auto& [id, info] : entries) {
    if (lower(id) == lower(text)) return id;
  }
  std::vector<std::string> folded_forms;
  {
    std::string auto_form = normaliser.fold_phrase(text);
    folded_forms.push_back(auto_form);
    for (CyrillicScheme scheme : {CyrillicScheme::Serbian, CyrillicScheme::Ukrainian}) {
      std::string form = normaliser.fold_phrase(text, scheme);
      if (form != auto_form) folded_forms.push_back(std::move(form));
    }
  }
  if (folded_forms.front().empty()) return std::nullopt;
  // The display name first, then aliases, so "Georgia" picks the country over any alias.
  for (std::size_t rank = 0; rank < 2; ++rank) {
    for (const auto& [id, info] : entries) {
      for (std::size_t i = 0; i < info.folded_names.size(); ++i) {
        if ((rank == 0) != (i == 0)) continue;
        if (std::find(folded_forms.begin(), folded_forms.end(), info.folded_names[i]) != folded_forms.end()) return id;
      }
    }
  }
  return std::nullopt;
}

}  // namespace dossier
