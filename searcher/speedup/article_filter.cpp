#include "searcher/speedup/article_filter.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "common/schema.h"
#include "searcher/speedup/partition.h"
#include "searcher/speedup/shard_tables.h"

namespace dossier {

namespace {

// Without a table: the documents of each article's term in this part.
std::vector<Xapian::docid> by_terms(const Xapian::Database& part, const std::vector<std::string>& ids) {
  std::vector<Xapian::docid> docids;
  for (const std::string& id : ids) {
    const std::string term = schema::article_term(id);
    for (Xapian::PostingIterator it = part.postlist_begin(term); it != part.postlist_end(term); ++it) docids.push_back(*it);
  }
  return docids;
}

}  // namespace

void DocidListFilter::init(const Xapian::Database& part) {
  docids_ = docids_of(part);
  std::sort(docids_.begin(), docids_.end());
  docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
  position_ = 0;
  started_ = false;
}

void DocidListFilter::next(double) {
  if (!started_) {
    started_ = true;
  } else if (position_ < docids_.size()) {
    ++position_;
  }
}

void DocidListFilter::skip_to(Xapian::docid did, double) {
  started_ = true;
  position_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(position_), docids_.end(), did) -
                                       docids_.begin());
}

std::vector<Xapian::docid> ArticlePassagesFilter::docids_of(const Xapian::Database& part) const {
  const std::shared_ptr<const ArticleRuns> runs = article_runs(part);
  std::vector<Xapian::docid> docids;
  std::vector<std::string> ambiguous;
  std::vector<std::pair<Xapian::docid, std::size_t>> owned;  // (docid in this part, article index)
  if (runs) {
    std::vector<DocidRun> found;
    for (std::size_t i = 0; i < ids_->size(); ++i) {
      found.clear();
      if (runs->runs_of((*ids_)[i], found) == ArticleLookup::Ambiguous) ambiguous.push_back((*ids_)[i]);
      for (const DocidRun& run : found) {
        for (Xapian::docid docid = run.first; docid < run.end; ++docid) {
          docids.push_back(docid);
          if (owners_) owned.emplace_back(docid, i);
        }
      }
    }
  }
  const std::vector<Xapian::docid> by_term = by_terms(part, runs ? ambiguous : *ids_);
  docids.insert(docids.end(), by_term.begin(), by_term.end());
  if (owners_ && !docids.empty()) {
    const std::optional<std::size_t> shard = shard_number(part);
    const std::lock_guard<std::mutex> lock(owners_->mutex);
    if (!by_term.empty() || !shard) {
      owners_->complete = false;
    } else {
      const Xapian::docid parts = static_cast<Xapian::docid>(owners_->parts);
      const Xapian::docid position = static_cast<Xapian::docid>(*shard + 1);
      for (const auto& [docid, article] : owned) owners_->article_of.emplace((docid - 1) * parts + position + 1, article);
    }
  }
  return docids;
}

std::string ArticlePassagesFilter::get_description() const { return "ArticlePassagesFilter(" + std::to_string(ids_->size()) + " articles)"; }

std::vector<Xapian::docid> ArticleDocumentsFilter::docids_of(const Xapian::Database& part) const {
  const std::shared_ptr<const ArticleDocids> table = article_docids(part);
  if (!table) return by_terms(part, *ids_);
  std::vector<Xapian::docid> docids;
  for (const std::string& id : *ids_) {
    Xapian::docid docid = 0;
    if (table->docid_of(id, docid) == ArticleLookup::Found) docids.push_back(docid);
  }
  return docids;
}

std::string ArticleDocumentsFilter::get_description() const { return "ArticleDocumentsFilter(" + std::to_string(ids_->size()) + " articles)"; }

}  // namespace dossier
