#include "common/entity_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>

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
      // The entry's own names first, then its places and metonyms (a name that is both counts
      // as its own).
      nlohmann::json names = nlohmann::json::array();
      names.push_back(normaliser.fold_phrase(entry.name));
      std::size_t own = 0;
      for (const bool own_pass : {true, false}) {
        for (const auto& name : entry.names) {
          if (name.own() != own_pass) continue;
          std::string folded = normaliser.fold_phrase(name.text);
          if (std::find(names.begin(), names.end(), folded) == names.end()) names.push_back(std::move(folded));
        }
        if (own_pass) own = names.size();
      }
      table[std::string(schema::facet_name(entry.facet))][entry.id] = {
          {"name", entry.name}, {"parent", entry.category}, {"type", entry.type}, {"affiliation", entry.affiliation},
          {"names", std::move(names)}, {"own", own}};
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

namespace {

// One entry of an entity table or of the discovered table, as read.
struct RawEntry {
  std::string name, parent, type, affiliation;
  std::vector<std::string> names;
  std::size_t own = EntityInfo::kAllOwn;
  bool has_name = false, has_names = false;
};

// Reads {"facet": {"id": {"name": ..., "names": [...], "parent": ..., "type": ...,
// "affiliation": ...}}} (the shape of both tables) as nlohmann's SAX events: it still checks the
// whole syntax, without the document tree a parse() builds. A search in a fresh process reads
// tables of tens of thousands of entries before its first result, and the tree cost several
// times the reading. Facets that accept_facet refuses are skipped whatever they hold, as are
// unknown fields; a known field of the wrong type is an error. on_entry returns false (after
// setting error) to refuse an entry.
class TableReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  using AcceptFacet = std::function<bool(const std::string& facet)>;
  using OnEntry = std::function<bool(const std::string& facet, std::string id, RawEntry&& entry, std::string& error)>;

  TableReader(AcceptFacet accept_facet, OnEntry on_entry) : accept_facet_(std::move(accept_facet)), on_entry_(std::move(on_entry)) {}

  bool null() override { return scalar("null"); }
  bool boolean(bool) override { return scalar("a boolean"); }
  bool number_integer(number_integer_t value) override {
    if (value < 0 && own_field()) return fail("\"own\" is negative");
    return number_unsigned(static_cast<number_unsigned_t>(value));
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (own_field()) {
      entry_.own = static_cast<std::size_t>(value);
      return true;
    }
    return scalar("a number");
  }
  bool number_float(number_float_t, const string_t&) override { return scalar("a number"); }
  bool binary(binary_t&) override { return scalar("binary"); }

  bool string(string_t& value) override {
    if (skipping_ > 0 || take_skip()) return true;
    if (depth_ == 3 && in_names_) {
      entry_.names.push_back(std::move(value));
      return true;
    }
    if (depth_ != 3) return fail("an entry that is not an object");
    if (field_ == "name") {
      entry_.name = std::move(value);
      entry_.has_name = true;
    } else if (field_ == "parent") {
      entry_.parent = std::move(value);
    } else if (field_ == "type") {
      entry_.type = std::move(value);
    } else if (field_ == "affiliation") {
      entry_.affiliation = std::move(value);
    } else if (field_ == "names") {
      return fail("\"names\" is not an array");
    } else if (field_ == "own") {
      return fail("\"own\" is not a number");
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
    if (depth_ == 3) entry_ = RawEntry();
    return true;
  }

  bool end_object() override {
    if (skipping_ > 0) {
      --skipping_;
      return true;
    }
    if (depth_ == 3 && !on_entry_(facet_, std::move(id_), std::move(entry_), error_)) return false;
    --depth_;
    return true;
  }

  bool start_array(std::size_t) override {
    if (skipping_ > 0 || take_skip() || (depth_ == 3 && !in_names_ && !known_field())) {
      ++skipping_;
      return true;
    }
    if (depth_ == 3 && field_ == "names" && !in_names_) {
      in_names_ = true;
      entry_.has_names = true;
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
      facet_ = std::move(value);
      skip_next_ = !accept_facet_(facet_);  // the value of a facet not wanted, whatever it is
    } else if (depth_ == 2) {
      id_ = std::move(value);
    } else {
      field_ = std::move(value);
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = e.what();
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool known_field() const {
    return field_ == "name" || field_ == "names" || field_ == "parent" || field_ == "type" || field_ == "affiliation" ||
           field_ == "own";
  }
  // The value being read is an entry's "own" count (a number; anything else there is an error).
  bool own_field() const { return skipping_ == 0 && !skip_next_ && depth_ == 3 && !in_names_ && field_ == "own"; }

  // The value after a refused facet's key: skipped (its first event says so, once).
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

  AcceptFacet accept_facet_;
  OnEntry on_entry_;
  int depth_ = 0;     // 1: facets, 2: ids, 3: an entry's fields
  int skipping_ = 0;  // nesting inside a value that is skipped
  bool skip_next_ = false;
  bool in_names_ = false;
  std::string facet_, id_, field_;
  RawEntry entry_;
  std::string error_;
};

// Runs the reader over json; throws DatabaseError with what (the table's name) on any problem.
void read_table(const std::string& json, TableReader& reader, const std::string& what) {
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(json, &reader);
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError("corrupt " + what + " in the database metadata: " + e.what());
  }
  if (!ok) throw DatabaseError("corrupt " + what + " in the database metadata: " + reader.error());
}

}  // namespace

EntityTable::EntityTable(const std::string& json) { read_json(json); }

void EntityTable::read_json(const std::string& json) {
  std::map<std::string, EntityInfo>* target = nullptr;
  TableReader reader(
      [&](const std::string& facet_name) {
        schema::Facet facet;
        if (!schema::parse_facet_name(facet_name, facet)) return false;
        target = &entries_[static_cast<char>(facet)];
        return true;
      },
      [&](const std::string&, std::string id, RawEntry&& raw, std::string& error) {
        if (!raw.has_name || !raw.has_names) {
          error = "entry " + id + " lacks \"name\" or \"names\"";
          return false;
        }
        EntityInfo entry;
        entry.name = std::move(raw.name);
        entry.parent = std::move(raw.parent);
        entry.type = std::move(raw.type);
        entry.folded_names = std::move(raw.names);
        entry.own_names = raw.own;
        target->emplace(std::move(id), std::move(entry));
        return true;
      });
  read_table(json, reader, "entity table");
  forget_indexes();
}

DiscoveredEntities parse_discovered(const std::string& json) {
  DiscoveredEntities out;
  if (json.empty()) return out;
  TableReader reader([](const std::string&) { return true; },
                     [&](const std::string& facet, std::string id, RawEntry&& raw, std::string& error) {
                       if (!raw.has_name) {
                         error = "entry " + id + " lacks \"name\"";
                         return false;
                       }
                       DiscoveredEntity entity{facet, id, std::move(raw.name), std::move(raw.type), std::move(raw.affiliation),
                                               std::move(raw.parent), raw.names.empty() ? std::string() : std::move(raw.names.front())};
                       out.emplace(facet + ":" + id, std::move(entity));
                       return true;
                     });
  read_table(json, reader, "table of discovered entities");
  return out;
}

void EntityTable::forget_indexes() {
  name_index_built_ = false;
  by_name_.clear();
  by_compact_name_.clear();
  resolve_index_built_ = false;
  resolve_index_.clear();
  name_scans_ = resolve_scans_ = 0;
}

void EntityTable::add_discovered(const std::string& json) {
  if (json.empty()) return;
  load_all();
  // Straight into the entries, without the DiscoveredEntities in between (a searcher's start).
  std::map<std::string, EntityInfo>* target = nullptr;
  TableReader reader(
      [&](const std::string& facet_name) {
        schema::Facet facet;
        target = schema::parse_facet_name(facet_name, facet) ? &entries_[static_cast<char>(facet)] : nullptr;
        return true;  // an unknown facet is still read, to check it (parse_discovered does)
      },
      [&](const std::string&, std::string id, RawEntry&& raw, std::string& error) {
        if (!raw.has_name) {
          error = "entry " + id + " lacks \"name\"";
          return false;
        }
        if (target == nullptr) return true;
        EntityInfo info;
        info.name = std::move(raw.name);
        info.parent = std::move(raw.parent);
        info.type = std::move(raw.type);
        info.discovered = true;
        if (!raw.names.empty() && !raw.names.front().empty()) info.folded_names.push_back(std::move(raw.names.front()));
        target->emplace(std::move(id), std::move(info));  // the gazetteer's wins
        return true;
      });
  read_table(json, reader, "table of discovered entities");
  forget_indexes();
}

const EntityInfo* EntityTable::find_without_names(schema::Facet facet, const std::string& id) const {
  facet = schema::name_facet(facet);
  if (through_index()) return find_without_names_indexed(facet, id);
  return find(facet, id);
}

const EntityInfo* EntityTable::find(schema::Facet facet, const std::string& id) const {
  facet = schema::name_facet(facet);  // speakers are actors
  if (through_index()) return find_indexed(facet, id);
  const auto facet_it = entries_.find(static_cast<char>(facet));
  if (facet_it == entries_.end()) return nullptr;
  const auto it = facet_it->second.find(id);
  return it == facet_it->second.end() ? nullptr : &it->second;
}

std::string entity_key_lower(std::string s) {
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

namespace {

bool equal_ascii_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// name with its spaces left out equals compact (which has none), without copying name.
bool equal_without_spaces(std::string_view name, std::string_view compact) {
  std::size_t at = 0;
  for (const char c : name) {
    if (c == ' ') continue;
    if (at >= compact.size() || compact[at] != c) return false;
    ++at;
  }
  return at == compact.size();
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

std::vector<EntityTable::EntityRef> EntityTable::named_by_scan(const std::string& folded_text) const {
  load_all();
  std::vector<EntityRef> refs;
  const std::string compact = without_spaces(folded_text);
  const auto add = [&](char facet, const std::string& id) {
    const EntityRef ref{static_cast<schema::Facet>(facet), id};
    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
  };
  // Exact names first, then names of several parts met without their spaces: the index's order.
  for (const auto& [facet, entries] : entries_) {
    for (const auto& [id, info] : entries) {
      const auto own_end = info.folded_names.begin() + static_cast<std::ptrdiff_t>(info.own_count());
      if (std::find(info.folded_names.begin(), own_end, folded_text) != own_end) add(facet, id);
    }
  }
  for (const auto& [facet, entries] : entries_) {
    for (const auto& [id, info] : entries) {
      for (std::size_t i = 0; i < info.own_count(); ++i) {
        const std::string& name = info.folded_names[i];
        if (name.find(' ') != std::string::npos && equal_without_spaces(name, compact)) add(facet, id);
      }
    }
  }
  return refs;
}

const std::map<std::string, std::vector<EntityTable::EntityRef>>& EntityTable::name_index() const {
  if (!name_index_built_) {
    for (const auto& [facet, entries] : entries_) {
      for (const auto& [id, info] : entries) {
        const EntityRef ref{static_cast<schema::Facet>(facet), id};
        for (std::size_t i = 0; i < info.own_count(); ++i) {
          const std::string& name = info.folded_names[i];
          auto& refs = by_name_[name];
          if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
          if (name.find(' ') == std::string::npos) continue;
          auto& compact_refs = by_compact_name_[without_spaces(name)];
          if (std::find(compact_refs.begin(), compact_refs.end(), ref) == compact_refs.end()) compact_refs.push_back(ref);
        }
      }
    }
    name_index_built_ = true;
  }
  return by_name_;
}

std::vector<EntityTable::EntityRef> EntityTable::named_by(const std::string& folded_text) const {
  if (through_index()) return named_by_indexed(folded_text);
  if (!name_index_built_ && ++name_scans_ <= kScansBeforeIndex) return named_by_scan(folded_text);
  name_index();
  std::vector<EntityRef> refs;
  if (const auto it = by_name_.find(folded_text); it != by_name_.end()) refs = it->second;
  if (const auto it = by_compact_name_.find(without_spaces(folded_text)); it != by_compact_name_.end()) {
    for (const EntityRef& ref : it->second) {
      if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
    }
  }
  return refs;
}

std::string EntityTable::display_name(schema::Facet facet, const std::string& id) const {
  const EntityInfo* info = find_without_names(facet, id);
  return info != nullptr ? info->name : id;
}


const EntityTable::ResolveIndex& EntityTable::resolve_index(char facet) const {
  if (!resolve_index_built_) {
    for (const auto& [facet_code, entries] : entries_) {
      ResolveIndex& index = resolve_index_[facet_code];
      for (const auto& [id, info] : entries) {  // id order: emplace keeps the first
        index.ids.emplace(entity_key_lower(id), id);
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
  facet = schema::name_facet(facet);  // speakers are actors
  if (through_index()) return resolve_indexed(facet, text, normaliser);
  if (entries_.find(static_cast<char>(facet)) == entries_.end()) return std::nullopt;
  if (!resolve_index_built_ && ++resolve_scans_ <= kScansBeforeIndex) return resolve_by_scan(facet, text, normaliser);
  const ResolveIndex& index = resolve_index(static_cast<char>(facet));
  if (const auto it = index.ids.find(entity_key_lower(text)); it != index.ids.end()) return it->second;
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
  load_all();
  const auto facet_it = entries_.find(static_cast<char>(facet));
  if (facet_it == entries_.end()) return std::nullopt;
  const auto& entries = facet_it->second;
  for (const auto& [id, info] : entries) {
    if (equal_ascii_case(id, text)) return id;
  }
  const std::vector<std::string> forms = folded_forms_of(text, normaliser);
  if (forms.front().empty()) return std::nullopt;
  // The display name first, then aliases, so "Georgia" picks the country over any alias.
  for (std::size_t rank = 0; rank < 2; ++rank) {
    for (const auto& [id, info] : entries) {
      for (std::size_t i = 0; i < info.folded_names.size(); ++i) {
        if ((rank == 0) != (i == 0)) continue;
        if (std::find(forms.begin(), forms.end(), info.folded_names[i]) != forms.end()) return id;
      }
    }
  }
  // Designations are written with a hyphen, a space or nothing between their parts: S400, S-400
  // and "s 400" are one system. Compared without the spaces of the folded forms, names after
  // aliases; only a name of more than one part can be met this way.
  std::vector<std::string> compact_forms;
  for (const std::string& form : forms) compact_forms.push_back(without_spaces(form));
  for (const auto& [id, info] : entries) {
    for (const std::string& name : info.folded_names) {
      if (name.find(' ') == std::string::npos) continue;
      for (const std::string& compact : compact_forms) {
        if (equal_without_spaces(name, compact)) return id;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> entity_ids(const EntityTable& table, schema::Facet facet, std::string_view prefix) {
  facet = schema::name_facet(facet);  // speakers are actors
  std::vector<std::string> ids;
  table.load_all();
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
