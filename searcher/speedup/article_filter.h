// Restricting a match to some articles (the whole-article ranking's restricted matches,
// searcher/article_rank.h) by docids read from the shard tables (searcher/speedup/shard_tables.h)
// instead of an OR of article terms: that OR looks up each article's term in every shard (a
// B-tree descent each, most of them finding nothing), half of a restricted match's time.
//
// Each is the right side of an OP_FILTER, adding no weight. A multi-shard match clones it for
// every part and init() finds that part's docids of the articles in its table, read from that
// very part, so at the revision the match sees; where a part has no table it looks the article
// terms up in that part, as the OR would. Either way the match is the OR's.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace dossier {

// A sorted list of a part's docids, weight 0.
class DocidListFilter : public Xapian::PostingSource {
 public:
  void init(const Xapian::Database& part) override;
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::docid get_docid() const override { return docids_[position_]; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && position_ >= docids_.size(); }

 protected:
  explicit DocidListFilter(std::shared_ptr<const std::vector<std::string>> ids) : ids_(std::move(ids)) {}
  // This part's docids of the articles ids_, in any order.
  virtual std::vector<Xapian::docid> docids_of(const Xapian::Database& part) const = 0;
  std::shared_ptr<const std::vector<std::string>> ids_;

 private:
  std::vector<Xapian::docid> docids_;
  std::size_t position_ = 0;
  bool started_ = false;
};

// Which of a filter's articles each passage it lets through belongs to, by docid of the whole
// database, as the filter's clones find them in their parts' tables: the caller then needs no
// value read (a collapse on the article id reads one per matching passage). A database
// directory interleaves its stub's parts, meta first and shard s as part s + 1
// (schema::kStubFile), so a passage's docid is (docid in its shard - 1) x parts + s + 2.
// Incomplete where a part's passages were found by their article terms (no table, or an article
// whose hash another shares) or a part with passages has no shard number.
struct PassageOwners {
  explicit PassageOwners(std::size_t parts) : parts(parts) {}
  const std::size_t parts;  // of the database matched (Xapian::Database::size())
  std::mutex mutex;         // the clones of one match may init in different threads
  std::unordered_map<Xapian::docid, std::size_t> article_of;  // index into the filter's ids
  bool complete = true;
};

// Over the passage shards: every passage of these articles (schema::article_term's documents),
// each told to `owners` where given.
class ArticlePassagesFilter : public DocidListFilter {
 public:
  explicit ArticlePassagesFilter(std::shared_ptr<const std::vector<std::string>> ids, std::shared_ptr<PassageOwners> owners = nullptr)
      : DocidListFilter(std::move(ids)), owners_(std::move(owners)) {}
  Xapian::PostingSource* clone() const override { return new ArticlePassagesFilter(ids_, owners_); }
  std::string get_description() const override;

 protected:
  std::vector<Xapian::docid> docids_of(const Xapian::Database& part) const override;

 private:
  std::shared_ptr<PassageOwners> owners_;
};

// Over the article shards: the article documents of these articles.
class ArticleDocumentsFilter : public DocidListFilter {
 public:
  explicit ArticleDocumentsFilter(std::shared_ptr<const std::vector<std::string>> ids) : DocidListFilter(std::move(ids)) {}
  Xapian::PostingSource* clone() const override { return new ArticleDocumentsFilter(ids_); }
  std::string get_description() const override;

 protected:
  std::vector<Xapian::docid> docids_of(const Xapian::Database& part) const override;
};

}  // namespace dossier
