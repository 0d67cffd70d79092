// The stored record: what each Xapian document's data holds, written by the indexer and read by
// the searcher. JSON, so that a record can be inspected with xapian-delve.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/passage.h"

namespace dossier {

struct PassageRecord {
  ArticleMeta article;
  Passage passage;
  SourceOrigin origin;
};

// origin: stored when its path is not empty ("origin": {"path", "line"}, a key older records lack).
std::string encode_record(const ArticleMeta& article, const Passage& passage, const SourceOrigin& origin = {});
// Throws dossier::Error when data is not a record this version wrote.
PassageRecord decode_record(std::string_view data);
// decode_record's two readers, exposed for tests: its own (nullopt for anything but the exact
// shape and syntax encode_record writes) and the reference, nlohmann's parser.
std::optional<PassageRecord> decode_record_fast(std::string_view data);
PassageRecord decode_record_nlohmann(std::string_view data);

// The JSON shapes shared by --dump-passages, the record and --json.
nlohmann::json attribution_json(const Attribution& attribution);
nlohmann::json mention_json(const EntityMention& mention);
nlohmann::json article_json(const ArticleMeta& article);

}  // namespace dossier
