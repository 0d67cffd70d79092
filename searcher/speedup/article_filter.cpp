#include "searcher/speedup/article_filter.h"

#include <algorithm>

#include "common/schema.h"
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
  if (!runs) return by_terms(part, *ids_);
  std::vector<Xapian::docid> docids;
  std::vector<std::string> ambiguous;
  std::vector<DocidRun> found;
  for (const std::string& id : *ids_) {
    found.clear();
    if (runs->runs_of(id, found) == ArticleLookup::Ambiguous) ambiguous.push_back(id);
    for (const DocidRun& run : found) {
      for (Xapian::docid docid = run.first; docid < run.end; ++docid) docids.push_back(docid);
    }
  }
  if (!ambiguous.empty()) {
    const std::vector<Xapian::docid> more = by_terms(part, ambiguous);
    docids.insert(docids.end(), more.begin(), more.end());
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
