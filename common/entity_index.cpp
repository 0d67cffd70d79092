#include "common/entity_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "common/json_reader.h"

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
  nlohmann::json record{{"name", info.name},
                        {"names", info.folded_names},
                        {"parent", info.parent},
                        {"type", info.type},
                        {"discovered", info.discovered}};
  if (info.own_names != EntityInfo::kAllOwn) record["own"] = info.own_names;
  return record.dump();
}

namespace {

// encode_entity_record's object read straight into an EntityInfo, without building a JSON tree:
// a one-shot search reads a record for every facet value that may make the top (hundreds for a
// rare word, whose values mostly tie at one article), and the tree's allocations were most of a
// record's cost. Any other shape is an error, as the tree's at() / get<>() checks made it.
class RecordReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  RecordReader(EntityInfo& info, RecordNames names) : info_(info), names_(names) {}

  // StrictJsonReader checks the names without copying them when they are not wanted.
  bool keeps_string() const { return !(in_names_ && names_ == RecordNames::Skip); }

  bool key(string_t& name) override {
    if (depth_ != 1) return fail("a nested object");
    field_ = name == "name" ? Field::Name
             : name == "names" ? Field::Names
             : name == "parent" ? Field::Parent
             : name == "type" ? Field::Type
             : name == "discovered" ? Field::Discovered
             : name == "own"        ? Field::Own
                                    : Field::Other;
    if (field_ != Field::Other) seen_ |= 1U << static_cast<unsigned>(field_);
    return true;
  }
  bool string(string_t& value) override {
    if (in_names_) {
      if (names_ == RecordNames::Read) info_.folded_names.push_back(std::move(value));
      return true;
    }
    if (depth_ != 1) return fail("a string outside the record");
    switch (field_) {
      case Field::Name: info_.name = std::move(value); return true;
      case Field::Parent: info_.parent = std::move(value); return true;
      case Field::Type: info_.type = std::move(value); return true;
      case Field::Other: return true;
      default: return fail("a string where another type belongs");
    }
  }
  bool boolean(bool value) override {
    if (depth_ == 1 && field_ == Field::Discovered) {
      info_.discovered = value;
      return true;
    }
    return other();
  }
  bool start_object(std::size_t) override {
    if (depth_ != 0) return fail("a nested object");
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ != 1 || field_ != Field::Names || in_names_) return other();
    in_names_ = true;
    return true;
  }
  bool end_array() override {
    in_names_ = false;
    return true;
  }
  bool null() override { return other(); }
  bool number_integer(number_integer_t value) override {
    return value >= 0 ? number_unsigned(static_cast<number_unsigned_t>(value)) : other();
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (depth_ == 1 && field_ == Field::Own && !in_names_) {
      info_.own_names = static_cast<std::size_t>(value);
      return true;
    }
    return other();
  }
  bool number_float(number_float_t, const string_t&) override { return other(); }
  bool binary(binary_t&) override { return other(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    problem_ = "at byte " + std::to_string(position) + ": " + e.what();
    return false;
  }

  // Every field present, with its type: the message when not.
  std::string problem() const {
    if (!problem_.empty()) return problem_;
    for (const auto& [field, name] : {std::pair{Field::Name, "name"}, {Field::Names, "names"}, {Field::Parent, "parent"},
                                      {Field::Type, "type"}, {Field::Discovered, "discovered"}}) {
      if ((seen_ & (1U << static_cast<unsigned>(field))) == 0) return std::string("no '") + name + "' field";
    }
    return {};
  }

 private:
  enum class Field : unsigned { Name, Names, Parent, Type, Discovered, Own, Other };  // Own: optional
  // A value of another field (encode_entity_record writes none) is skipped only when it is flat.
  bool other() { return field_ == Field::Other && depth_ == 1 && !in_names_ ? true : fail("a value of the wrong type"); }
  bool fail(const char* what) {
    problem_ = std::string(what) + " in the record";
    return false;
  }

  EntityInfo& info_;
  RecordNames names_;
  int depth_ = 0;
  Field field_ = Field::Other;
  bool in_names_ = false;
  unsigned seen_ = 0;
  std::string problem_;
};

}  // namespace

EntityInfo decode_entity_record(const std::string& value, RecordNames names) {
  {
    // What encode_entity_record writes, read without nlohmann's lexer (json_reader.h); anything
    // else, nlohmann reads afresh, for the same result or its error.
    EntityInfo info;
    RecordReader reader(info, names);
    if (StrictJsonReader(value).parse(reader) && reader.problem().empty()) return info;
  }
  EntityInfo info;
  RecordReader reader(info, names);
  const bool parsed = nlohmann::json::sax_parse(value, &reader);
  const std::string problem = reader.problem();
  if (!parsed || !problem.empty()) {
    throw DatabaseError("corrupt entity index in the database metadata: " + (problem.empty() ? std::string("unreadable record") : problem));
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

const EntityInfo* EntityTable::whole_entry(char code, const std::string& id) const {
  const auto facet_it = entries_.find(code);
  if (facet_it == entries_.end()) return nullptr;
  const auto it = facet_it->second.find(id);
  return it == facet_it->second.end() ? nullptr : &it->second;
}

std::string EntityTable::entity_record(const std::string& local) const {
  if (absent_.count(local) > 0) return {};
  std::string record = index_get(entity_index_key('e', local));
  if (record.empty()) absent_.insert(local);
  return record;
}

const EntityInfo* EntityTable::find_indexed(schema::Facet facet, const std::string& id) const {
  const char code = static_cast<char>(facet);
  if (const EntityInfo* whole = whole_entry(code, id)) return whole;
  const std::string record = entity_record(std::string(1, code) + id);
  if (record.empty()) return nullptr;
  return &entries_[code].emplace(id, decode_entity_record(record)).first->second;
}

const EntityInfo* EntityTable::find_without_names_indexed(schema::Facet facet, const std::string& id) const {
  const char code = static_cast<char>(facet);
  if (const EntityInfo* whole = whole_entry(code, id)) return whole;
  std::string local = std::string(1, code) + id;
  if (const auto it = without_names_.find(local); it != without_names_.end()) return &it->second;
  const std::string record = entity_record(local);
  if (record.empty()) return nullptr;
  return &without_names_.emplace(std::move(local), decode_entity_record(record, RecordNames::Skip)).first->second;
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
