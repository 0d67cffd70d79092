#include "indexer/article_owners.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace dossier {

namespace {

// The scan's relative id base, then the canonical path's trailing components added one at a
// time ("001" -> "business/001" -> "bbc/business/001" -> ...), all without extensions.
std::vector<std::string> base_candidates(const InputFile& file) {
  std::vector<std::string> candidates{file.id_base};
  std::vector<std::string> components;
  for (const auto& part : std::filesystem::path(file.canonical)) {
    const std::string text = part.string();
    if (!text.empty() && text != "/") components.push_back(text);
  }
  // The canonical path's last component still has its extensions; the relative base has the
  // same stem, so only the folders above are added.
  const std::size_t used = static_cast<std::size_t>(std::count(file.id_base.begin(), file.id_base.end(), '/')) + 1;
  std::string base = file.id_base;
  for (std::size_t k = used; k < components.size(); ++k) {
    base = components[components.size() - 1 - k] + "/" + base;
    candidates.push_back(base);
  }
  return candidates;
}

// Entries written before the base was stored: a plain file's one article has its default id
// (or an ID header's, which no default id may take either); a JSONL file's "BASE:LINE" ids
// name its base.
std::string legacy_base(const ManifestEntry& entry) {
  const auto format = format_for_path(entry.path);
  if (!format || entry.articles.empty()) return {};
  if (*format == InputFormat::Plain) return entry.articles.size() == 1 ? entry.articles.front().id : std::string();
  for (const auto& article : entry.articles) {
    const std::size_t colon = article.id.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == article.id.size()) continue;
    if (std::all_of(article.id.begin() + static_cast<std::ptrdiff_t>(colon) + 1, article.id.end(),
                    [](unsigned char c) { return std::isdigit(c) != 0; })) {
      return article.id.substr(0, colon);
    }
  }
  return {};
}

}  // namespace

ArticleOwners::ArticleOwners(const std::map<std::string, ManifestEntry>& manifest) {
  for (const auto& [path, entry] : manifest) {
    const std::uint32_t owner = intern(path);
    for (const auto& article : entry.articles) add(article.id, owner);
    const std::string base = entry.id_base.empty() ? legacy_base(entry) : entry.id_base;
    if (!base.empty()) {
      bases_.emplace(base, owner);
      base_by_owner_[owner] = base;
    }
  }
}

std::uint32_t ArticleOwners::intern(const std::string& path) {
  const auto [it, added] = path_index_.emplace(path, static_cast<std::uint32_t>(paths_.size()));
  if (added) paths_.push_back(path);
  return it->second;
}

void ArticleOwners::add(const std::string& id, std::uint32_t owner) {
  auto& list = owners_[id];
  if (std::find(list.begin(), list.end(), owner) == list.end()) list.push_back(owner);
}

void ArticleOwners::remove(const std::string& id, std::uint32_t owner) {
  const auto it = owners_.find(id);
  if (it == owners_.end()) return;
  auto& list = it->second;
  list.erase(std::remove(list.begin(), list.end(), owner), list.end());
  if (list.empty()) owners_.erase(it);
}

std::string ArticleOwners::choose_base(const InputFile& file, const ManifestEntry* previous) {
  const std::uint32_t owner = intern(file.canonical);
  const std::vector<std::string> candidates = base_candidates(file);
  std::string chosen;
  if (previous != nullptr && std::find(candidates.begin(), candidates.end(), previous->id_base) != candidates.end()) {
    chosen = previous->id_base;
  } else {
    chosen = candidates.back();  // the whole path: no other file has it
    for (const std::string& candidate : candidates) {
      const auto base = bases_.find(candidate);
      if (base != bases_.end() && base->second != owner) continue;
      // A plain file's default id is the base itself: another file's explicit id counts too.
      if (file.format == InputFormat::Plain && other_owner(candidate, file.canonical) != nullptr) continue;
      chosen = candidate;
      break;
    }
  }
  bases_[chosen] = owner;
  base_by_owner_[owner] = chosen;
  return chosen;
}

std::string ArticleOwners::base_of(const std::string& path) const {
  const auto index = path_index_.find(path);
  if (index == path_index_.end()) return {};
  const auto base = base_by_owner_.find(index->second);
  return base == base_by_owner_.end() ? std::string() : base->second;
}

const std::string* ArticleOwners::other_owner(const std::string& id, const std::string& path) const {
  const auto it = owners_.find(id);
  if (it == owners_.end()) return nullptr;
  for (const std::uint32_t owner : it->second) {
    if (paths_[owner] != path) return &paths_[owner];
  }
  return nullptr;
}

bool ArticleOwners::owns(const std::string& id, const std::string& path) const {
  const auto it = owners_.find(id);
  const auto index = path_index_.find(path);
  if (it == owners_.end() || index == path_index_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), index->second) != it->second.end();
}

void ArticleOwners::update(const ManifestEntry& entry, const std::vector<ManifestArticle>& previous) {
  const std::uint32_t owner = intern(entry.path);
  for (const auto& article : previous) remove(article.id, owner);
  for (const auto& article : entry.articles) add(article.id, owner);
}

void ArticleOwners::release(const std::string& path, const std::vector<ManifestArticle>& articles, const std::string& id_base) {
  const std::uint32_t owner = intern(path);
  for (const auto& article : articles) remove(article.id, owner);
  const auto base = bases_.find(id_base);
  if (base != bases_.end() && base->second == owner) bases_.erase(base);
  base_by_owner_.erase(owner);
}

}  // namespace dossier
