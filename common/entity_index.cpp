#include "common/entity_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "common/error.h"

namespace dossier {

namespace {

std::string key_text(std::string_view text) {
  if (text.size() <= kMaxKeyText) return std::string(text);
  char hash[24];
  std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(schema::fnv1a64(text)));
  return std::string(text.substr(0, kMaxKeyText)) + hash;
}

std::string version_key() { return std::string(schema::kMetaEntityIndexPrefix) + "version"; }

void add_ref(std::vector<EntityTable::EntityRef>& refs, const EntityTable::EntityRef& ref) {
  if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
}

}  // namespace

std::string entity_index_key(char family, std::string_view text) {
  return std::string(schema::kMetaEntityIndexPrefix) + family + '.' + key_text(text);
}

std::string entity_resolve_key(schema::Facet facet, char kind, std::string_view text) {
  return std::string(schema::kMetaEntityIndexPrefix) + "r." + static_cast<char>(facet) + kind + '.' + key_text(text);
}

std::string encode_entity_refs(const std::vector<EntityTable::EntityRef>& refs) {
  std::string out;
  for (const EntityTable::EntityRef& ref : refs) out += static_cast<char>(ref.facet) + ref.id + '\n';
  return out;
}

std::vector<EntityTable::EntityRef> decode_entity_refs(const std::string& value) {
  std::vector<EntityTable::EntityRef> refs;
  std::size_t at = 0;
  while (at < value.size()) {
    std::size_t end = value.find('\n', at);
    if (end == std::string::npos) end = value.size();
    const auto facet = static_cast<schema::Facet>(value[at]);
    // A damaged value yields no reference to a facet that does not exist.
    const bool known = facet == schema::Facet::Country || facet == schema::Facet::Actor || facet == schema::Facet::Weapon;
    if (end > at + 1 && known) refs.push_back({facet, value.substr(at + 1, end - at - 1)});
    at = end + 1;
  }
  return refs;
}

std::string encode_entity_record(const EntityInfo& info) {
  return nlohmann::json{{"name", info.name},
                        {"names", info.folded_names},
                        {"parent", info.parent},
                        {"type", info.type},
                        {"discovered", info.discovered}}
      .dump();
}

EntityInfo decode_entity_record(const std::string& value) {
  EntityInfo info;
  try {
    const nlohmann::json record = nlohmann::json::parse(value);
    info.name = record.at("name").get<std::string>();
    info.folded_names = record.at("names").get<std::vector<std::string>>();
    info.parent = record.at("parent").get<std::string>();
    info.type = record.at("type").get<std::string>();
    info.discovered = record.at("discovered").get<bool>();
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("corrupt entity index in the database metadata: ") + e.what());
  }
  return info;
}

std::map<std::string, std::string> entity_index_records(const EntityTable& table) {
  // The table's own indexes, the ones its in-memory lookups answer from, written out key by key.
  table.load_all();
  std::map<std::string, std::string> records;
  for (const auto& [facet_code, entries] : table.entries_) {
    const auto facet = static_cast<schema::Facet>(facet_code);
    for (const auto& [id, info] : entries) records.emplace(entity_index_key('e', std::string(1, facet_code) + id), encode_entity_record(info));
    const EntityTable::ResolveIndex& index = table.resolve_index(facet_code);
    for (const auto& [kind, keys] : {std::pair{'i', &index.ids}, {'n', &index.names}, {'a', &index.aliases}, {'c', &index.compact}}) {
      for (const auto& [key, id] : *keys) records.emplace(entity_resolve_key(facet, kind, key), id);
    }
  }
  for (const auto& [name, refs] : table.name_index()) records.emplace(entity_index_key('n', name), encode_entity_refs(refs));
  for (const auto& [compact, refs] : table.by_compact_name_) records.emplace(entity_index_key('c', compact), encode_entity_refs(refs));
  return records;
}

void read_entity_tables(const Xapian::Database& db, EntityTable& table) {
  const std::string json = db.get_metadata(std::string(schema::kMetaEntityTable));
  table.read_json(json.empty() ? std::string("{}") : json);
  table.add_discovered(db.get_metadata(std::string(schema::kMetaDiscovered)));
}

EntityTable read_entity_tables(const Xapian::Database& db) {
  EntityTable table;
  read_entity_tables(db, table);
  return table;
}

bool entity_index_current(const Xapian::Database& db) { return db.get_metadata(version_key()) == kEntityIndexVersion; }

void write_entity_index(Xapian::WritableDatabase& meta, const EntityTable& table) {
  const std::map<std::string, std::string> records = entity_index_records(table);
  const std::string prefix(schema::kMetaEntityIndexPrefix);
  std::vector<std::string> stale;
  for (auto key = meta.metadata_keys_begin(prefix); key != meta.metadata_keys_end(prefix); ++key) {
    if (records.count(*key) == 0 && *key != version_key()) stale.push_back(*key);
  }
  for (const std::string& key : stale) meta.set_metadata(key, "");
  for (const auto& [key, value] : records) {
    if (meta.get_metadata(key) != value) meta.set_metadata(key, value);
  }
  meta.set_metadata(version_key(), std::string(kEntityIndexVersion));
}

void invalidate_entity_index(Xapian::WritableDatabase& meta) {
  if (!meta.get_metadata(version_key()).empty()) meta.set_metadata(version_key(), "");
}

// --- EntityTable, read through the index -----------------------------------------------------

EntityTable EntityTable::through_index(Source source) {
  EntityTable table;
  table.source_ = std::move(source);
  return table;
}

std::string EntityTable::index_get(const std::string& key) const {
  ++index_reads_;
  return source_->get(key);
}

bool EntityTable::through_index() const {
  if (source_ && index_reads_ >= kLookupsBeforeLoad) load_all();
  return source_.has_value();
}

void EntityTable::load_all() const {
  if (!source_) return;
  Source source = std::move(*source_);
  source_.reset();
  absent_.clear();
  // The entries read so far stay (the loaders keep an id already present, with the same entry).
  source.load(const_cast<EntityTable&>(*this));
  const_cast<EntityTable&>(*this).forget_indexes();
}

const EntityInfo* EntityTable::find_indexed(schema::Facet facet, const std::string& id) const {
  const char code = static_cast<char>(facet);
  if (const auto facet_it = entries_.find(code); facet_it != entries_.end()) {
    if (const auto it = facet_it->second.find(id); it != facet_it->second.end()) return &it->second;
  }
  const std::string local = std::string(1, code) + id;
  if (absent_.count(local) > 0) return nullptr;
  const std::string record = index_get(entity_index_key('e', local));
  if (record.empty()) {
    absent_.insert(local);
    return nullptr;
  }
  return &entries_[code].emplace(id, decode_entity_record(record)).first->second;
}

std::optional<std::string> EntityTable::resolve_indexed(schema::Facet facet, const std::string& text,
                                                        Normaliser& normaliser) const {
  if (std::string id = index_get(entity_resolve_key(facet, 'i', entity_key_lower(text))); !id.empty()) return id;
  const std::vector<std::string> forms = folded_forms_of(text, normaliser);
  if (forms.front().empty()) return std::nullopt;
  // As resolve(): display names, then aliases, then names of several parts without their
  // spaces; among the forms, the smallest id (the one a scan in id order meets first).
  const auto first_of = [&](char kind, bool compact) -> std::optional<std::string> {
    std::optional<std::string> best;
    for (const std::string& form : forms) {
      std::string id = index_get(entity_resolve_key(facet, kind, compact ? without_spaces(form) : form));
      if (!id.empty() && (!best || id < *best)) best = std::move(id);
    }
    return best;
  };
  if (auto id = first_of('n', false)) return id;
  if (auto id = first_of('a', false)) return id;
  return first_of('c', true);
}

std::vector<EntityTable::EntityRef> EntityTable::named_by_indexed(const std::string& folded_text) const {
  std::vector<EntityRef> refs = decode_entity_refs(index_get(entity_index_key('n', folded_text)));
  for (const EntityRef& ref : decode_entity_refs(index_get(entity_index_key('c', without_spaces(folded_text))))) add_ref(refs, ref);
  return refs;
}

}  // namespace dossier
