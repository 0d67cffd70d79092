#include "indexer/manifest.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "common/error.h"
#include "common/schema.h"

namespace dossier {

std::string manifest_key(const std::string& canonical_path) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(schema::fnv1a64(canonical_path)));
  return std::string(schema::kMetaManifestPrefix) + hex;
}

std::string encode_manifest(const ManifestEntry& entry) {
  nlohmann::json articles = nlohmann::json::array();
  // [id, hash] or [id, hash, run]: entries of format 7 have no run, and read back as run 0.
  for (const auto& article : entry.articles) {
    articles.push_back(article.run > 0 ? nlohmann::json{article.id, article.hash, article.run} : nlohmann::json{article.id, article.hash});
  }
  return nlohmann::json{{"path", entry.path},
                        {"size", entry.size},
                        {"mtime_ns", entry.mtime_ns},
                        {"problems", entry.problems},
                        {"id_base", entry.id_base},
                        {"articles", std::move(articles)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ManifestEntry decode_manifest(const std::string& json) {
  try {
    const auto value = nlohmann::json::parse(json);
    ManifestEntry entry;
    entry.path = value.at("path").get<std::string>();
    entry.size = value.at("size").get<std::uint64_t>();
    entry.mtime_ns = value.at("mtime_ns").get<std::int64_t>();
    entry.problems = value.at("problems").get<std::size_t>();
    entry.id_base = value.value("id_base", std::string());
    for (const auto& article : value.at("articles")) {
      entry.articles.push_back({article.at(0).get<std::string>(), article.at(1).get<std::uint64_t>(),
                                article.size() > 2 ? article.at(2).get<std::uint64_t>() : 0});
    }
    return entry;
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string("damaged manifest entry: ") + e.what());
  }
}

std::map<std::string, ManifestEntry> load_manifest(Xapian::Database& meta) {
  std::map<std::string, ManifestEntry> entries;
  const std::string prefix(schema::kMetaManifestPrefix);
  for (auto it = meta.metadata_keys_begin(prefix); it != meta.metadata_keys_end(prefix); ++it) {
    ManifestEntry entry = decode_manifest(meta.get_metadata(*it));
    entries[entry.path] = std::move(entry);
  }
  return entries;
}

ManifestDiff::ManifestDiff(const ManifestEntry* previous) {
  if (previous == nullptr) return;
  for (const auto& article : previous->articles) previous_[article.id] = {article.hash, article.run};
}

bool ManifestDiff::note(const std::string& id, std::uint64_t hash, std::uint64_t run) {
  const auto found = previous_.find(id);
  const bool unchanged = found != previous_.end() && found->second.first == hash;
  last_run_ = unchanged ? found->second.second : run;
  const auto [position, added] = positions_.emplace(id, articles_.size());
  if (added) {
    articles_.push_back({id, hash, last_run_});
  } else {
    articles_[position->second].hash = hash;
    articles_[position->second].run = last_run_;
  }
  return unchanged;
}

std::vector<std::string> ManifestDiff::removed() const {
  std::vector<std::string> ids;
  for (const auto& article : removed_articles()) ids.push_back(article.id);
  return ids;
}

std::vector<ManifestArticle> ManifestDiff::removed_articles() const {
  // In previous_'s hash order, as the run has always sent these deletes (each is a different
  // article, so the order changes nothing on disk).
  std::vector<ManifestArticle> articles;
  for (const auto& item : previous_) {
    if (positions_.count(item.first) == 0) articles.push_back({item.first, item.second.first, item.second.second});
  }
  return articles;
}

}  // namespace dossier
