#include "common/record.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_reader.h"

namespace dossier {

using nlohmann::json;

json attribution_json(const Attribution& attribution) {
  if (attribution.empty()) return nullptr;
  json out = {{"kind", attribution.kind}, {"text", attribution.text}};
  // Only where known: records and dumps of attributions without a speaker stay as they were.
  if (!attribution.speaker.empty()) {
    const Speaker& speaker = attribution.speaker;
    out["speaker"] = {{"id", speaker.id}, {"name", speaker.name}, {"resolved_from", speaker.resolved_from}};
  }
  if (attribution.unresolved) out["unresolved"] = true;
  return out;
}

json mention_json(const EntityMention& mention) {
  json out = {{"facet", mention.facet}, {"id", mention.id},   {"name", mention.name}, {"mention", mention.mention},
              {"begin", mention.begin}, {"end", mention.end}, {"rule", mention.rule}};
  // Only where true: records and dumps of gazetteer mentions stay as they were.
  if (mention.discovered) out["discovered"] = true;
  return out;
}

json article_json(const ArticleMeta& article) {
  return {{"id", article.id},         {"title", article.title}, {"date", article.date},
          {"source", article.source}, {"url", article.url},     {"lang", article.language},
          {"focus", article.focus_countries}};
}

std::string encode_record(const ArticleMeta& article, const Passage& passage, const SourceOrigin& origin) {
  json entities = json::array();
  for (const auto& mention : passage.entities) entities.push_back(mention_json(mention));
  json record = {{"article", article_json(article)},
                 {"index", passage.index},
                 {"text", passage.text},
                 {"attribution", attribution_json(passage.attribution)},
                 {"entities", std::move(entities)},
                 {"affiliations", passage.affiliations}};
  if (!origin.path.empty()) record["origin"] = {{"path", origin.path}, {"line", origin.line}};
  return record.dump();
}

namespace {

// Reads a record straight into PassageRecord, without building a JSON tree: the searcher decodes
// one record per hit shown, and the tree was 70 % of a rare word's top-10 query (callgrind). It
// accepts only the exact shape encode_record writes; anything else (an unknown key, a wrong type,
// a missing field) makes it give up, and decode_record falls back to the tree, which reads what
// it can or throws.
class RecordReader {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit RecordReader(PassageRecord& out) : out_(out) {}

  // True when every field encode_record writes was read, and nothing else.
  bool complete() const { return failed_ == false && (seen_ & ~kOrigin) == kAllRoot && article_seen_ == kAllArticle; }

  bool null() {
    if (top() == Context::Root && key_ == "attribution") return mark(seen_, kAttribution);
    return fail();
  }
  // Only "discovered": true, which a discovered entity's mention carries (false is never written).
  bool boolean(bool value) {
    if (top() == Context::Entity && key_ == "discovered" && value) {
      out_.passage.entities.back().discovered = true;
      return mark(entity_seen_, 1u << 7);
    }
    if (top() == Context::Attribution && key_ == "unresolved" && value) {
      out_.passage.attribution.unresolved = true;
      return mark(attribution_seen_, 8u);
    }
    return fail();
  }
  bool number_integer(number_integer_t value) { return value < 0 ? fail() : number_unsigned(static_cast<number_unsigned_t>(value)); }
  bool number_unsigned(number_unsigned_t value) {
    if (top() == Context::Root && key_ == "index") {
      out_.passage.index = static_cast<std::size_t>(value);
      return mark(seen_, kIndex);
    }
    if (top() == Context::Entity && key_ == "begin") {
      out_.passage.entities.back().begin = static_cast<std::size_t>(value);
      return mark(entity_seen_, 1u << 5);
    }
    if (top() == Context::Entity && key_ == "end") {
      out_.passage.entities.back().end = static_cast<std::size_t>(value);
      return mark(entity_seen_, 1u << 6);
    }
    if (top() == Context::Origin && key_ == "line") {
      out_.origin.line = static_cast<std::size_t>(value);
      return mark(origin_seen_, 2u);
    }
    return fail();
  }
  bool number_float(number_float_t, const string_t&) { return fail(); }
  bool binary(binary_t&) { return fail(); }

  bool string(string_t& value) {
    switch (top()) {
      case Context::Root:
        if (key_ != "text") return fail();
        out_.passage.text = std::move(value);
        return mark(seen_, kText);
      case Context::Article: {
        static const char* const keys[] = {"id", "title", "date", "source", "url", "lang"};
        std::string* const fields[] = {&out_.article.id,     &out_.article.title, &out_.article.date,
                                       &out_.article.source, &out_.article.url,   &out_.article.language};
        for (unsigned i = 0; i < 6; ++i) {
          if (key_ == keys[i]) {
            *fields[i] = std::move(value);
            return mark(article_seen_, 1u << i);
          }
        }
        return fail();
      }
      case Context::Origin:
        if (key_ == "path") return set(out_.origin.path, value, origin_seen_, 1u);
        return fail();
      case Context::Focus: out_.article.focus_countries.push_back(std::move(value)); return true;
      case Context::Affiliations: out_.passage.affiliations.push_back(std::move(value)); return true;
      case Context::Attribution:
        if (key_ == "kind") return set(out_.passage.attribution.kind, value, attribution_seen_, 1u);
        if (key_ == "text") return set(out_.passage.attribution.text, value, attribution_seen_, 2u);
        return fail();
      case Context::Speaker: {
        Speaker& speaker = out_.passage.attribution.speaker;
        if (key_ == "id") return set(speaker.id, value, speaker_seen_, 1u);
        if (key_ == "name") return set(speaker.name, value, speaker_seen_, 2u);
        if (key_ == "resolved_from") return set(speaker.resolved_from, value, speaker_seen_, 4u);
        return fail();
      }
      case Context::Entity: {
        EntityMention& mention = out_.passage.entities.back();
        static const char* const keys[] = {"facet", "id", "name", "mention", "rule"};
        std::string* const fields[] = {&mention.facet, &mention.id, &mention.name, &mention.mention, &mention.rule};
        for (unsigned i = 0; i < 5; ++i) {
          if (key_ == keys[i]) return set(*fields[i], value, entity_seen_, 1u << i);
        }
        return fail();
      }
      default: return fail();
    }
  }

  bool start_object(std::size_t) {
    if (stack_.empty()) return push(Context::Root);
    if (top() == Context::Root && key_ == "article") return mark(seen_, kArticle) && push(Context::Article);
    if (top() == Context::Root && key_ == "attribution") {
      attribution_seen_ = 0;
      return mark(seen_, kAttribution) && push(Context::Attribution);
    }
    if (top() == Context::Attribution && key_ == "speaker") {
      speaker_seen_ = 0;
      return mark(attribution_seen_, 4u) && push(Context::Speaker);
    }
    if (top() == Context::Root && key_ == "origin") {
      origin_seen_ = 0;
      return mark(seen_, kOrigin) && push(Context::Origin);
    }
    if (top() == Context::Entities) {
      out_.passage.entities.emplace_back();
      entity_seen_ = 0;
      return push(Context::Entity);
    }
    return fail();
  }
  bool end_object() {
    if (top() == Context::Entity && (entity_seen_ & 0x7F) != 0x7F) return fail();
    if (top() == Context::Attribution && (attribution_seen_ & 3u) != 3u) return fail();
    if (top() == Context::Speaker && speaker_seen_ != 7u) return fail();
    if (top() == Context::Origin && origin_seen_ != 3u) return fail();
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    if (top() == Context::Root && key_ == "entities") return mark(seen_, kEntities) && push(Context::Entities);
    if (top() == Context::Root && key_ == "affiliations") return mark(seen_, kAffiliations) && push(Context::Affiliations);
    if (top() == Context::Article && key_ == "focus") return mark(article_seen_, 1u << 6) && push(Context::Focus);
    return fail();
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool key(string_t& key) {
    key_ = std::move(key);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return fail(); }

 private:
  enum class Context { Root, Article, Focus, Attribution, Speaker, Entities, Entity, Affiliations, Origin };
  static constexpr unsigned kArticle = 1, kIndex = 2, kText = 4, kAttribution = 8, kEntities = 16, kAffiliations = 32;
  static constexpr unsigned kOrigin = 64;  // optional: records written before it lack it
  static constexpr unsigned kAllRoot = 63, kAllArticle = 127;

  Context top() const { return stack_.empty() ? Context::Root : stack_.back(); }
  bool push(Context context) {
    stack_.push_back(context);
    return true;
  }
  bool fail() {
    failed_ = true;
    return false;  // stops the parse
  }
  // A field seen twice is not what encode_record writes.
  bool mark(unsigned& seen, unsigned bit) {
    if ((seen & bit) != 0) return fail();
    seen |= bit;
    return true;
  }
  bool set(std::string& field, string_t& value, unsigned& seen, unsigned bit) {
    field = std::move(value);
    return mark(seen, bit);
  }

  PassageRecord& out_;
  std::vector<Context> stack_;
  std::string key_;
  unsigned seen_ = 0, article_seen_ = 0, attribution_seen_ = 0, speaker_seen_ = 0, entity_seen_ = 0, origin_seen_ = 0;
  bool failed_ = false;
};

PassageRecord decode_record_tree(std::string_view data) {
  try {
    const json record = json::parse(data);
    PassageRecord out;
    const json& article = record.at("article");
    out.article.id = article.at("id").get<std::string>();
    out.article.title = article.at("title").get<std::string>();
    out.article.date = article.at("date").get<std::string>();
    out.article.source = article.at("source").get<std::string>();
    out.article.url = article.at("url").get<std::string>();
    out.article.language = article.at("lang").get<std::string>();
    out.article.focus_countries = article.value("focus", std::vector<std::string>{});
    out.passage.index = record.at("index").get<std::size_t>();
    out.passage.text = record.at("text").get<std::string>();
    if (const json& attribution = record.at("attribution"); !attribution.is_null()) {
      Attribution& out_attribution = out.passage.attribution;
      out_attribution.kind = attribution.at("kind").get<std::string>();
      out_attribution.text = attribution.at("text").get<std::string>();
      if (const auto speaker = attribution.find("speaker"); speaker != attribution.end() && speaker->is_object()) {
        out_attribution.speaker = {speaker->value("id", std::string()), speaker->value("name", std::string()),
                                   speaker->value("resolved_from", std::string())};
      }
      out_attribution.unresolved = attribution.value("unresolved", false);
    }
    for (const json& e : record.at("entities")) {
      out.passage.entities.push_back({e.at("facet").get<std::string>(), e.at("id").get<std::string>(),
                                      e.at("name").get<std::string>(), e.at("mention").get<std::string>(),
                                      e.at("begin").get<std::size_t>(), e.at("end").get<std::size_t>(),
                                      e.at("rule").get<std::string>(), e.value("discovered", false)});
    }
    out.passage.affiliations = record.value("affiliations", std::vector<std::string>{});
    if (const auto origin = record.find("origin"); origin != record.end() && origin->is_object()) {
      out.origin = {origin->value("path", std::string()), origin->value("line", std::size_t{0})};
    }
    return out;
  } catch (const json::exception& e) {
    throw Error(std::string("corrupt passage record: ") + e.what());
  }
}

}  // namespace

std::optional<PassageRecord> decode_record_fast(std::string_view data) {
  PassageRecord out;
  RecordReader reader(out);
  if (StrictJsonReader(data).parse(reader) && reader.complete()) return out;
  return std::nullopt;
}

PassageRecord decode_record(std::string_view data) {
  if (std::optional<PassageRecord> record = decode_record_fast(data)) return std::move(*record);
  return decode_record_nlohmann(data);
}

PassageRecord decode_record_nlohmann(std::string_view data) {
  PassageRecord out;
  RecordReader reader(out);
  if (json::sax_parse(data, &reader) && reader.complete()) return out;
  return decode_record_tree(data);  // another shape: read what the tree can, or throw
}

}  // namespace dossier
