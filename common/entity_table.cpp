#include "common/entity_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace dossier {

std::string encode_entity_table(const Gazetteer& gazetteer, Normaliser& normaliser, const std::set<std::string>* used) {
  nlohmann::json table = nlohmann::json::object();
  std::set<std::string> wanted;
  if (used != nullptr) {
    wanted = *used;
    // What the used entries point to: a system's category, an actor's affiliation.
    for (const std::string& key : *used) {
      const auto colon = key.find(':');
      schema::Facet facet;
      if (colon == std::string::npos || !schema::parse_facet_name(key.substr(0, colon), facet)) continue;
      const GazetteerEntry* entry = gazetteer.find(facet, key.substr(colon + 1));
      if (entry == nullptr) continue;
      if (!entry->category.empty()) wanted.insert("weapon:" + entry->category);
      if (!entry->affiliation.empty()) {
        const bool country = entry->affiliation.size() == 2 && std::isupper(static_cast<unsigned char>(entry->affiliation[0]));
        wanted.insert((country ? "country:" : "actor:") + entry->affiliation);
      }
    }
  }
  for (const auto& file : gazetteer.files) {
    const std::string facet_key = std::string(schema::facet_name(file.facet)) + ":";
    for (const auto& entry : file.entries) {
      if (used != nullptr && wanted.count(facet_key + entry.id) == 0) continue;
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

std::set<std::string> entity_table_keys(const std::string& json) {
  std::set<std::string> keys;
  if (json.empty()) return keys;
  try {
    const auto table = nlohmann::json::parse(json);
    for (const auto& [facet, entries] : table.items()) {
      for (const auto& [id, info] : entries.items()) keys.insert(facet + ":" + id);
    }
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("corrupt entity table in the database metadata: ") + e.what());
  }
  return keys;
}

std::string encode_discovered(const DiscoveredEntities& entities, Normaliser& normaliser) {
  nlohmann::json table = nlohmann::json::object();
  for (const auto& [key, entity] : entities) {
    table[entity.facet][entity.id] = {
        {"name", entity.name}, {"type", entity.type}, {"affiliation", entity.affiliation}, {"parent", entity.parent},
        {"names", nlohmann::json::array({normaliser.fold_phrase(entity.name)})}};
  }
  return table.dump();
}

DiscoveredEntities parse_discovered(const std::string& json) {
  DiscoveredEntities out;
  if (json.empty()) return out;
  try {
    const auto table = nlohmann::json::parse(json);
    for (const auto& [facet, entries] : table.items()) {
      for (const auto& [id, info] : entries.items()) {
        DiscoveredEntity entity{facet, id, info.at("name").get<std::string>(), info.value("type", ""),
                                info.value("affiliation", ""), info.value("parent", ""), ""};
        if (const auto names = info.find("names"); names != info.end() && names->is_array() && !names->empty()) {
          entity.folded_name = names->front().get<std::string>();
        }
        out.emplace(facet + ":" + id, std::move(entity));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("corrupt table of discovered entities in the database metadata: ") + e.what());
  }
  return out;
}

void EntityTable::add_discovered(const DiscoveredEntities& entities) {
  for (const auto& [key, entity] : entities) {
    schema::Facet facet;
    if (!schema::parse_facet_name(entity.facet, facet)) continue;
    EntityInfo info;
    info.name = entity.name;
    info.parent = entity.parent;
    info.type = entity.type;
    info.discovered = true;
    if (!entity.folded_name.empty()) info.folded_names.push_back(entity.folded_name);
    entries_[static_cast<char>(facet)].emplace(entity.id, std::move(info));  // the gazetteer's wins
  }
  name_index_built_ = false;
  by_name_.clear();
  by_compact_name_.clear();
  resolve_index_built_ = false;
  resolve_index_.clear();
}

namespace {

// Reads encode_entity_table()'s JSON straight into the entries, as nlohmann's SAX events (it
// still checks the whole syntax), without the document tree a parse() builds: a search in a
// fresh process reads tables of tens of thousands of entries before its first result, and the
// tree cost several times the reading. Unknown facets and fields are skipped whatever they hold.
class TableReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit TableReader(std::map<char, std::map<std::string, EntityInfo>>& entries) : entries_(entries) {}

  bool null() override { return scalar("null"); }
  bool boolean(bool) override { return scalar("a boolean"); }
  bool number_integer(number_integer_t) override { return scalar("a number"); }
  bool number_unsigned(number_unsigned_t) override { return scalar("a number"); }
  bool number_float(number_float_t, const string_t&) override { return scalar("a number"); }
  bool binary(binary_t&) override { return scalar("binary"); }

  bool string(string_t& value) override {
    if (skipping_ > 0 || take_skip()) return true;
    if (depth_ == 3 && in_names_) {
      entry_.folded_names.push_back(std::move(value));
      return true;
    }
    if (depth_ != 3) return fail("an entry that is not an object");
    if (field_ == "name") {
      entry_.name = std::move(value);
      has_name_ = true;
    } else if (field_ == "parent") {
      entry_.parent = std::move(value);
    } else if (field_ == "type") {
      entry_.type = std::move(value);
    } else if (field_ == "names") {
      return fail("\"names\" is not an array");
    }
    return true;
  }

  bool start_object(std::size_t) override {
    if (skipping_ > 0 || take_skip() || (depth_ == 3 && !in_names_ && !known_field())) {
      ++skipping_;
      return true;
    }
    if (depth_ == 3) return fail("field \"" + field_ + "\" is an object");
    ++depth_;
    if (depth_ == 3) {
      entry_ = EntityInfo();
      has_name_ = has_names_ = false;
    }
    return true;
  }

  bool end_object() override {
    if (skipping_ > 0) {
      --skipping_;
      return true;
    }
    if (depth_ == 3) {
      if (!has_name_ || !has_names_) return fail("entry " + id_ + " lacks \"name\" or \"names\"");
      (*facet_entries_).emplace(id_, std::move(entry_));
    }
    --depth_;
    return true;
  }

  bool start_array(std::size_t) override {
    if (skipping_ > 0 || take_skip()) {
      ++skipping_;
      return true;
    }
    if (depth_ == 3 && field_ == "names" && !in_names_) {
      in_names_ = true;
      has_names_ = true;
      return true;
    }
    if (depth_ == 3 && !in_names_ && !known_field()) {
      ++skipping_;
      return true;
    }
    return fail("an array where none belongs");
  }

  bool end_array() override {
    if (skipping_ > 0) {
      --skipping_;
      return true;
    }
    in_names_ = false;
    return true;
  }

  bool key(string_t& value) override {
    if (skipping_ > 0) return true;
    if (depth_ == 1) {
      schema::Facet facet;
      if (!schema::parse_facet_name(value, facet)) {
        skip_next_ = true;  // the value of an unknown facet, whatever it is
        return true;
      }
      facet_entries_ = &entries_[static_cast<char>(facet)];
    } else if (depth_ == 2) {
      id_ = std::move(value);
    } else {
      field_ = std::move(value);
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    (void)position;
    error_ = e.what();
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool known_field() const { return field_ == "name" || field_ == "names" || field_ == "parent" || field_ == "type"; }

  // The value after an unknown facet's key: skipped (its first event says so once).
  bool take_skip() {
    if (!skip_next_) return false;
    skip_next_ = false;
    return true;
  }

  bool scalar(const char* what) {
    if (skipping_ > 0 || take_skip()) return true;
    if (depth_ == 3 && !in_names_ && !known_field()) return true;  // an unknown field's value
    return fail(std::string(what) + " where a string or an object belongs");
  }

  bool fail(const std::string& what) {
    error_ = what;
    return false;
  }

  std::map<char, std::map<std::string, EntityInfo>>& entries_;
  std::map<std::string, EntityInfo>* facet_entries_ = nullptr;
  int depth_ = 0;        // 1: facets, 2: ids, 3: an entry's fields
  int skipping_ = 0;     // nesting inside a value that is skipped
  bool skip_next_ = false;
  bool in_names_ = false;
  bool has_name_ = false, has_names_ = false;
  std::string id_, field_;
  EntityInfo entry_;
  std::string error_;
};

}  // namespace

EntityTable::EntityTable(const std::string& json) {
  TableReader reader(entries_);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(json, &reader);
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("corrupt entity table in the database metadata: ") + e.what());
  }
  if (!ok) throw DatabaseError("corrupt entity table in the database metadata: " + reader.error());
}

const EntityInfo* EntityTable::find(schema::Facet facet, const std::string& id) const {
  const auto facet_it = entries_.find(static_cast<char>(facet));
  if (facet_it == entries_.end()) return nullptr;
  const auto it = facet_it->second.find(id);
  return it == facet_it->second.end() ? nullptr : &it->second;
}

std::vector<EntityTable::EntityRef> EntityTable::named_by(const std::string& folded_text) const {
  if (!name_index_built_) {
    for (const auto& [facet, entries] : entries_) {
      for (const auto& [id, info] : entries) {
        const EntityRef ref{static_cast<schema::Facet>(facet), id};
        for (const std::string& name : info.folded_names) {
          auto& refs = by_name_[name];
          if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
          if (name.find(' ') == std::string::npos) continue;
          std::string compact = name;
          compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
          auto& compact_refs = by_compact_name_[compact];
          if (std::find(compact_refs.begin(), compact_refs.end(), ref) == compact_refs.end()) compact_refs.push_back(ref);
        }
      }
    }
    name_index_built_ = true;
  }
  std::vector<EntityRef> refs;
  if (const auto it = by_name_.find(folded_text); it != by_name_.end()) refs = it->second;
  std::string compact = folded_text;
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  if (const auto it = by_compact_name_.find(compact); it != by_compact_name_.end()) {
    for (const EntityRef& ref : it->second) {
      if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
    }
  }
  return refs;
}

std::string EntityTable::display_name(schema::Facet facet, const std::string& id) const {
  const EntityInfo* info = find(facet, id);
  return info != nullptr ? info->name : id;
}

namespace {

std::string ascii_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string without_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

// The text folded as the indexer folds names: automatic script detection, then the Serbian and
// Ukrainian transliterations where they differ.
std::vector<std::string> folded_forms_of(const std::string& text, Normaliser& normaliser) {
  std::vector<std::string> forms{normaliser.fold_phrase(text)};
  for (CyrillicScheme scheme : {CyrillicScheme::Serbian, CyrillicScheme::Ukrainian}) {
    std::string form = normaliser.fold_phrase(text, scheme);
    if (form != forms.front()) forms.push_back(std::move(form));
  }
  return forms;
}

// The smallest id that one of the keys maps to (the one a scan in id order meets first).
std::optional<std::string> first_of(const std::unordered_map<std::string, std::string>& index,
                                    const std::vector<std::string>& keys) {
  const std::string* best = nullptr;
  for (const std::string& key : keys) {
    const auto it = index.find(key);
    if (it != index.end() && (best == nullptr || it->second < *best)) best = &it->second;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace

const EntityTable::ResolveIndex& EntityTable::resolve_index(char facet) const {
  if (!resolve_index_built_) {
    for (const auto& [facet_code, entries] : entries_) {
      ResolveIndex& index = resolve_index_[facet_code];
      for (const auto& [id, info] : entries) {  // id order: emplace keeps the first
        index.ids.emplace(ascii_lower(id), id);
        for (std::size_t i = 0; i < info.folded_names.size(); ++i) {
          const std::string& name = info.folded_names[i];
          (i == 0 ? index.names : index.aliases).emplace(name, id);
          if (name.find(' ') != std::string::npos) index.compact.emplace(without_spaces(name), id);
        }
      }
    }
    resolve_index_built_ = true;
  }
  static const ResolveIndex kEmpty;
  const auto it = resolve_index_.find(facet);
  return it != resolve_index_.end() ? it->second : kEmpty;
}

std::optional<std::string> EntityTable::resolve(schema::Facet facet, const std::string& text, Normaliser& normaliser) const {
  if (entries_.find(static_cast<char>(facet)) == entries_.end()) return std::nullopt;
  const ResolveIndex& index = resolve_index(static_cast<char>(facet));
  if (const auto it = index.ids.find(ascii_lower(text)); it != index.ids.end()) return it->second;
  const std::vector<std::string> forms = folded_forms_of(text, normaliser);
  if (forms.front().empty()) return std::nullopt;
  // The display name first, then aliases, so "Georgia" picks the country over any alias.
  if (auto id = first_of(index.names, forms)) return id;
  if (auto id = first_of(index.aliases, forms)) return id;
  // Designations are written with a hyphen, a space or nothing between their parts: S400, S-400
  // and "s 400" are one system. Compared without the spaces of the folded forms, names after
  // aliases; only a name of more than one part can be met this way.
  std::vector<std::string> compact_forms;
  for (const std::string& form : forms) compact_forms.push_back(without_spaces(form));
  return first_of(index.compact, compact_forms);
}

std::optional<std::string> EntityTable::resolve_by_scan(schema::Facet facet, const std::string& text,
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
  // Designations are written with a hyphen, a space or nothing between their parts: S400, S-400
  // and "s 400" are one system. Compared without the spaces of the folded forms, names after
  // aliases; only a name of more than one part can be met this way.
  const auto compact = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
  };
  std::vector<std::string> compact_forms;
  for (const std::string& form : folded_forms) compact_forms.push_back(compact(form));
  for (const auto& [id, info] : entries) {
    for (const std::string& name : info.folded_names) {
      if (name.find(' ') != std::string::npos &&
          std::find(compact_forms.begin(), compact_forms.end(), compact(name)) != compact_forms.end()) {
        return id;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> entity_ids(const EntityTable& table, schema::Facet facet, std::string_view prefix) {
  std::vector<std::string> ids;
  const auto entries = table.entries_.find(static_cast<char>(facet));
  if (entries == table.entries_.end()) return ids;
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  for (const auto& [id, info] : entries->second) {
    if (id.size() >= prefix.size() &&
        std::equal(prefix.begin(), prefix.end(), id.begin(), [&](char a, char b) { return lower(a) == lower(b); })) {
      ids.push_back(id);
    }
  }
  return ids;
}

}  // namespace dossier
